// The one definition of a route (core/policy/routekey.h): its label, and the deciding-rule label
// the store, the simulator and the dashboard all show under it.
#include <gtest/gtest.h>

#include "core/policy/routekey.h"

using namespace switchyard::core;

TEST(RouteKey, LabelsTierAndModelOrTheModelAlone) {
    EXPECT_EQ(routeLabel("balanced", "gpt-5-mini"), "balanced / gpt-5-mini");
    EXPECT_EQ((RouteKey{"", "claude-x"}).label(), "claude-x");  // a rule named a model outside every tier
    std::string out = "x:";
    appendRouteLabel(out, "fast", "nano");
    EXPECT_EQ(out, "x:fast / nano");
    EXPECT_LT((RouteKey{"fast", "a"}), (RouteKey{"fast", "b"}));
}

TEST(RouteKey, TheDecidingRuleReadsTheSameFromADecisionAndFromTheStoredColumns) {
    Decision byRule;
    byRule.tier = "frontier";
    byRule.model = "big";
    byRule.decidedBy = DecidedBy::Rule;
    byRule.rule = "long-context";
    EXPECT_EQ(routeOf(byRule), (RouteKey{"frontier", "big"}));
    EXPECT_EQ(decidingRuleOf(byRule), "rule: long-context");
    EXPECT_EQ(decidingRuleFrom("long-context", ""), decidingRuleOf(byRule));

    Decision byClassifier;
    byClassifier.decidedBy = DecidedBy::Classifier;
    byClassifier.classifier = ClassifierTrace{};
    byClassifier.classifier->result.label = "hard";
    EXPECT_EQ(decidingRuleOf(byClassifier), "classifier: hard");
    EXPECT_EQ(decidingRuleFrom("", "hard"), decidingRuleOf(byClassifier));

    Decision byDefault;
    EXPECT_EQ(decidingRuleOf(byDefault), "default");
    EXPECT_EQ(decidingRuleFrom("", ""), "default");
}
