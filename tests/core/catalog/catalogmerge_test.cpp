// Planning and applying an import of a price list into a catalog.
#include <gtest/gtest.h>

#include "core/catalog/catalogmerge.h"

using namespace switchyard::core;

namespace {

Model model(std::string id, const char* input, const char* output, std::int64_t context, std::int64_t maxOutput) {
    Model m;
    m.id = id;
    m.provider = "openai";
    m.name = "Our " + id;
    m.prices.input = *Price::parse(input);
    m.prices.output = *Price::parse(output);
    m.contextWindow = context;
    m.maxOutput = maxOutput;
    m.tokenizer = "o200k_base";
    m.source = "https://example.com/ours";
    m.priceDate = "2026-01-01";
    return m;
}

}  // namespace

TEST(CatalogMerge, SortsTheListIntoAddedChangedAndUnchangedAndKeepsWhatTheListDoesNotSay) {
    Model same = model("same", "1", "2", 1000, 100);
    Model cheaper = model("cheaper", "3", "15", 200000, 64000);
    cheaper.prices.cacheRead = *Price::parse("0.3");
    cheaper.prices.batch = Discount{5000};
    const Catalog ours({same, cheaper, model("untouched", "5", "25", 200000, 64000)});

    Model theirsSame = same;
    theirsSame.name = "same";                                            // display names are ours: not a change
    theirsSame.tokenizer = "estimate";                                   // nor is the tokenizer
    Model theirsCheaper = model("cheaper", "2.5", "15", 400000, 64000);  // no cache or batch price in the list
    theirsCheaper.source = "LiteLLM";
    Model fresh = model("fresh", "0.1", "0.4", 128000, 16384);
    const Catalog imported({theirsSame, theirsCheaper, fresh, model("fresh", "9", "9", 10, 1)});

    const CatalogMerge merge = planCatalogMerge(ours, imported);
    ASSERT_EQ(merge.added.size(), 1u);
    EXPECT_EQ(merge.added[0].prices.input.toString(), "0.1");  // the first of a repeated id
    EXPECT_EQ(merge.unchanged, std::vector<std::string>{"same"});
    ASSERT_EQ(merge.changed.size(), 1u);
    const CatalogModelUpdate& update = merge.changed[0];
    EXPECT_EQ(update.index, 1u);
    EXPECT_EQ(update.fields, (std::vector<std::string>{"input price", "context window"}));
    EXPECT_EQ(update.after.prices.input.toString(), "2.5");
    EXPECT_EQ(update.after.contextWindow, 400000);
    EXPECT_EQ(update.after.prices.cacheRead, Price::parse("0.3"));  // kept: the list has none
    EXPECT_EQ(update.after.prices.batch.basisPoints, 5000);
    EXPECT_EQ(update.after.name, "Our cheaper");
    EXPECT_EQ(update.after.source, "LiteLLM");

    Catalog applied = ours;
    applyCatalogMerge(applied, merge);
    ASSERT_EQ(applied.size(), 4u);
    EXPECT_EQ(applied.models()[0], same);
    EXPECT_EQ(applied.models()[1], update.after);
    EXPECT_EQ(applied.models()[2].id, "untouched");
    EXPECT_EQ(applied.models()[3].id, "fresh");
}

TEST(CatalogMerge, AListWithNothingNewIsAnEmptyPlan) {
    const Catalog ours({model("a", "1", "2", 1000, 100)});
    const CatalogMerge merge = planCatalogMerge(ours, ours);
    EXPECT_TRUE(merge.empty());
    EXPECT_EQ(merge.unchanged.size(), 1u);
}
