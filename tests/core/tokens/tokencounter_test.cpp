#include "core/tokens/tokencounter.h"

#include <gtest/gtest.h>

using namespace switchyard::core;

TEST(TokenizerForModel, OpenAiModelsAreExact) {
    for (const char* id :
         {"gpt-4o", "gpt-4o-mini", "openai/gpt-4.1", "gpt-5", "gpt-5-mini", "o3", "o4-mini", "o1-preview"}) {
        const auto choice = tokenizerForModel(id);
        EXPECT_TRUE(choice.exact) << id;
        EXPECT_EQ(choice.encoding, Encoding::O200kBase) << id;
        EXPECT_EQ(choice.method, "o200k_base") << id;
    }
    for (const char* id : {"gpt-4", "gpt-4-turbo", "gpt-3.5-turbo", "text-embedding-3-small"}) {
        const auto choice = tokenizerForModel(id);
        EXPECT_TRUE(choice.exact) << id;
        EXPECT_EQ(choice.encoding, Encoding::Cl100kBase) << id;
    }
}

TEST(TokenizerForModel, OtherFamiliesAreMarkedEstimates) {
    const auto claude = tokenizerForModel("claude-sonnet-4-5");
    EXPECT_FALSE(claude.exact);
    EXPECT_EQ(claude.factorPermille, 1250u);
    EXPECT_EQ(claude.method, "estimate: o200k_base x 1.25 (Anthropic)");
    EXPECT_EQ(tokenizerForModel("gemini-2.5-pro").family, "Google");
    EXPECT_EQ(tokenizerForModel("gemini-2.5-pro").method, "estimate: o200k_base x 1.0 (Google)");
    EXPECT_EQ(tokenizerForModel("deepseek-chat").family, "DeepSeek");
    EXPECT_EQ(tokenizerForModel("mistral-large-latest").family, "Mistral");
    EXPECT_EQ(tokenizerForModel("grok-4").family, "xAI");
    EXPECT_EQ(tokenizerForModel("llama-3.3-70b-versatile").encoding, Encoding::Cl100kBase);
    EXPECT_EQ(tokenizerForModel("my-custom-model", "anthropic").family, "Anthropic");
    EXPECT_EQ(tokenizerForModel("qwen3-coder").family, "unknown");
    EXPECT_FALSE(tokenizerForModel("qwen3-coder").exact);
}

TEST(TokenCounter, CountsExactlyOrEstimates) {
    auto counter = TokenCounter::load();
    ASSERT_TRUE(counter.ok()) << counter.problem().toString();
    EXPECT_EQ(counter->countForModel("hello world", "gpt-4o"), (TokenCount{2, true, "o200k_base"}));
    EXPECT_EQ(counter->countForModel("hello world", "gpt-4"), (TokenCount{2, true, "cl100k_base"}));
    // 2 o200k tokens x 1.25 = 2.5, rounded up.
    EXPECT_EQ(counter->countForModel("hello world", "claude-opus-4-1"),
              (TokenCount{3, false, "estimate: o200k_base x 1.25 (Anthropic)"}));
    EXPECT_EQ(counter->countForModel("", "claude-opus-4-1").tokens, 0);
}
