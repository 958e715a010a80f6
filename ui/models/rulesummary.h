#pragma once
// One line of text per rule condition and action, as the rule list and the condition tree show
// them ("regex /sk-[a-z]+/", "endpoint /tickets/*", "all of 2 conditions").

#include <QString>

#include "core/workspace/policyspec.h"

namespace switchyard::ui {

// The names a user picks from, in the order the editors list them.
QString predicateKindLabel(core::PredicateKind kind);
QString actionKindLabel(core::ActionKind kind);
QString metaOpLabel(core::MetaOp op);
QString checkKindLabel(core::CheckKind kind);

// "keywords invoice, refund (any)"; a group names its children's count, not their text.
QString predicateSummary(const core::Predicate& predicate);
// The whole condition tree on one line, groups included, shortened to about `maxChars`.
QString conditionSummary(const core::Predicate& predicate, int maxChars = 80);
// "→ tier complex", "→ split gpt-a 90 / gpt-b 10", "→ reject".
QString actionSummary(const core::RuleAction& action);

}  // namespace switchyard::ui
