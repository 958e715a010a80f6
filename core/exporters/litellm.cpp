#include "core/exporters/litellm.h"

#include <algorithm>
#include <set>

#include "core/common/strings.h"
#include "core/exporters/nativeconfig.h"
#include "core/exporters/pythonrouter.h"
#include "core/exporters/yamltext.h"
#include "core/providers/providerclient.h"
#include "core/version.h"

namespace switchyard::core {
namespace {

using json = nlohmann::ordered_json;

constexpr const char* kHookFile = "switchyard_litellm_hook.py";

// LiteLLM's own defaults for a deployment's cooldown (litellm/constants.py, DEFAULT_ALLOWED_FAILS
// and DEFAULT_COOLDOWN_TIME_SECONDS), written out so the config says what the proxy will do: the
// engine keeps no cooldown, it tries a request's fallbacks in order whenever a model fails.
constexpr int kLiteLlmAllowedFails = 3;
constexpr int kLiteLlmCooldownSeconds = 5;

// LiteLLM's four complexity tiers, cheapest first (litellm/router_strategy/complexity_router/config.py).
constexpr std::array<const char*, 4> kComplexityTiers{"SIMPLE", "MEDIUM", "COMPLEX", "REASONING"};

// The URL LiteLLM uses for a provider kind when a deployment names no api_base.
std::string defaultBaseUrl(const std::string& kind) {
    if (kind == "openai") return "https://api.openai.com/v1";
    if (kind == "anthropic") return "https://api.anthropic.com";
    if (kind == "gemini") return "https://generativelanguage.googleapis.com";
    return "";
}

double perToken(Price p) { return std::stod(Money::forTokens(1, p).toExactString()); }

std::string providerPointer(const Workspace& ws, const ProviderConfig* provider) {
    for (size_t i = 0; i < ws.providers.size(); ++i)
        if (&ws.providers[i] == provider) return "/providers/" + std::to_string(i);
    return "/providers";
}

struct Builder {
    const Workspace& ws;     // the whole workspace, for pointers in warnings
    const Workspace& parts;  // what routing uses (routingPartsOf)
    std::vector<ExportWarning>& warnings;
    std::set<std::string> warnedProviders;

    json litellmParams(const Model& m) {
        json p = json::object();
        const ProviderConfig* provider = parts.providerFor(m.id);
        if (!provider) {
            p["model"] = m.id;
            warnings.push_back(
                {"/catalog", "model \"" + m.id +
                                 "\" has no provider in the workspace: its deployment names no key and no "
                                 "base URL, so LiteLLM picks the provider by the model's name"});
            return p;
        }
        const std::string pointer = providerPointer(ws, ws.providerFor(m.id));
        p["model"] = litellmModelName(provider->kind, m.id);
        if (!provider->keyEnv.empty()) p["api_key"] = "os.environ/" + provider->keyEnv;
        const std::string standard = defaultBaseUrl(provider->kind);
        if (!provider->baseUrl.empty() && provider->baseUrl != standard) {
            p["api_base"] = provider->baseUrl;
            if (warnedProviders.insert(provider->name + "/base").second) {
                if (provider->kind == "mock")
                    warnings.push_back({pointer, "provider \"" + provider->name +
                                                     "\" is Switchyard's offline mock; it is exported as an "
                                                     "OpenAI-compatible endpoint at its base URL"});
                else if (!standard.empty())
                    warnings.push_back({pointer + "/base_url", "provider \"" + provider->name +
                                                                   "\" uses its own base URL; check that it is "
                                                                   "written as LiteLLM's \"" +
                                                                   provider->kind +
                                                                   "/\" provider expects its api_base"});
            }
        }
        const ProviderLimits& l = provider->limits;
        if (l.requestsPerMinute > 0) p["rpm"] = static_cast<std::int64_t>(l.requestsPerMinute);
        if (l.tokensPerMinute > 0) p["tpm"] = static_cast<std::int64_t>(l.tokensPerMinute);
        if (l.maxConcurrent > 0) p["max_parallel_requests"] = l.maxConcurrent;
        const auto served = std::count_if(parts.catalog.models().begin(), parts.catalog.models().end(),
                                          [&](const Model& other) { return parts.providerFor(other.id) == provider; });
        if ((l.requestsPerMinute > 0 || l.tokensPerMinute > 0 || l.maxConcurrent > 0) && served > 1 &&
            warnedProviders.insert(provider->name + "/limits").second)
            warnings.push_back(
                {pointer + "/limits", "LiteLLM limits each deployment on its own: provider \"" + provider->name +
                                          "\"'s account limits are given to each of its " + std::to_string(served) +
                                          " deployments, which together may exceed them"});
        return p;
    }

    json modelInfo(const Model& m, size_t modelIndex) {
        json info = json::object();
        info["mode"] = "chat";
        info["input_cost_per_token"] = perToken(m.prices.input);
        info["output_cost_per_token"] = perToken(m.prices.output);
        if (m.prices.cacheRead) info["cache_read_input_token_cost"] = perToken(*m.prices.cacheRead);
        if (m.prices.cacheWrite) info["cache_creation_input_token_cost"] = perToken(*m.prices.cacheWrite);
        if (m.prices.batch.basisPoints > 0) {
            const Discount d = m.prices.batch;
            info["input_cost_per_token_batches"] = std::stod(Money::forTokens(1, m.prices.input, d).toExactString());
            info["output_cost_per_token_batches"] = std::stod(Money::forTokens(1, m.prices.output, d).toExactString());
        }
        for (const LongContextPrice& lc : m.prices.longContext) {
            if (lc.aboveInputTokens % 1000 != 0) {
                warnings.push_back({"/catalog/models/" + std::to_string(modelIndex) + "/prices",
                                    "LiteLLM names long-context prices by thousands of tokens; the price above " +
                                        std::to_string(lc.aboveInputTokens) + " input tokens of \"" + m.id +
                                        "\" is left out"});
                continue;
            }
            const std::string k = std::to_string(lc.aboveInputTokens / 1000) + "k_tokens";
            info["input_cost_per_token_above_" + k] = perToken(lc.input);
            info["output_cost_per_token_above_" + k] = perToken(lc.output);
            if (lc.cacheRead) info["cache_read_input_token_cost_above_" + k] = perToken(*lc.cacheRead);
        }
        if (m.contextWindow > 0) info["max_input_tokens"] = m.contextWindow;
        if (m.maxOutput > 0) info["max_output_tokens"] = m.maxOutput;
        return info;
    }

    json deployment(const std::string& groupName, const Model& m, size_t modelIndex) {
        json d = json::object();
        d["model_name"] = groupName;
        d["litellm_params"] = litellmParams(m);
        d["model_info"] = modelInfo(m, modelIndex);
        return d;
    }
};

size_t indexOfModel(const Catalog& catalog, const std::string& id) {
    for (size_t i = 0; i < catalog.models().size(); ++i)
        if (catalog.models()[i].id == id) return i;
    return 0;
}

// The models the engine's context guard would try after `model`, in its order (later tiers'
// primaries and fallbacks; for a model in no tier, every tier's), keeping the larger windows.
std::vector<std::string> largerContextModels(const Workspace& parts, const std::string& model) {
    int first = -1;
    for (size_t t = 0; t < parts.tiers.size() && first < 0; ++t) {
        const Tier& tier = parts.tiers[t];
        if (tier.primary == model ||
            std::find(tier.fallbacks.begin(), tier.fallbacks.end(), model) != tier.fallbacks.end())
            first = static_cast<int>(t);
    }
    const Model* self = parts.catalog.find(model);
    const std::int64_t window = self ? self->contextWindow : 0;
    std::vector<std::string> out;
    for (size_t t = first < 0 ? 0 : static_cast<size_t>(first) + 1; t < parts.tiers.size(); ++t) {
        std::vector<std::string> candidates{parts.tiers[t].primary};
        candidates.insert(candidates.end(), parts.tiers[t].fallbacks.begin(), parts.tiers[t].fallbacks.end());
        for (const auto& c : candidates) {
            const Model* m = parts.catalog.find(c);
            if (m && c != model && m->contextWindow > window && std::find(out.begin(), out.end(), c) == out.end())
                out.push_back(c);
        }
    }
    return out;
}

// LiteLLM's complexity router, when every enabled rule is a keywords rule that sends to a tier
// and there are two to four tiers: the tiers fill its four rungs cheapest first, the rules become
// keyword_tier_rules (LiteLLM's "deterministic override: if any keyword matches, route to this
// tier"), the default tier its default_model. nullopt when the policy does not fit.
std::optional<json> complexityRouter(const Workspace& parts, const std::vector<std::string>& groupOfTier,
                                     std::vector<ExportWarning>& warnings) {
    const size_t n = parts.tiers.size();
    if (n < 2 || n > 4) return std::nullopt;
    json keywordRules = json::array();
    std::vector<std::string> rungOf(n);
    json tiers = json::object();
    for (size_t k = 0; k < kComplexityTiers.size(); ++k) {
        const size_t t = std::min(n - 1, k * n / kComplexityTiers.size());
        tiers[kComplexityTiers[k]] = groupOfTier[t];
        if (rungOf[t].empty()) rungOf[t] = kComplexityTiers[k];
    }
    for (const Rule& r : parts.policy.rules) {
        if (!r.enabled) continue;
        if (r.when.kind != PredicateKind::Keywords || r.when.matchAll || r.action.kind != ActionKind::Tier)
            return std::nullopt;
        const int t = parts.tierIndex(r.action.tier);
        if (t < 0) return std::nullopt;
        keywordRules.push_back({{"keywords", r.when.values}, {"tier", rungOf[static_cast<size_t>(t)]}});
    }
    json config = json::object();
    config["tiers"] = tiers;
    if (!keywordRules.empty()) config["keyword_tier_rules"] = keywordRules;
    if (const int d = parts.tierIndex(parts.policy.defaultTier); d >= 0)
        config["default_model"] = groupOfTier[static_cast<size_t>(d)];
    json entry = json::object();
    entry["model_name"] = kLiteLlmComplexityModel;
    entry["litellm_params"] = {{"model", "auto_router/complexity_router"}, {"complexity_router_config", config}};
    warnings.push_back({"/policy", std::string("the model group \"") + kLiteLlmComplexityModel +
                                       "\" is LiteLLM's own complexity router: it keeps "
                                       "the tiers and the keyword rules, but scores every other request with its "
                                       "weighted heuristics in place of the "
                                       "classifier, the threshold, the default tier and the context guard, so it "
                                       "decides differently from the engine; "
                                       "requests for \"" +
                                       kLiteLlmRouterModel + "\" go through the hook and route as the engine does"});
    return entry;
}

std::string section(const std::string& comment, const std::string& key, const json& value) {
    std::string out = comment.empty() ? "" : "\n# " + comment + "\n";
    json wrapper = json::object();
    wrapper[key] = value;
    return out + toYaml(wrapper);
}

}  // namespace

std::string litellmModelName(const std::string& kind, const std::string& modelId) {
    // LiteLLM's provider prefixes (docs.litellm.ai/docs/providers): OpenAI's and any OpenAI-compatible
    // endpoint's "openai/" (with api_base), "anthropic/", and "gemini/" for Google AI Studio.
    if (kind == "anthropic") return "anthropic/" + modelId;
    if (kind == "gemini") return "gemini/" + modelId;
    return "openai/" + modelId;
}

Result<ExportResult> LiteLlmExporter::write(const Policy& policy, const Workspace& workspace,
                                            const ExportOptions& options) const {
    ExportOptions routerOptions = options;
    routerOptions.separateConfig = false;
    auto router = PythonRouterExporter().write(policy, workspace, routerOptions);
    if (!router.ok()) return router.problems();

    ExportResult result;
    const Workspace parts = routingPartsOf(workspace, result.warnings);
    const std::vector<ExportWarning> generated = generatedRouterWarnings(workspace, "LiteLLM hook's Python");
    result.warnings.insert(result.warnings.end(), generated.begin(), generated.end());
    Builder b{workspace, parts, result.warnings, {}};

    // Model groups: one per model (the hook sends each request to its decided model), one per tier
    // (its primary), and "switchyard" (the hook's; its primary is the default tier's).
    std::set<std::string> taken{kLiteLlmRouterModel, kLiteLlmComplexityModel};
    for (const Model& m : parts.catalog.models()) taken.insert(m.id);
    std::vector<std::string> groupOfTier;
    for (const Tier& t : parts.tiers) groupOfTier.push_back(taken.count(t.name) ? "tier-" + t.name : t.name);

    json modelList = json::array();
    for (size_t i = 0; i < parts.catalog.models().size(); ++i)
        modelList.push_back(b.deployment(parts.catalog.models()[i].id, parts.catalog.models()[i], i));
    const int defaultTier = parts.tierIndex(parts.policy.defaultTier);
    for (size_t t = 0; t < parts.tiers.size(); ++t)
        if (const Model* m = parts.catalog.find(parts.tiers[t].primary))
            modelList.push_back(b.deployment(groupOfTier[t], *m, indexOfModel(parts.catalog, m->id)));
    if (defaultTier >= 0)
        if (const Model* m = parts.catalog.find(parts.tiers[static_cast<size_t>(defaultTier)].primary))
            modelList.push_back(b.deployment(kLiteLlmRouterModel, *m, indexOfModel(parts.catalog, m->id)));
    if (auto complexity = complexityRouter(parts, groupOfTier, result.warnings)) modelList.push_back(*complexity);

    json fallbacks = json::array();
    for (size_t t = 0; t < parts.tiers.size(); ++t)
        if (!parts.tiers[t].fallbacks.empty()) fallbacks.push_back({{groupOfTier[t], parts.tiers[t].fallbacks}});
    if (defaultTier >= 0 && !parts.tiers[static_cast<size_t>(defaultTier)].fallbacks.empty())
        fallbacks.push_back({{kLiteLlmRouterModel, parts.tiers[static_cast<size_t>(defaultTier)].fallbacks}});
    json contextFallbacks = json::array();
    for (const Model& m : parts.catalog.models())
        if (auto larger = largerContextModels(parts, m.id); !larger.empty())
            contextFallbacks.push_back({{m.id, larger}});

    json routerSettings = json::object();
    if (!fallbacks.empty()) routerSettings["fallbacks"] = fallbacks;
    if (!contextFallbacks.empty()) routerSettings["context_window_fallbacks"] = contextFallbacks;
    routerSettings["num_retries"] = RetryPolicy{}.maxAttempts - 1;
    routerSettings["timeout"] = static_cast<double>(Timeouts{}.total.count()) / 1000.0;
    routerSettings["allowed_fails"] = kLiteLlmAllowedFails;
    routerSettings["cooldown_time"] = kLiteLlmCooldownSeconds;

    if (!parts.policy.cascade.tiers.empty())
        result.warnings.push_back(
            {"/policy/cascade",
             "the cascade (checks on answers and escalation to the next tier) is not exported: LiteLLM "
             "sends a request once, to the decided model and then its fallbacks"});
    if (!parts.policy.adaptations.empty())
        result.warnings.push_back({"/policy/adaptations",
                                   "the hook adapts the system prompt for the decided model; LiteLLM sends a fallback "
                                   "the same messages, so a fallback does not get its own adaptation"});

    const std::string hookModule = std::string(kHookFile).substr(0, std::string(kHookFile).size() - 3);
    std::string yaml = "# config.yaml: generated by Switchyard " + std::string(kVersion) + " from the workspace '" +
                       safeForComment(workspace.name) +
                       "'; do not edit (export again).\n"
                       "# Start the proxy beside " +
                       kHookFile + " and " + options.moduleName +
                       ".py:  litellm --config config.yaml\n"
                       "# Send requests with model \"" +
                       kLiteLlmRouterModel +
                       "\": the hook routes them as the engine does. Keys come from "
                       "the environment (os.environ/NAME).\n";
    yaml += section("One deployment per model the policy routes to, one model group per tier (its primary) and \"" +
                        std::string(kLiteLlmRouterModel) +
                        "\" (the default tier's primary, which the hook replaces per request).",
                    "model_list", modelList);
    yaml += section(
        "The tiers' fallbacks, the context guard's larger models, the engine's retries and total timeout (s); "
        "allowed_fails and cooldown_time are LiteLLM's defaults, made explicit.",
        "router_settings", routerSettings);
    yaml += section("The routing hook: " + std::string(kHookFile) + " beside this file.", "litellm_settings",
                    json{{"callbacks", hookModule + ".proxy_handler_instance"}});

    std::string hook = litellmHookTemplate();
    replaceAll(hook, "@@HEADER@@",
               std::string(kHookFile) + ": generated by Switchyard " + kVersion + " from the workspace '" +
                   safeForComment(workspace.name) + "'; do not edit (export again)");
    replaceAll(hook, "@@MODULE@@", options.moduleName);
    replaceAll(hook, "@@ROUTER_MODEL@@", kLiteLlmRouterModel);

    result.files.push_back({"config.yaml", std::move(yaml)});
    result.files.push_back({kHookFile, std::move(hook)});
    result.files.push_back(router->files.front());
    return result;
}

}  // namespace switchyard::core
