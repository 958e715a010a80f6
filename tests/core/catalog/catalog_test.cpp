#include <gtest/gtest.h>

#include <set>

#include "core/catalog/catalog.h"
#include "core/catalog/cost.h"
#include "core/catalog/litellmimport.h"
#include "core/common/files.h"

using namespace switchyard::core;

TEST(BundledCatalog, HasAtLeast25ChatModelsWithCitedPrices) {
    auto c = loadBundledCatalog();
    ASSERT_TRUE(c.ok()) << formatProblems(c.problems());
    EXPECT_GE(c->size(), 25u);
    std::set<std::string> vendors;
    for (const auto& m : c->models()) {
        vendors.insert(m.provider);
        EXPECT_FALSE(m.source.empty()) << m.id << " has no source";
        EXPECT_EQ(m.priceDate.size(), 10u) << m.id << " has no YYYY-MM-DD price date";
        EXPECT_GT(m.contextWindow, 0) << m.id;
        EXPECT_GT(m.maxOutput, 0) << m.id;
        EXPECT_GT(m.prices.output, Price{}) << m.id;
    }
    for (const char* v : {"openai", "anthropic", "google", "deepseek", "mistral", "xai", "groq"})
        EXPECT_TRUE(vendors.count(v)) << v;
    // Spot-check against the models.dev snapshot (../shared/data/model-prices.json).
    const Model* mini = c->find("gpt-4o-mini");
    ASSERT_NE(mini, nullptr);
    EXPECT_EQ(mini->prices.input.toString(), "0.15");
    EXPECT_EQ(mini->prices.cacheRead->toString(), "0.075");
    EXPECT_EQ(mini->tokenizer, "o200k_base");
}

TEST(BundledCatalog, RoundTripsThroughJson) {
    auto c = loadBundledCatalog();
    ASSERT_TRUE(c.ok());
    auto again = parseCatalog(catalogToJson(*c).dump(2), "again.json");
    ASSERT_TRUE(again.ok()) << formatProblems(again.problems());
    EXPECT_EQ(*again, *c);
}

TEST(Catalog, ReportsEveryProblemWithItsLocation) {
    const std::string text = R"({
  "format": "switchyard.catalog",
  "version": 1,
  "models": [
    {"id": "a", "provider": "x", "input": -1, "output": 2, "context_window": 1000, "max_output": 10},
    {"id": "b", "provider": "x", "input": "cheap", "output": 2, "context_window": 1000, "max_output": 5000},
    {"id": "a", "provider": "x", "input": 1, "output": 2, "context_window": 1000, "max_output": 10, "tokenzier": "x"}
  ]
})";
    auto r = parseCatalog(text, "c.json");
    ASSERT_FALSE(r.ok());
    const std::string all = formatProblems(r.problems());
    EXPECT_NE(all.find("c.json:5:"), std::string::npos) << all;
    EXPECT_NE(all.find("/models/0/input: a price cannot be negative"), std::string::npos) << all;
    EXPECT_NE(all.find("/models/1/input"), std::string::npos) << all;
    EXPECT_NE(all.find("/models/1/max_output"), std::string::npos) << all;
    EXPECT_NE(all.find("/models/2/tokenzier: unknown field"), std::string::npos) << all;
}

TEST(LiteLlmImport, ConvertsPerTokenPricesAndSkipsNonChatModes) {
    auto text = readTextFile(std::string(SWITCHYARD_TEST_DATA_DIR) + "/litellm/model_prices_small.json");
    ASSERT_TRUE(text.ok());
    auto r = importLiteLlm(*text, "model_prices_small.json");
    ASSERT_TRUE(r.ok()) << formatProblems(r.problems());
    EXPECT_EQ(r->skippedNonChat, 2);     // embedding, image_generation
    EXPECT_EQ(r->skippedIncomplete, 1);  // mystery-model has no prices
    ASSERT_EQ(r->catalog.size(), 3u);

    const Model* mini = r->catalog.find("gpt-4o-mini");
    ASSERT_NE(mini, nullptr);
    EXPECT_EQ(mini->prices.input.toString(), "0.15");
    EXPECT_EQ(mini->prices.output.toString(), "0.6");
    EXPECT_EQ(mini->prices.cacheRead->toString(), "0.075");
    EXPECT_EQ(mini->prices.batch.basisPoints, 5000);
    EXPECT_EQ(mini->contextWindow, 128000);
    EXPECT_EQ(mini->tokenizer, "o200k_base");

    const Model* sonnet = r->catalog.find("claude-sonnet-4-5");
    ASSERT_NE(sonnet, nullptr);
    EXPECT_EQ(sonnet->prices.cacheWrite->toString(), "3.75");
    ASSERT_EQ(sonnet->prices.longContext.size(), 1u);
    EXPECT_EQ(sonnet->prices.longContext[0].aboveInputTokens, 200000);
    EXPECT_EQ(sonnet->prices.longContext[0].output.toString(), "22.5");
    EXPECT_EQ(sonnet->tokenizer, "estimate");

    const Model* gemini = r->catalog.find("gemini/gemini-2.5-pro");
    ASSERT_NE(gemini, nullptr);
    EXPECT_EQ(gemini->provider, "google");
    // 250k tokens in, above 200k: 250000 x 2.5 + 1000 x 15 per 1M = 0.625 + 0.015
    EXPECT_EQ(costOf(gemini->prices, Usage{250000, 0, 0, 1000}).total.toExactString(), "0.64");

    // What was imported is a valid catalog.
    auto reparsed = parseCatalog(catalogToJson(r->catalog).dump(), "out.json");
    EXPECT_TRUE(reparsed.ok()) << formatProblems(reparsed.problems());
}

TEST(LiteLlmImport, RefusesSomethingElse) {
    EXPECT_FALSE(importLiteLlm("[1,2]", "x.json").ok());
    auto broken = importLiteLlm("{\"a\": ", "x.json");
    ASSERT_FALSE(broken.ok());
    EXPECT_EQ(broken.problem().file, "x.json");
    EXPECT_GT(broken.problem().line, 0);
}

namespace {
Catalog aliasCatalog() {
    const std::string text = R"({"format": "switchyard.catalog", "version": 1, "models": [
    {"id": "gpt-4.1", "provider": "openai", "input": 2, "output": 8, "context_window": 1000, "max_output": 10},
    {"id": "gpt-4.1-mini", "provider": "openai", "input": 0.4, "output": 1.6, "context_window": 1000, "max_output": 10},
    {"id": "claude-sonnet-4-5", "provider": "anthropic", "input": 3, "output": 15, "context_window": 1000, "max_output": 10,
     "aliases": ["claude-sonnet-latest", "anthropic.claude-sonnet-4-5-v1:0"]}
  ]})";
    auto c = parseCatalog(text, "aliases.json");
    if (!c) throw std::runtime_error(formatProblems(c.problems()));
    return std::move(*c);
}
}  // namespace

TEST(Catalog, LoggedModelNamesFindTheirModelByTheAliasRule) {
    const Catalog c = aliasCatalog();
    auto id = [&](const char* name) {
        const Model* m = c.findLogged(name);
        return m ? m->id : std::string("(none)");
    };
    EXPECT_EQ(id("gpt-4.1-mini"), "gpt-4.1-mini");
    // Dated snapshots, as OpenAI's usage buckets and Anthropic's responses name models.
    EXPECT_EQ(id("gpt-4.1-mini-2025-04-14"), "gpt-4.1-mini");
    EXPECT_EQ(id("gpt-4.1-2025-04-14"), "gpt-4.1");
    EXPECT_EQ(id("claude-sonnet-4-5-20250929"), "claude-sonnet-4-5");
    EXPECT_EQ(id("claude-sonnet-4-5@20250929"), "claude-sonnet-4-5");
    // Provider prefixes, as LiteLLM spend logs write them, with or without a date.
    EXPECT_EQ(id("openai/gpt-4.1-mini"), "gpt-4.1-mini");
    EXPECT_EQ(id("anthropic/claude-sonnet-4-5-20250929"), "claude-sonnet-4-5");
    EXPECT_EQ(id("openrouter/anthropic/claude-sonnet-4-5"), "claude-sonnet-4-5");
    // The catalog's own aliases, also behind a prefix.
    EXPECT_EQ(id("claude-sonnet-latest"), "claude-sonnet-4-5");
    EXPECT_EQ(id("bedrock/anthropic.claude-sonnet-4-5-v1:0"), "claude-sonnet-4-5");
    // Near misses stay unmatched rather than guessed.
    EXPECT_EQ(id("gpt-4.1-nano"), "(none)");
    EXPECT_EQ(id("gpt-4.1-mini-2025-04"), "(none)");
    EXPECT_EQ(id("gpt-4.1-mini-preview"), "(none)");
    EXPECT_EQ(id(""), "(none)");
    // Aliases survive a round trip through JSON.
    auto again = parseCatalog(catalogToJson(c).dump(2), "again.json");
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, c);
}

TEST(Catalog, AnAliasNamesOneModel) {
    const std::string text = R"({"format": "switchyard.catalog", "version": 1, "models": [
    {"id": "a", "provider": "x", "input": 1, "output": 2, "context_window": 1000, "max_output": 10, "aliases": ["b", "c"]},
    {"id": "b", "provider": "x", "input": 1, "output": 2, "context_window": 1000, "max_output": 10, "aliases": ["c", ""]}
  ]})";
    auto r = parseCatalog(text, "dup.json");
    ASSERT_FALSE(r.ok());
    const std::string all = formatProblems(r.problems());
    EXPECT_NE(all.find("/models/1/aliases/1: an alias must be a non-empty model name"), std::string::npos) << all;
}

TEST(Catalog, AliasesMayNotShadowIdsOrRepeat) {
    const std::string text = R"({"format": "switchyard.catalog", "version": 1, "models": [
    {"id": "a", "provider": "x", "input": 1, "output": 2, "context_window": 1000, "max_output": 10, "aliases": ["b", "c"]},
    {"id": "b", "provider": "x", "input": 1, "output": 2, "context_window": 1000, "max_output": 10, "aliases": ["c"]}
  ]})";
    auto r = parseCatalog(text, "dup.json");
    ASSERT_FALSE(r.ok());
    const std::string all = formatProblems(r.problems());
    EXPECT_NE(all.find("/models/0/aliases/0: the alias \"b\" is the id of a model"), std::string::npos) << all;
    EXPECT_NE(all.find("/models/1/aliases/0: the alias \"c\" is given more than once"), std::string::npos) << all;
}
