#pragma once
// What one column of the Compare panel calls: a model alone, a tier (its primary, then its
// fallbacks on errors) or the policy (the engine's whole decision: rules, classifier,
// threshold, cascade, fallbacks). Values; a key string for settings.

#include <QString>
#include <optional>
#include <vector>

#include "core/workspace/workspace.h"

namespace switchyard::ui {

struct CompareTarget {
    enum class Kind { Policy, Tier, Model };
    Kind kind = Kind::Policy;
    QString name;  // the tier or model id; empty for the policy

    // "policy", "tier:<name>", "model:<id>".
    [[nodiscard]] QString key() const;
    static std::optional<CompareTarget> fromKey(const QString& key);
    // "The policy", "Tier simple", "gpt-4.1-mini".
    [[nodiscard]] QString label() const;
    // Whether the workspace still has what the target names.
    [[nodiscard]] bool existsIn(const core::Workspace& workspace) const;
    bool operator==(const CompareTarget&) const = default;
};

inline constexpr int kMinCompareColumns = 2;
inline constexpr int kMaxCompareColumns = 6;

// Every target a column can choose, in menu order: the policy, each tier, each catalog model.
std::vector<CompareTarget> availableTargets(const core::Workspace& workspace);
// "Policy vs baseline": what the policy picks against the policy's baseline model.
std::vector<CompareTarget> policyVsBaseline(const core::Workspace& workspace);
// "Each tier's primary": the primary model of every tier, cheapest first (at most six).
std::vector<CompareTarget> eachTiersPrimary(const core::Workspace& workspace);

}  // namespace switchyard::ui
