// The LiteLLM export read back with yaml-cpp (a YAML 1.2 reader; the Python check reads it with
// PyYAML, a YAML 1.1 one): the YAML text means exactly the values written, the config has one
// deployment per model with the catalog's exact prices, one group per tier and the hook's, the
// tiers' fallbacks, and the complexity router only where the policy fits it.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "core/exporters/exporter.h"
#include "core/exporters/litellm.h"
#include "core/exporters/nativeconfig.h"
#include "core/exporters/yamltext.h"
#include "core/workspace/workspaceedits.h"

namespace switchyard::core {
namespace {

using json = nlohmann::ordered_json;

Workspace demo() {
    auto ws = loadWorkspace(demoWorkspacePath());
    EXPECT_TRUE(ws.ok());
    return ws.value();
}

// A YAML node as JSON, scalars typed the way YAML 1.2's core schema reads them.
json toJson(const YAML::Node& n) {
    if (n.IsMap()) {
        json out = json::object();
        for (const auto& kv : n) out[kv.first.as<std::string>()] = toJson(kv.second);
        return out;
    }
    if (n.IsSequence()) {
        json out = json::array();
        for (const auto& item : n) out.push_back(toJson(item));
        return out;
    }
    if (n.IsNull()) return nullptr;
    if (n.Tag() == "!") return n.as<std::string>();  // quoted: always a string
    const std::string s = n.Scalar();
    if (s == "true" || s == "false") return s == "true";
    if (s.find_first_of(".") != std::string::npos) return n.as<double>();
    return n.as<std::int64_t>();
}

std::map<std::string, YAML::Node> groups(const YAML::Node& config) {
    std::map<std::string, YAML::Node> out;
    for (const auto& d : config["model_list"])
        out[d["model_name"].as<std::string>()] = static_cast<const YAML::Node&>(d);
    return out;
}

ExportResult exportOf(const Workspace& ws) {
    auto policy = Policy::compile(ws);
    EXPECT_TRUE(policy.ok());
    auto result = LiteLlmExporter().write(*policy, ws, {});
    EXPECT_TRUE(result.ok());
    return result.value();
}

TEST(YamlTextTest, TextThatLooksLikeOtherThingsReadsBackAsTheSameValues) {
    const json value = {{"yes", "no"},
                        {"on", true},
                        {"null", nullptr},
                        {"plain_key", "a: b # not a comment"},
                        {"key with spaces", "- not a list"},
                        {"unicode", "caf\u00e9 \xf0\x9f\x98\x80 \xc2\x85 \xc2\x9f \x7f \xef\xbf\xbe"},
                        {"numbers", {1.5e-07, 1e-07, 2.5, 1e21, -3.25e-12, 42, 0}},
                        {"text_numbers", {"1e-07", "0755", "12", "~", "*ref", "&anchor"}},
                        {"nested", json::array({json{{"a", json::array({"x", "y"})}, {"b", json::object()}},
                                                json::array({json{{"deep", 1}}})})},
                        {"empty_list", json::array()},
                        {"multiline", "line one\nline two\r\n\ttabbed"}};
    const std::string text = toYaml(value);
    const json back = toJson(YAML::Load(text));
    EXPECT_EQ(back, value) << text;
    EXPECT_NE(text.find("[0.00000015, 0.0000001, 2.5, 1000000000000000000000.0, -0.00000000000325, 42, 0]"),
              std::string::npos)
        << "YAML 1.1 reads an exponent without a point as text: numbers are written out";
}

TEST(YamlTextTest, NumbersAreWrittenWithoutExponents) {
    EXPECT_EQ(yamlNumber(json(1e-07)), "0.0000001");
    EXPECT_EQ(yamlNumber(json(1.5e-07)), "0.00000015");
    EXPECT_EQ(yamlNumber(json(2.0)), "2.0");
    EXPECT_EQ(yamlNumber(json(1e21)), "1000000000000000000000.0");
    EXPECT_EQ(yamlNumber(json(-1.25e-3)), "-0.00125");
    EXPECT_EQ(yamlNumber(json(600)), "600");
}

TEST(LiteLlmExportTest, EveryModelTierAndTheHookHaveTheirDeploymentsWithExactPrices) {
    const Workspace ws = demo();
    const ExportResult result = exportOf(ws);
    ASSERT_EQ(result.files.size(), 3u);
    EXPECT_EQ(result.files[0].name, "config.yaml");
    EXPECT_EQ(result.files[1].name, "switchyard_litellm_hook.py");
    EXPECT_EQ(result.files[2].name, "switchyard_router.py");
    const YAML::Node config = YAML::Load(result.files[0].content);
    auto byName = groups(config);
    std::vector<ExportWarning> ignored;
    const Workspace parts = routingPartsOf(ws, ignored);
    for (const Model& m : parts.catalog.models()) {
        ASSERT_TRUE(byName.count(m.id)) << m.id;
        const YAML::Node d = byName[m.id];
        const ProviderConfig* p = ws.providerFor(m.id);
        ASSERT_NE(p, nullptr);
        EXPECT_EQ(d["litellm_params"]["model"].as<std::string>(), litellmModelName(p->kind, m.id));
        EXPECT_EQ(d["litellm_params"]["api_key"].as<std::string>(), "os.environ/" + p->keyEnv);
        EXPECT_EQ(d["model_info"]["input_cost_per_token"].Scalar(), Money::forTokens(1, m.prices.input).toExactString())
            << m.id;
        EXPECT_EQ(d["model_info"]["output_cost_per_token"].Scalar(),
                  Money::forTokens(1, m.prices.output).toExactString())
            << m.id;
        if (m.prices.cacheRead) {
            EXPECT_EQ(d["model_info"]["cache_read_input_token_cost"].Scalar(),
                      Money::forTokens(1, *m.prices.cacheRead).toExactString());
        }
        EXPECT_EQ(d["model_info"]["max_input_tokens"].as<std::int64_t>(), m.contextWindow);
        if (p->kind == "openai-compatible") {
            EXPECT_EQ(d["litellm_params"]["api_base"].as<std::string>(), p->baseUrl);
        } else {
            EXPECT_FALSE(d["litellm_params"]["api_base"]) << m.id << ": the provider's own URL needs no api_base";
        }
    }
    std::map<std::string, std::vector<std::string>> fallbacks;
    for (const auto& entry : config["router_settings"]["fallbacks"])
        for (const auto& kv : entry) fallbacks[kv.first.as<std::string>()] = kv.second.as<std::vector<std::string>>();
    for (const Tier& t : ws.tiers) {
        ASSERT_TRUE(byName.count(t.name)) << t.name;
        EXPECT_EQ(byName[t.name]["litellm_params"]["model"].as<std::string>(),
                  byName[t.primary]["litellm_params"]["model"].as<std::string>());
        EXPECT_EQ(fallbacks[t.name], t.fallbacks);
    }
    const Tier* defaultTier = ws.findTier(ws.policy.defaultTier);
    ASSERT_NE(defaultTier, nullptr);
    EXPECT_EQ(byName[kLiteLlmRouterModel]["litellm_params"]["model"].as<std::string>(),
              byName[defaultTier->primary]["litellm_params"]["model"].as<std::string>());
    EXPECT_EQ(fallbacks[kLiteLlmRouterModel], defaultTier->fallbacks);
    EXPECT_EQ(config["litellm_settings"]["callbacks"].as<std::string>(),
              "switchyard_litellm_hook.proxy_handler_instance");
    EXPECT_FALSE(byName.count(kLiteLlmComplexityModel))
        << "the demo's regex, split and token rules do not fit the complexity router";
    bool cascadeWarned = false;
    for (const auto& w : result.warnings) cascadeWarned = cascadeWarned || w.pointer == "/policy/cascade";
    EXPECT_EQ(cascadeWarned, !ws.policy.cascade.tiers.empty());
}

TEST(LiteLlmExportTest, AContextWindowFallbackOnlyNamesLargerModelsOfLaterTiers) {
    const Workspace ws = demo();
    const YAML::Node config = YAML::Load(exportOf(ws).files[0].content);
    for (const auto& entry : config["router_settings"]["context_window_fallbacks"])
        for (const auto& kv : entry) {
            const Model* from = ws.catalog.find(kv.first.as<std::string>());
            ASSERT_NE(from, nullptr);
            for (const auto& to : kv.second) {
                const Model* m = ws.catalog.find(to.as<std::string>());
                ASSERT_NE(m, nullptr);
                EXPECT_GT(m->contextWindow, from->contextWindow) << from->id << " -> " << m->id;
            }
        }
}

TEST(LiteLlmExportTest, AKeywordOnlyPolicyAlsoGetsTheComplexityRouterWithItsRules) {
    Workspace ws = demo();
    ws.policy.rules.clear();
    ws.policy.cascade.tiers.clear();
    ws.policy.adaptations.clear();
    Rule urgent;
    urgent.name = "urgent";
    urgent.when.kind = PredicateKind::Keywords;
    urgent.when.values = {"outage", "step by step"};
    urgent.action.tier = ws.tiers.back().name;
    Rule easy = urgent;
    easy.name = "easy";
    easy.when.values = {"hello"};
    easy.action.tier = ws.tiers.front().name;
    ws.policy.rules = {urgent, easy};
    const ExportResult result = exportOf(ws);
    auto byName = groups(YAML::Load(result.files[0].content));
    ASSERT_TRUE(byName.count(kLiteLlmComplexityModel));
    const YAML::Node c = byName[kLiteLlmComplexityModel]["litellm_params"];
    EXPECT_EQ(c["model"].as<std::string>(), "auto_router/complexity_router");
    const YAML::Node tiers = c["complexity_router_config"]["tiers"];
    ASSERT_EQ(ws.tiers.size(), 3u);
    EXPECT_EQ(tiers["SIMPLE"].as<std::string>(), ws.tiers[0].name);
    EXPECT_EQ(tiers["MEDIUM"].as<std::string>(), ws.tiers[0].name);
    EXPECT_EQ(tiers["COMPLEX"].as<std::string>(), ws.tiers[1].name);
    EXPECT_EQ(tiers["REASONING"].as<std::string>(), ws.tiers[2].name);
    const YAML::Node rules = c["complexity_router_config"]["keyword_tier_rules"];
    ASSERT_EQ(rules.size(), 2u);
    EXPECT_EQ(rules[0]["keywords"].as<std::vector<std::string>>(), urgent.when.values);
    EXPECT_EQ(rules[0]["tier"].as<std::string>(), "REASONING");
    EXPECT_EQ(rules[1]["tier"].as<std::string>(), "SIMPLE");
    EXPECT_EQ(c["complexity_router_config"]["default_model"].as<std::string>(), ws.policy.defaultTier);
    bool warned = false;
    for (const auto& w : result.warnings)
        warned = warned || w.message.find(kLiteLlmComplexityModel) != std::string::npos;
    EXPECT_TRUE(warned) << "the heuristic that replaces the classifier must be said";

    ws.policy.rules[1].when.matchAll = true;  // "all of these words" is not LiteLLM's "any keyword"
    EXPECT_FALSE(groups(YAML::Load(exportOf(ws).files[0].content)).count(kLiteLlmComplexityModel));
}

TEST(LiteLlmExportTest, ATierNamedLikeAModelGetsAGroupOfItsOwn) {
    Workspace ws = demo();
    const std::string clash = ws.tiers[1].fallbacks.front();
    ASSERT_TRUE(renameTier(ws, 1, clash).ok());
    auto byName = groups(YAML::Load(exportOf(ws).files[0].content));
    ASSERT_TRUE(byName.count("tier-" + clash));
    EXPECT_EQ(byName[clash]["litellm_params"]["model"].as<std::string>(),
              litellmModelName(ws.providerFor(clash)->kind, clash));
    EXPECT_EQ(byName["tier-" + clash]["litellm_params"]["model"].as<std::string>(),
              litellmModelName(ws.providerFor(ws.tiers[1].primary)->kind, ws.tiers[1].primary));
}

}  // namespace
}  // namespace switchyard::core
