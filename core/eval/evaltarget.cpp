#include "core/eval/evaltarget.h"

namespace switchyard::core {

std::string EvalTarget::id() const {
    switch (kind) {
        case Kind::Model:
            return "model:" + name;
        case Kind::Tier:
            return "tier:" + name;
        case Kind::Policy:
            return "policy";
    }
    return "policy";
}

Result<EvalTarget> parseEvalTarget(std::string_view text, const Workspace& ws) {
    auto problem = [&](std::string m) { return Problem{"", 0, 0, "--targets", std::move(m)}; };
    if (text == "policy") return EvalTarget{EvalTarget::Kind::Policy, ""};
    if (text.starts_with("tier:")) {
        const std::string name(text.substr(5));
        if (!ws.findTier(name)) return problem("the workspace has no tier \"" + name + "\"");
        return EvalTarget{EvalTarget::Kind::Tier, name};
    }
    if (text.starts_with("model:")) {
        const std::string name(text.substr(6));
        if (name.empty()) return problem("\"model:\" needs a model id");
        return EvalTarget{EvalTarget::Kind::Model, name};
    }
    if (text.empty()) return problem("an empty target; use policy, tier:NAME or model:ID");
    if (ws.findTier(text)) return EvalTarget{EvalTarget::Kind::Tier, std::string(text)};
    if (ws.catalog.find(std::string(text)) || ws.providerFor(text))
        return EvalTarget{EvalTarget::Kind::Model, std::string(text)};
    return problem("\"" + std::string(text) +
                   "\" is neither a tier nor a catalog model of the workspace; use policy, tier:NAME or model:ID");
}

}  // namespace switchyard::core
