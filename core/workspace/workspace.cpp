#include "core/workspace/workspace.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/common/files.h"
#include "core/common/jsonreader.h"

namespace switchyard::core {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

const std::set<std::string>& providerKinds() {
    static const std::set<std::string> kinds{"openai", "anthropic", "gemini", "openai-compatible", "mock"};
    return kinds;
}

// Something typed into a key field by mistake looks like a key: long, no spaces, and with a
// well-known prefix or mostly random characters. Environment variable names are UPPER_SNAKE.
bool looksLikeLiteralKey(const std::string& s) {
    if (s.rfind("sk-", 0) == 0 || s.rfind("AIza", 0) == 0 || s.rfind("sk_", 0) == 0) return true;
    const bool envName = std::all_of(
        s.begin(), s.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; });
    return !envName && s.size() >= 32 && s.find(' ') == std::string::npos;
}

std::vector<std::string> readStringList(JsonReader& r, const json& obj, const std::string& ptr, const char* key) {
    std::vector<std::string> out;
    const json* list = r.array(obj, ptr, key, false);
    if (!list) return out;
    for (size_t i = 0; i < list->size(); ++i) {
        const json& item = (*list)[i];
        if (!item.is_string() || item.get<std::string>().empty()) {
            r.fail(appendPointer(appendPointer(ptr, key), i),
                   "expected a non-empty string, found " + describeJsonType(item));
            continue;
        }
        out.push_back(item.get<std::string>());
    }
    return out;
}

ProviderConfig readProvider(JsonReader& r, const json& v, const std::string& ptr) {
    ProviderConfig p;
    if (!r.expectObject(v, ptr, "a provider")) return p;
    for (const char* secret : {"api_key", "key", "apiKey", "token", "secret"}) {
        if (v.contains(secret)) {
            r.fail(appendPointer(ptr, secret),
                   "API keys never go in a workspace file: set \"key_env\" to the name of an environment "
                   "variable (or \"keychain\" to a keychain entry) that holds the key");
        }
    }
    r.rejectUnknownKeys(v, ptr,
                        {"name", "kind", "base_url", "key_env", "keychain", "models", "limits", "api_key", "key",
                         "apiKey", "token", "secret"});
    p.name = r.string(v, ptr, "name", true).value_or("");
    p.kind = r.string(v, ptr, "kind", true).value_or("");
    if (!p.kind.empty() && !providerKinds().count(p.kind)) {
        r.fail(appendPointer(ptr, "kind"),
               "unknown provider kind \"" + p.kind + "\" (use openai, anthropic, gemini, openai-compatible or mock)");
    }
    p.baseUrl = r.string(v, ptr, "base_url", false).value_or("");
    if (!p.baseUrl.empty() && p.baseUrl.rfind("http://", 0) != 0 && p.baseUrl.rfind("https://", 0) != 0) {
        r.fail(appendPointer(ptr, "base_url"), "the base URL must start with http:// or https://");
    }
    p.keyEnv = r.string(v, ptr, "key_env", false, true).value_or("");
    p.keychainEntry = r.string(v, ptr, "keychain", false, true).value_or("");
    for (const auto& [field, value] : {std::pair{"key_env", &p.keyEnv}, std::pair{"keychain", &p.keychainEntry}}) {
        if (looksLikeLiteralKey(*value)) {
            r.fail(appendPointer(ptr, field),
                   std::string("\"") + field +
                       "\" looks like a key itself; it must only *name* where the key "
                       "is kept (e.g. \"OPENAI_API_KEY\"), so the key never lands in this file");
        }
    }
    p.models = readStringList(r, v, ptr, "models");
    if (const json* limits = r.object(v, ptr, "limits", false)) {
        const std::string at = appendPointer(ptr, "limits");
        r.rejectUnknownKeys(*limits, at, {"max_concurrent", "requests_per_minute", "tokens_per_minute"});
        p.limits.maxConcurrent =
            static_cast<int>(r.integer(*limits, at, "max_concurrent", false, 0, 100000).value_or(0));
        p.limits.requestsPerMinute = r.number(*limits, at, "requests_per_minute", false, 0, 1e9).value_or(0);
        p.limits.tokensPerMinute = r.number(*limits, at, "tokens_per_minute", false, 0, 1e12).value_or(0);
    }
    return p;
}

Tier readTier(JsonReader& r, const json& v, const std::string& ptr) {
    Tier t;
    if (!r.expectObject(v, ptr, "a tier")) return t;
    r.rejectUnknownKeys(v, ptr, {"name", "description", "primary", "fallbacks"});
    t.name = r.string(v, ptr, "name", true).value_or("");
    t.description = r.string(v, ptr, "description", false, true).value_or("");
    t.primary = r.string(v, ptr, "primary", true).value_or("");
    t.fallbacks = readStringList(r, v, ptr, "fallbacks");
    return t;
}

DatasetRef readDataset(JsonReader& r, const json& v, const std::string& ptr) {
    DatasetRef d;
    if (!r.expectObject(v, ptr, "a dataset")) return d;
    r.rejectUnknownKeys(v, ptr, {"name", "path", "kind"});
    d.name = r.string(v, ptr, "name", true).value_or("");
    d.path = r.string(v, ptr, "path", true).value_or("");
    d.kind = r.string(v, ptr, "kind", true).value_or("");
    if (!d.kind.empty() && d.kind != "traffic" && d.kind != "eval") {
        r.fail(appendPointer(ptr, "kind"), "unknown dataset kind \"" + d.kind + "\" (use traffic or eval)");
    }
    return d;
}

// Reference checks that need located output: run on the parsed JSON so pointers are exact.
void checkReferences(JsonReader& r, const Workspace& ws) {
    std::set<std::string> tierNames;
    for (size_t i = 0; i < ws.tiers.size(); ++i) {
        const Tier& t = ws.tiers[i];
        const std::string tp = appendPointer("/tiers", i);
        if (!t.name.empty() && !tierNames.insert(t.name).second) {
            r.fail(appendPointer(tp, "name"),
                   "the tier name \"" + t.name + "\" is used twice; tier names must be unique");
        }
        if (!t.primary.empty() && !ws.catalog.find(t.primary)) {
            r.failReference(appendPointer(tp, "primary"), "tier \"" + t.name + "\" uses the model \"" + t.primary +
                                                              "\", which is not in the catalog");
        }
        std::set<std::string> seen{t.primary};
        for (size_t f = 0; f < t.fallbacks.size(); ++f) {
            const std::string fp = appendPointer(appendPointer(tp, "fallbacks"), f);
            if (!ws.catalog.find(t.fallbacks[f])) {
                r.failReference(fp, "tier \"" + t.name + "\" falls back to the model \"" + t.fallbacks[f] +
                                        "\", which is not in the catalog");
            } else if (!seen.insert(t.fallbacks[f]).second) {
                r.fail(fp, "tier \"" + t.name + "\" lists the model \"" + t.fallbacks[f] + "\" twice");
            }
        }
    }
    std::set<std::string> providerNames;
    for (size_t i = 0; i < ws.providers.size(); ++i) {
        const ProviderConfig& p = ws.providers[i];
        const std::string pp = appendPointer("/providers", i);
        if (!p.name.empty() && !providerNames.insert(p.name).second) {
            r.fail(appendPointer(pp, "name"), "the provider name \"" + p.name + "\" is used twice");
        }
        for (size_t m = 0; m < p.models.size(); ++m) {
            if (!ws.catalog.find(p.models[m])) {
                r.failReference(
                    appendPointer(appendPointer(pp, "models"), m),
                    "provider \"" + p.name + "\" serves \"" + p.models[m] + "\", which is not in the catalog");
            }
        }
    }
    std::set<std::string> datasetNames;
    for (size_t i = 0; i < ws.datasets.size(); ++i) {
        if (!ws.datasets[i].name.empty() && !datasetNames.insert(ws.datasets[i].name).second) {
            r.fail(appendPointer(appendPointer("/datasets", i), "name"),
                   "the dataset name \"" + ws.datasets[i].name + "\" is used twice");
        }
    }
}

// Upgrades an older document in place, one version at a time; each step has a test that loads
// a file of the old version.
bool migrate(json& root, std::int64_t fromVersion, JsonReader& r) {
    if (fromVersion < 1) {
        r.fail("/version",
               "workspace version " + std::to_string(fromVersion) + " never existed; the first version is 1");
        return false;
    }
    if (fromVersion == 1) {
        // 1 -> 2: simulation settings. A version-1 workspace simulated the traffic dataset it
        // listed, so that dataset becomes the sample log; everything else takes its default.
        if (root.contains("simulation")) {
            r.fail("/simulation",
                   "\"simulation\" settings arrived in workspace version 2; set \"version\": 2 to use them");
            return false;
        }
        // Provider "limits" arrived with version 2 as well.
        if (const auto providers = root.find("providers"); providers != root.end() && providers->is_array())
            for (size_t i = 0; i < providers->size(); ++i)
                if ((*providers)[i].is_object() && (*providers)[i].contains("limits")) {
                    r.fail("/providers/" + std::to_string(i) + "/limits",
                           "provider \"limits\" arrived in workspace version 2; set \"version\": 2 to use them");
                    return false;
                }
        json simulation = json::object();
        if (const auto it = root.find("datasets"); it != root.end() && it->is_array())
            for (const json& d : *it)
                if (d.is_object() && d.value("kind", "") == "traffic" && d.contains("path") && d["path"].is_string()) {
                    simulation["sample_log"] = d["path"];
                    break;
                }
        root["simulation"] = std::move(simulation);
    }
    return true;
}

}  // namespace

const Tier* Workspace::findTier(std::string_view n) const {
    for (const auto& t : tiers)
        if (t.name == n) return &t;
    return nullptr;
}

int Workspace::tierIndex(std::string_view n) const {
    for (size_t i = 0; i < tiers.size(); ++i)
        if (tiers[i].name == n) return static_cast<int>(i);
    return -1;
}

std::string baselineModelFor(const PolicySpec& policy, const std::vector<Tier>& tiers) {
    if (!policy.baselineModel.empty()) return policy.baselineModel;
    return tiers.empty() ? std::string() : tiers.back().primary;
}

const ProviderConfig* Workspace::providerFor(std::string_view modelId) const {
    for (const auto& p : providers)
        if (std::find(p.models.begin(), p.models.end(), modelId) != p.models.end()) return &p;
    return nullptr;
}

namespace {

const WorkspaceDocumentKind& workspaceKind() {
    static const WorkspaceDocumentKind kind{
        kWorkspaceFormat, kWorkspaceVersion, "workspace", {"datasets", "simulation"}};
    return kind;
}

// Reads a workspace, recording every problem; `referenceProblems` tells how many of them are
// references to missing names (JsonReader::failReference). Returns nullopt when the document
// is not a workspace at all (not JSON, another format, a version it cannot read).
std::optional<Workspace> readWorkspace(std::string text, std::string file, Problems& problems,
                                       size_t& referenceProblems, const WorkspaceDocumentKind& kind = workspaceKind()) {
    referenceProblems = 0;
    const bool isWorkspace = std::string_view(kind.format) == kWorkspaceFormat;
    auto doc = LocatedJson::parse(std::move(text), std::move(file));
    if (!doc) {
        problems = doc.problems();
        return std::nullopt;
    }
    JsonReader r(*doc, problems);
    json root = doc->root();
    if (!r.expectObject(root, "", ("a Switchyard " + kind.what).c_str())) return std::nullopt;

    auto format = r.string(root, "", "format", true);
    if (format && *format != kind.format) {
        r.fail("/format", "this is not a Switchyard " + kind.what + " (format \"" + *format + "\", expected \"" +
                              kind.format + "\")");
        return std::nullopt;
    }
    auto version = r.integer(root, "", "version", true);
    if (!version) return std::nullopt;
    if (*version > kind.version) {
        r.fail("/version", "this " + kind.what + " was written by a newer Switchyard (format version " +
                               std::to_string(*version) + "; this one reads up to " + std::to_string(kind.version) +
                               "); update Switchyard to open it");
        return std::nullopt;
    }
    if (isWorkspace) {
        if (!migrate(root, *version, r)) return std::nullopt;
    } else if (*version < 1) {
        r.fail("/version",
               kind.what + " version " + std::to_string(*version) + " never existed; the first version is 1");
        return std::nullopt;
    }

    std::vector<const char*> keys{"format",  "version",   "name",  "description",
                                  "catalog", "providers", "tiers", "policy"};
    keys.insert(keys.end(), kind.extraKeys.begin(), kind.extraKeys.end());
    r.rejectUnknownKeys(root, "", keys);
    Workspace ws;
    ws.name = r.string(root, "", "name", false, true).value_or("");
    ws.description = r.string(root, "", "description", false, true).value_or("");
    if (const json* models = r.array(root, "", "catalog", true))
        ws.catalog.models() = readModels(r, *models, "/catalog");
    if (const json* list = r.array(root, "", "providers", false))
        for (size_t i = 0; i < list->size(); ++i)
            ws.providers.push_back(readProvider(r, (*list)[i], appendPointer("/providers", i)));
    if (const json* list = r.array(root, "", "tiers", true)) {
        if (list->empty()) r.fail("/tiers", "a workspace needs at least one tier");
        for (size_t i = 0; i < list->size(); ++i)
            ws.tiers.push_back(readTier(r, (*list)[i], appendPointer("/tiers", i)));
    }
    if (!isWorkspace) {
        // Only the routing parts: datasets and simulation settings stay with the workspace.
    } else if (const json* list = r.array(root, "", "datasets", false))
        for (size_t i = 0; i < list->size(); ++i)
            ws.datasets.push_back(readDataset(r, (*list)[i], appendPointer("/datasets", i)));

    if (const json* simulation = isWorkspace ? r.object(root, "", "simulation", false) : nullptr)
        ws.simulation = readSimulationSettings(r, *simulation, "/simulation");

    PolicyNames names;
    for (const auto& t : ws.tiers) names.tiers.push_back(t.name);
    for (const auto& m : ws.catalog.models()) names.models.push_back(m.id);
    for (const auto& p : ws.providers) names.providers.push_back(p.name);
    if (const json* policy = r.object(root, "", "policy", true))
        ws.policy = readPolicySpec(r, *policy, "/policy", names);

    checkReferences(r, ws);
    referenceProblems = r.referenceProblemCount();
    return ws;
}

}  // namespace

Result<Workspace> parseWorkspaceDocument(std::string text, std::string file, const WorkspaceDocumentKind& kind) {
    Problems problems;
    size_t references = 0;
    auto ws = readWorkspace(std::move(text), std::move(file), problems, references, kind);
    if (!problems.empty()) return problems;
    return std::move(*ws);
}

Result<Workspace> parseWorkspace(std::string text, std::string file) {
    Problems problems;
    size_t references = 0;
    auto ws = readWorkspace(std::move(text), std::move(file), problems, references);
    if (!problems.empty()) return problems;
    return std::move(*ws);
}

Result<Workspace> loadWorkspace(const std::filesystem::path& path) {
    auto text = readTextFile(path);
    if (!text) return text.problems();
    return parseWorkspace(std::move(*text), path.string());
}

Result<LoadedWorkspace> parseWorkspaceForEditing(std::string text, std::string file) {
    Problems problems;
    size_t references = 0;
    auto ws = readWorkspace(std::move(text), std::move(file), problems, references);
    if (!ws || problems.size() != references) return problems;
    return LoadedWorkspace{std::move(*ws), std::move(problems)};
}

Result<LoadedWorkspace> loadWorkspaceForEditing(const std::filesystem::path& path) {
    auto text = readTextFile(path);
    if (!text) return text.problems();
    return parseWorkspaceForEditing(std::move(*text), path.string());
}

Problems validateReferences(const Workspace& ws) {
    // Re-read the canonical text so problems carry exact locations of the saved form.
    auto result = parseWorkspace(workspaceToText(ws), "");
    return result ? Problems{} : result.problems();
}

std::string workspaceToText(const Workspace& ws) { return workspaceToJson(ws).dump(2) + "\n"; }

nlohmann::ordered_json workspaceToJson(const Workspace& ws) {
    ojson j;
    j["format"] = kWorkspaceFormat;
    j["version"] = kWorkspaceVersion;
    j["name"] = ws.name;
    if (!ws.description.empty()) j["description"] = ws.description;
    ojson models = ojson::array();
    for (const auto& m : ws.catalog.models()) models.push_back(modelToJson(m));
    j["catalog"] = std::move(models);
    ojson providers = ojson::array();
    for (const auto& p : ws.providers) {
        ojson pj;
        pj["name"] = p.name;
        pj["kind"] = p.kind;
        if (!p.baseUrl.empty()) pj["base_url"] = p.baseUrl;
        if (!p.keyEnv.empty()) pj["key_env"] = p.keyEnv;
        if (!p.keychainEntry.empty()) pj["keychain"] = p.keychainEntry;
        pj["models"] = p.models;
        if (p.limits != ProviderLimits{}) {
            // Whole numbers as integers ("500", not "500.0"); each limit only when set.
            const auto number = [](double v) {
                return v == std::floor(v) && v < 9e15 ? ojson(static_cast<std::int64_t>(v)) : ojson(v);
            };
            ojson limits = ojson::object();
            if (p.limits.maxConcurrent > 0) limits["max_concurrent"] = p.limits.maxConcurrent;
            if (p.limits.requestsPerMinute > 0) limits["requests_per_minute"] = number(p.limits.requestsPerMinute);
            if (p.limits.tokensPerMinute > 0) limits["tokens_per_minute"] = number(p.limits.tokensPerMinute);
            pj["limits"] = std::move(limits);
        }
        providers.push_back(std::move(pj));
    }
    j["providers"] = std::move(providers);
    ojson tiers = ojson::array();
    for (const auto& t : ws.tiers) {
        ojson tj;
        tj["name"] = t.name;
        if (!t.description.empty()) tj["description"] = t.description;
        tj["primary"] = t.primary;
        tj["fallbacks"] = t.fallbacks;
        tiers.push_back(std::move(tj));
    }
    j["tiers"] = std::move(tiers);
    j["policy"] = policySpecToJson(ws.policy);
    ojson datasets = ojson::array();
    for (const auto& d : ws.datasets) datasets.push_back({{"name", d.name}, {"path", d.path}, {"kind", d.kind}});
    j["datasets"] = std::move(datasets);
    j["simulation"] = simulationSettingsToJson(ws.simulation);
    return j;
}

Status saveWorkspace(const Workspace& ws, const std::filesystem::path& path) {
    return writeFileAtomically(path, workspaceToText(ws));
}

std::filesystem::path demoWorkspacePath() { return resourceDir() / "demo" / "workspace.json"; }

Workspace newWorkspace(const Catalog& catalog) {
    Workspace ws;
    ws.name = "Untitled";
    ws.catalog = catalog;
    const Model* first = catalog.empty() ? nullptr : &catalog.models().front();
    ws.tiers.push_back(Tier{"default", "Every request", first ? first->id : "", {}});
    ws.policy.defaultTier = "default";
    return ws;
}

}  // namespace switchyard::core
