#pragma once
// The workspace document: everything a team designs in Switchyard, in one versioned JSON file
// ("format": "switchyard.workspace", "version": 2). See docs/workspace-format.md.
//
// Secrets never live here: a provider names the environment variable or keychain entry that
// holds its key, and a field that looks like a literal key is refused by validation.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/common/result.h"
#include "core/workspace/policyspec.h"
#include "core/workspace/simulationsettings.h"

namespace switchyard::core {

inline constexpr const char* kWorkspaceFormat = "switchyard.workspace";
// 2 added the "simulation" settings; version-1 files are migrated when read.
inline constexpr int kWorkspaceVersion = 2;

// What a provider allows one account (its rate-limit tier), obeyed by ProviderClient
// (core/providers/ratelimiter.h) so a batch does not run into 429s. "limits" in the file.
struct ProviderLimits {
    int maxConcurrent = 0;         // calls in flight; 0 = unlimited
    double requestsPerMinute = 0;  // 0 = unlimited
    double tokensPerMinute = 0;    // 0 = unlimited; charged with an estimate, corrected by usage
    bool operator==(const ProviderLimits&) const = default;
};

// How to reach a model API. `kind` selects the wire format.
struct ProviderConfig {
    std::string name;                 // unique, e.g. "openai", "simulated"
    std::string kind;                 // "openai", "anthropic", "gemini", "openai-compatible", "mock"
    std::string baseUrl;              // e.g. "https://api.openai.com/v1"
    std::string keyEnv;               // name of the environment variable holding the key; may be empty
    std::string keychainEntry;        // name of the system keychain entry; may be empty
    std::vector<std::string> models;  // catalog ids this provider serves
    ProviderLimits limits;
    bool operator==(const ProviderConfig&) const = default;
};

// A routing target: a primary model and the models to try, in order, when it fails.
struct Tier {
    std::string name;
    std::string description;
    std::string primary;
    std::vector<std::string> fallbacks;
    bool operator==(const Tier&) const = default;
};

// A dataset the workspace refers to (prompts to compare or evaluate, or a traffic log).
struct DatasetRef {
    std::string name;
    std::string path;  // relative to the workspace file's folder, or absolute
    std::string kind;  // "traffic" or "eval"
    bool operator==(const DatasetRef&) const = default;
};

struct Workspace {
    std::string name;
    std::string description;
    Catalog catalog;
    std::vector<ProviderConfig> providers;
    std::vector<Tier> tiers;  // cheapest first: escalation goes down this list
    PolicySpec policy;
    std::vector<DatasetRef> datasets;
    SimulationSettings simulation;

    [[nodiscard]] const Tier* findTier(std::string_view name) const;
    // Index of a tier in escalation order, or -1.
    [[nodiscard]] int tierIndex(std::string_view name) const;
    // The provider that serves a model id, or nullptr.
    [[nodiscard]] const ProviderConfig* providerFor(std::string_view modelId) const;

    bool operator==(const Workspace&) const = default;
};

// The model savings are measured against: the policy's baseline_model, else the primary of the
// top tier (the last, most capable one). Simulation, `ask` and the GUI all use this one rule.
std::string baselineModelFor(const PolicySpec& policy, const std::vector<Tier>& tiers);

// Validation and parsing report every problem at once, each located by file, line:column and
// JSON pointer. Versions older than kWorkspaceVersion are migrated in memory; newer ones refused.
Result<Workspace> parseWorkspace(std::string text, std::string file);
Result<Workspace> loadWorkspace(const std::filesystem::path& path);

// A workspace read for editing, with the references it names but lacks: a rule's tier, a tier's
// model, the default tier, a provider's model, ... A file whose only problems are such
// references opens, so a user can see them listed and fix them in the editor (a workspace
// saved by an older catalog, a model deleted by hand). Every other problem (bad JSON, a wrong
// type, a duplicate name, a literal API key) refuses it as parseWorkspace does. The workspace
// cannot be routed until its reference problems are fixed: compiling its policy refuses it.
struct LoadedWorkspace {
    Workspace workspace;
    Problems referenceProblems;  // located like parseWorkspace's problems; empty for a sound file
};
Result<LoadedWorkspace> parseWorkspaceForEditing(std::string text, std::string file);
Result<LoadedWorkspace> loadWorkspaceForEditing(const std::filesystem::path& path);

// A document that carries a workspace's routing parts (catalog, providers, tiers, policy) under a
// format name of its own: the native routing config (core/exporters/nativeconfig.h) is read by
// this same reader, so the two formats cannot drift apart where they overlap. A document of
// another kind never has datasets or simulation settings unless `extraKeys` names them.
struct WorkspaceDocumentKind {
    const char* format = kWorkspaceFormat;
    int version = kWorkspaceVersion;     // the newest version read; a workspace migrates older ones
    std::string what = "workspace";      // "routing config", for messages
    std::vector<const char*> extraKeys;  // top-level keys besides format, version, name, description and the parts
};
Result<Workspace> parseWorkspaceDocument(std::string text, std::string file, const WorkspaceDocumentKind& kind);

// The canonical JSON text (2-space indent, fixed key order, trailing newline). Loading a
// canonical file and saving it gives the same bytes.
std::string workspaceToText(const Workspace& workspace);
nlohmann::ordered_json workspaceToJson(const Workspace& workspace);
// Atomic: on failure the previous file is left as it was.
Status saveWorkspace(const Workspace& workspace, const std::filesystem::path& path);

// Problems that need the whole document (references between parts); parseWorkspace runs it.
Problems validateReferences(const Workspace& workspace);

// The bundled demo: resources/demo/workspace.json.
std::filesystem::path demoWorkspacePath();

// An empty but valid workspace with the bundled catalog, for File > New.
Workspace newWorkspace(const Catalog& catalog);

}  // namespace switchyard::core
