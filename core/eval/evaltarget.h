#pragma once
// What an eval run sends each item to: one model, one tier (its primary, then its fallbacks on
// errors) or the workspace's policy (its decision, fallbacks and cascade). Written "model:ID",
// "tier:NAME" or "policy"; a bare name is a tier when the workspace has one, else a model.

#include <string>
#include <string_view>

#include "core/common/result.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct EvalTarget {
    enum class Kind { Model, Tier, Policy };
    Kind kind = Kind::Policy;
    std::string name;  // the model id or tier name; empty for the policy
    [[nodiscard]] std::string id() const;
    bool operator==(const EvalTarget&) const = default;
};

Result<EvalTarget> parseEvalTarget(std::string_view text, const Workspace& workspace);

}  // namespace switchyard::core
