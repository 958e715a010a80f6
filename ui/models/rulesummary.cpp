#include "ui/models/rulesummary.h"

#include <QCoreApplication>
#include <QStringList>

#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("RuleSummary", text); }

QString joined(const std::vector<std::string>& values) {
    QStringList parts;
    for (const auto& v : values) parts << toQString(v);
    return parts.join(QStringLiteral(", "));
}

QString range(const core::Predicate& p, const QString& unit) {
    if (p.min && p.max) return QStringLiteral("%1–%2 %3").arg(*p.min).arg(*p.max).arg(unit);
    if (p.min) return QStringLiteral("≥ %1 %2").arg(*p.min).arg(unit);
    if (p.max) return QStringLiteral("≤ %1 %2").arg(*p.max).arg(unit);
    return tr("any number of %1").arg(unit);
}

QString number(double value) { return QString::number(value, 'g', 15); }

}  // namespace

QString predicateKindLabel(core::PredicateKind kind) {
    using K = core::PredicateKind;
    switch (kind) {
        case K::Always:
            return tr("Always");
        case K::All:
            return tr("All of");
        case K::Any:
            return tr("Any of");
        case K::Not:
            return tr("Not");
        case K::Endpoint:
            return tr("Endpoint");
        case K::UserPlan:
            return tr("User plan");
        case K::TaskType:
            return tr("Task type");
        case K::Meta:
            return tr("Metadata");
        case K::InputTokens:
            return tr("Input tokens");
        case K::OutputTokens:
            return tr("Output tokens");
        case K::Keywords:
            return tr("Keywords");
        case K::Regex:
            return tr("Regex");
        case K::CodeBlock:
            return tr("Code block");
        case K::Turns:
            return tr("Turns");
        case K::JsonMode:
            return tr("JSON mode");
        case K::Tools:
            return tr("Tools");
    }
    return {};
}

QString actionKindLabel(core::ActionKind kind) {
    switch (kind) {
        case core::ActionKind::Tier:
            return tr("Send to tier");
        case core::ActionKind::Model:
            return tr("Send to model");
        case core::ActionKind::Split:
            return tr("Weighted split");
        case core::ActionKind::Reject:
            return tr("Reject");
    }
    return {};
}

QString metaOpLabel(core::MetaOp op) {
    using O = core::MetaOp;
    switch (op) {
        case O::Exists:
            return tr("exists");
        case O::Equals:
            return tr("equals");
        case O::In:
            return tr("is one of");
        case O::Glob:
            return tr("matches glob");
        case O::Gt:
            return QStringLiteral(">");
        case O::Gte:
            return QStringLiteral("≥");
        case O::Lt:
            return QStringLiteral("<");
        case O::Lte:
            return QStringLiteral("≤");
    }
    return {};
}

QString checkKindLabel(core::CheckKind kind) {
    using C = core::CheckKind;
    switch (kind) {
        case C::ValidJson:
            return tr("Valid JSON");
        case C::JsonSchema:
            return tr("JSON schema");
        case C::MinLength:
            return tr("Minimum length");
        case C::MaxLength:
            return tr("Maximum length");
        case C::Contains:
            return tr("Contains text");
        case C::Regex:
            return tr("Matches regex");
        case C::NoRefusal:
            return tr("No refusal");
        case C::MeanLogprob:
            return tr("Mean log-probability");
    }
    return {};
}

QString predicateSummary(const core::Predicate& p) {
    using K = core::PredicateKind;
    switch (p.kind) {
        case K::Always:
            return tr("always");
        case K::All:
            return QCoreApplication::translate("RuleSummary", "all of %n condition(s)", nullptr,
                                               static_cast<int>(p.children.size()));
        case K::Any:
            return QCoreApplication::translate("RuleSummary", "any of %n condition(s)", nullptr,
                                               static_cast<int>(p.children.size()));
        case K::Not:
            return tr("not");
        case K::Endpoint:
            return tr("endpoint %1").arg(joined(p.values));
        case K::UserPlan:
            return tr("plan %1").arg(joined(p.values));
        case K::TaskType:
            return tr("task %1").arg(joined(p.values));
        case K::Meta: {
            const QString key = toQString(p.key);
            switch (p.metaOp) {
                case core::MetaOp::Exists:
                    return tr("%1 exists").arg(key);
                case core::MetaOp::In:
                    return tr("%1 in %2").arg(key, joined(p.values));
                case core::MetaOp::Equals:
                case core::MetaOp::Glob:
                    return QStringLiteral("%1 %2 %3").arg(key, metaOpLabel(p.metaOp), joined(p.values));
                default:
                    return QStringLiteral("%1 %2 %3").arg(key, metaOpLabel(p.metaOp), number(p.number));
            }
        }
        case K::InputTokens:
            return tr("input %1").arg(range(p, tr("tokens")));
        case K::OutputTokens:
            return tr("output %1").arg(range(p, tr("tokens")));
        case K::Keywords:
            return tr("keywords %1 (%2)").arg(joined(p.values), p.matchAll ? tr("all") : tr("any"));
        case K::Regex:
            return tr("regex /%1/").arg(p.values.empty() ? QString() : toQString(p.values.front()));
        case K::CodeBlock:
            return p.flag ? tr("has a code block") : tr("no code block");
        case K::Turns:
            return tr("turns %1").arg(range(p, tr("user messages")));
        case K::JsonMode:
            return p.flag ? tr("JSON mode") : tr("not JSON mode");
        case K::Tools:
            return p.flag ? tr("has tools") : tr("no tools");
    }
    return {};
}

QString conditionSummary(const core::Predicate& p, int maxChars) {
    using K = core::PredicateKind;
    QString text;
    if (p.kind == K::All || p.kind == K::Any) {
        QStringList parts;
        for (const auto& child : p.children) parts << conditionSummary(child, maxChars);
        if (parts.isEmpty()) return p.kind == K::All ? tr("always") : tr("never");
        text = parts.size() == 1 ? parts.front()
                                 : QStringLiteral("(%1)").arg(parts.join(p.kind == K::All ? tr(" and ") : tr(" or ")));
    } else if (p.kind == K::Not) {
        text = tr("not %1").arg(p.children.empty() ? QString() : conditionSummary(p.children.front(), maxChars));
    } else {
        text = predicateSummary(p);
    }
    if (text.size() > maxChars) text = text.left(maxChars - 1) + QChar(0x2026);
    return text;
}

QString actionSummary(const core::RuleAction& a) {
    switch (a.kind) {
        case core::ActionKind::Tier:
            return tr("→ tier %1").arg(toQString(a.tier));
        case core::ActionKind::Model:
            return tr("→ model %1").arg(toQString(a.model));
        case core::ActionKind::Split: {
            QStringList parts;
            for (const auto& t : a.split) parts << QStringLiteral("%1 %2").arg(toQString(t.model)).arg(t.weight);
            return tr("→ split %1").arg(parts.join(QStringLiteral(" / ")));
        }
        case core::ActionKind::Reject:
            return tr("→ reject");
    }
    return {};
}

}  // namespace switchyard::ui
