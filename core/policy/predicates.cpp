#include <algorithm>
#include <charconv>

#include "core/policy/policyimpl.h"

namespace switchyard::core {
namespace {

std::optional<double> parseNumber(std::string_view s) {
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
    return v;
}

}  // namespace

CompiledPredicate compilePredicate(const Predicate& p) {
    CompiledPredicate c;
    c.kind = p.kind;
    c.key = p.key;
    c.metaOp = p.metaOp;
    c.values = p.values;
    c.number = p.number;
    c.min = p.min.value_or(0);
    c.max = p.max.value_or(INT64_MAX);
    c.matchAll = p.matchAll;
    c.flag = p.flag;
    if (p.kind == PredicateKind::Keywords)
        for (auto& v : c.values) v = toLowerAscii(v);
    if (p.kind == PredicateKind::Regex && !p.values.empty()) {
        RE2::Options opts;
        opts.set_log_errors(false);
        c.regex = std::make_shared<const RE2>(p.values.front(), opts);
        auto filter = std::make_shared<re2::FilteredRE2>(2);
        int id = 0;
        if (c.regex->ok() && filter->Add(p.values.front(), opts, &id) == RE2::NoError) {
            std::vector<std::string> atoms;
            filter->Compile(&atoms);
            const bool ascii = std::all_of(atoms.begin(), atoms.end(), [](const std::string& a) {
                return !a.empty() &&
                       std::all_of(a.begin(), a.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
            });
            if (!atoms.empty() && ascii) {
                c.prefilter = std::move(filter);
                c.atoms = std::move(atoms);
            }
        }
    }
    for (const auto& child : p.children) c.children.push_back(compilePredicate(child));
    return c;
}

bool matches(const CompiledPredicate& p, RouteContext& ctx) {
    const Request& req = ctx.request();
    switch (p.kind) {
        case PredicateKind::Always:
            return true;
        case PredicateKind::All:
            for (const auto& c : p.children)
                if (!matches(c, ctx)) return false;
            return true;
        case PredicateKind::Any:
            for (const auto& c : p.children)
                if (matches(c, ctx)) return true;
            return false;
        case PredicateKind::Not:
            return p.children.empty() || !matches(p.children.front(), ctx);
        case PredicateKind::Endpoint:
            return anyGlob(p.values, req.endpoint);
        case PredicateKind::UserPlan:
            return anyGlob(p.values, req.userPlan);
        case PredicateKind::TaskType:
            return anyGlob(p.values, req.taskType);
        case PredicateKind::Meta: {
            auto value = req.meta(p.key);
            if (!value) return false;
            switch (p.metaOp) {
                case MetaOp::Exists:
                    return true;
                case MetaOp::Equals:
                    return !p.values.empty() && *value == p.values.front();
                case MetaOp::In:
                    return std::find(p.values.begin(), p.values.end(), *value) != p.values.end();
                case MetaOp::Glob:
                    return !p.values.empty() && globMatch(p.values.front(), *value);
                default:
                    break;
            }
            auto n = parseNumber(*value);
            if (!n) return false;
            switch (p.metaOp) {
                case MetaOp::Gt:
                    return *n > p.number;
                case MetaOp::Gte:
                    return *n >= p.number;
                case MetaOp::Lt:
                    return *n < p.number;
                case MetaOp::Lte:
                    return *n <= p.number;
                default:
                    return false;
            }
        }
        case PredicateKind::InputTokens: {
            const std::int64_t n = ctx.ruleTokens().tokens;
            return n >= p.min && n <= p.max;
        }
        case PredicateKind::OutputTokens: {
            if (!req.options.maxOutputTokens) return false;
            const std::int64_t n = *req.options.maxOutputTokens;
            return n >= p.min && n <= p.max;
        }
        case PredicateKind::Keywords: {
            const std::string& text = ctx.lowerText();
            for (const auto& w : p.values) {
                const bool found = containsWholeWord(text, w);
                if (p.matchAll && !found) return false;
                if (!p.matchAll && found) return true;
            }
            return p.matchAll;
        }
        case PredicateKind::Regex: {
            if (!p.regex || !p.regex->ok()) return false;
            if (p.prefilter) {
                std::vector<int> found;
                const std::string_view text = ctx.text();
                for (size_t i = 0; i < p.atoms.size(); ++i)
                    if (containsIgnoringAsciiCase(text, p.atoms[i])) found.push_back(static_cast<int>(i));
                std::vector<int> potential;
                p.prefilter->AllPotentials(found, &potential);
                if (potential.empty()) return false;
            }
            return RE2::PartialMatch(ctx.text(), *p.regex);
        }
        case PredicateKind::CodeBlock:
            return (ctx.text().find("```") != std::string_view::npos) == p.flag;
        case PredicateKind::Turns: {
            const std::int64_t n = req.userTurns();
            return n >= p.min && n <= p.max;
        }
        case PredicateKind::JsonMode:
            return req.options.jsonMode == p.flag;
        case PredicateKind::Tools:
            return req.options.toolsPresent == p.flag;
    }
    return false;
}

}  // namespace switchyard::core
