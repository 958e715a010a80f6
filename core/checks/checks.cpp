#include "core/checks/checks.h"

#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/common/utf8text.h"

namespace switchyard::core {
namespace {

using json = nlohmann::json;

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

}  // namespace

std::string CheckReport::firstFailure() const {
    for (const auto& r : results)
        if (!r.passed) return std::string(checkKindName(r.kind)) + ": " + r.message;
    return {};
}

const std::vector<std::string>& defaultRefusalPhrases() {
    static const std::vector<std::string> phrases{
        "i can't help with",      "i cannot help with",       "i can't assist",     "i cannot assist",
        "i'm sorry, but i can't", "i am sorry, but i cannot", "i'm unable to",      "i am unable to",
        "i'm not able to",        "i am not able to",         "i won't be able to", "as an ai language model",
    };
    return phrases;
}

CheckResult runCheck(const CheckSpec& c, const Answer& a) {
    CheckResult r{c.kind, true, {}};
    auto fail = [&r](std::string m) {
        r.passed = false;
        r.message = std::move(m);
        return r;
    };
    switch (c.kind) {
        case CheckKind::ValidJson: {
            ParsedJson j = parseJsonText(a.text);
            if (!j.ok()) return fail("the answer is not valid JSON (" + j.error->message + ")");
            return r;
        }
        case CheckKind::JsonSchema: {
            // Both through the depth-limited parser: validateAt recurses on the schema and the answer.
            ParsedJson j = parseJsonText(a.text);
            if (!j.ok()) return fail("the answer is not valid JSON (" + j.error->message + ")");
            ParsedJson schema = parseJsonText(c.text);
            if (!schema.ok()) return fail("the check's schema is not valid JSON (" + schema.error->message + ")");
            if (auto e = validateJsonSchema(schema.value, j.value); !e.empty()) return fail(e);
            return r;
        }
        case CheckKind::MinLength: {
            const size_t n = utf8CodePoints(a.text);
            if (static_cast<double>(n) < c.number)
                return fail(std::to_string(n) + " characters, expected at least " +
                            std::to_string(static_cast<std::int64_t>(c.number)));
            return r;
        }
        case CheckKind::MaxLength: {
            const size_t n = utf8CodePoints(a.text);
            if (static_cast<double>(n) > c.number)
                return fail(std::to_string(n) + " characters, expected at most " +
                            std::to_string(static_cast<std::int64_t>(c.number)));
            return r;
        }
        case CheckKind::Contains: {
            const bool found = c.caseSensitive ? a.text.find(c.text) != std::string::npos
                                               : lower(a.text).find(lower(c.text)) != std::string::npos;
            if (!found) return fail("the answer does not contain \"" + c.text + "\"");
            return r;
        }
        case CheckKind::Regex: {
            RE2 re(c.text, RE2::Quiet);
            if (!re.ok()) return fail("invalid regular expression");
            if (!RE2::PartialMatch(a.text, re)) return fail("the answer does not match /" + c.text + "/");
            return r;
        }
        case CheckKind::NoRefusal: {
            const std::string text = lower(a.text);
            const auto& phrases = c.phrases.empty() ? defaultRefusalPhrases() : c.phrases;
            for (const auto& p : phrases)
                if (text.find(lower(p)) != std::string::npos) return fail("the answer refuses (\"" + p + "\")");
            return r;
        }
        case CheckKind::MeanLogprob: {
            if (!a.tokenLogprobs || a.tokenLogprobs->empty()) {
                r.message = "no logprobs returned; skipped";
                return r;
            }
            const double mean = std::accumulate(a.tokenLogprobs->begin(), a.tokenLogprobs->end(), 0.0) /
                                static_cast<double>(a.tokenLogprobs->size());
            if (mean < c.number)
                return fail("mean token logprob " + std::to_string(mean) + " is below " + std::to_string(c.number));
            return r;
        }
    }
    return r;
}

CheckReport runChecks(const std::vector<CheckSpec>& checks, const Answer& answer) {
    CheckReport report;
    for (const auto& c : checks) {
        report.results.push_back(runCheck(c, answer));
        report.passed = report.passed && report.results.back().passed;
    }
    return report;
}

}  // namespace switchyard::core
