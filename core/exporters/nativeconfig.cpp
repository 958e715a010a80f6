#include "core/exporters/nativeconfig.h"

#include <algorithm>
#include <set>

#include "core/common/files.h"
#include "core/version.h"

namespace switchyard::core {
namespace {

std::set<std::string> modelsRoutingUses(const Workspace& ws) {
    std::set<std::string> used;
    for (const auto& t : ws.tiers) {
        used.insert(t.primary);
        used.insert(t.fallbacks.begin(), t.fallbacks.end());
    }
    const PolicySpec& p = ws.policy;
    for (const auto& rule : p.rules) {
        if (rule.action.kind == ActionKind::Model) used.insert(rule.action.model);
        for (const auto& target : rule.action.split) used.insert(target.model);
    }
    if (p.classifier.kind == ClassifierKind::Llm && !p.classifier.llm.model.empty())
        used.insert(p.classifier.llm.model);
    for (const auto& a : p.adaptations)
        if (!a.model.empty()) used.insert(a.model);
    for (const auto& l : p.latency) used.insert(l.model);
    if (!p.baselineModel.empty()) used.insert(p.baselineModel);
    return used;
}

}  // namespace

Workspace routingPartsOf(const Workspace& ws, std::vector<ExportWarning>& warnings) {
    const std::set<std::string> used = modelsRoutingUses(ws);
    Workspace out;
    out.name = ws.name;
    out.description = ws.description;
    for (const auto& m : ws.catalog.models())
        if (used.count(m.id)) out.catalog.models().push_back(m);
    out.tiers = ws.tiers;
    out.policy = ws.policy;
    std::string embeddingProvider;
    if (ws.policy.classifier.kind == ClassifierKind::Embedding && ws.policy.classifier.embedding)
        embeddingProvider = ws.policy.classifier.embedding->provider;
    for (size_t i = 0; i < ws.providers.size(); ++i) {
        ProviderConfig p = ws.providers[i];
        std::erase_if(p.models, [&used](const std::string& id) { return !used.count(id); });
        if (p.models.empty() && p.name != embeddingProvider) continue;
        if (p.keyEnv.empty() && !p.keychainEntry.empty())
            warnings.push_back({"/providers/" + std::to_string(i) + "/keychain",
                                "provider \"" + p.name +
                                    "\" names its key only by a keychain entry, which production cannot read; "
                                    "set \"key_env\" to the environment variable that will hold the key"});
        p.keychainEntry.clear();  // the desktop's keychain stays on the desktop
        out.providers.push_back(std::move(p));
    }
    return out;
}

nlohmann::ordered_json routingConfigToJson(const Workspace& parts) {
    nlohmann::ordered_json ws = workspaceToJson(parts);
    nlohmann::ordered_json j;
    j["format"] = kRoutingConfigFormat;
    j["version"] = kRoutingConfigVersion;
    j["generated_by"] = std::string("switchyard ") + kVersion;
    for (const char* key : {"name", "description", "catalog", "providers", "tiers", "policy"})
        if (ws.contains(key)) j[key] = std::move(ws[key]);
    return j;
}

std::string routingConfigToText(const Workspace& parts) { return routingConfigToJson(parts).dump(2) + "\n"; }

Result<Workspace> parseRoutingConfig(std::string text, std::string file) {
    const WorkspaceDocumentKind kind{kRoutingConfigFormat, kRoutingConfigVersion, "routing config", {"generated_by"}};
    return parseWorkspaceDocument(std::move(text), std::move(file), kind);
}

Result<Workspace> loadRoutingConfig(const std::filesystem::path& path) {
    auto text = readTextFile(path);
    if (!text) return text.problems();
    return parseRoutingConfig(std::move(*text), path.string());
}

Result<ExportResult> NativeConfigExporter::write(const Policy&, const Workspace& workspace,
                                                 const ExportOptions&) const {
    ExportResult result;
    const Workspace parts = routingPartsOf(workspace, result.warnings);
    result.files.push_back({"routing-config.json", routingConfigToText(parts)});
    return result;
}

}  // namespace switchyard::core
