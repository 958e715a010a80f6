// The exporter interface and the native routing config: every format is found by its name, the
// config names keys only by variable, keeps what routing uses, and reads back into a workspace
// with the same policy; problems in a config are located like a workspace's.
#include <gtest/gtest.h>

#include <set>

#include "core/exporters/exporter.h"
#include "core/exporters/nativeconfig.h"
#include "core/exporters/pythonrouter.h"

namespace switchyard::core {
namespace {

Workspace demo() {
    auto ws = loadWorkspace(demoWorkspacePath());
    EXPECT_TRUE(ws.ok());
    return ws.value();
}

TEST(ExporterTest, EveryFormatHasAUniqueNameAndASuffix) {
    std::set<std::string> names;
    for (const auto& e : exporters()) {
        EXPECT_TRUE(names.insert(e->name()).second) << e->name();
        EXPECT_EQ(e->suffix().front(), '.');
        EXPECT_EQ(findExporter(e->name()), e);
    }
    EXPECT_TRUE(names.count("native") && names.count("python") && names.count("typescript"));
    EXPECT_EQ(findExporter("yaml"), nullptr);
}

TEST(ExporterTest, TheSameWorkspaceExportsTheSameBytes) {
    const Workspace ws = demo();
    auto policy = Policy::compile(ws);
    ASSERT_TRUE(policy.ok());
    for (const auto& e : exporters()) {
        auto a = e->write(*policy, ws, {});
        auto b = e->write(*policy, ws, {});
        ASSERT_TRUE(a.ok() && b.ok()) << e->name();
        ASSERT_FALSE(a->files.empty());
        EXPECT_EQ(a->files, b->files) << e->name();
        EXPECT_EQ(a->files.front().name.substr(a->files.front().name.size() - e->suffix().size()), e->suffix());
    }
}

TEST(NativeConfigTest, KeepsTheModelsRoutingUsesAndReadsBackTheSamePolicy) {
    Workspace ws = demo();
    ws.catalog.models().push_back(ws.catalog.models().front());
    ws.catalog.models().back().id = "unused-model";
    std::vector<ExportWarning> warnings;
    const Workspace parts = routingPartsOf(ws, warnings);
    EXPECT_EQ(parts.catalog.find("unused-model"), nullptr);
    for (const auto& t : ws.tiers) EXPECT_NE(parts.catalog.find(t.primary), nullptr) << t.primary;
    EXPECT_TRUE(warnings.empty());
    auto back = parseRoutingConfig(routingConfigToText(parts), "config.json");
    ASSERT_TRUE(back.ok()) << formatProblems(back.problems());
    EXPECT_EQ(back->policy, ws.policy);
    EXPECT_EQ(back->tiers, ws.tiers);
    EXPECT_EQ(back->providers, parts.providers);
    EXPECT_TRUE(back->datasets.empty());
}

TEST(NativeConfigTest, AKeychainOnlyProviderIsWarnedAboutAndTheEntryIsLeftOut) {
    Workspace ws = demo();
    ws.providers.front().keyEnv.clear();
    ws.providers.front().keychainEntry = "switchyard/openai";
    std::vector<ExportWarning> warnings;
    const Workspace parts = routingPartsOf(ws, warnings);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].pointer, "/providers/0/keychain");
    EXPECT_EQ(routingConfigToText(parts).find("switchyard/openai"), std::string::npos);
}

TEST(NativeConfigTest, ProblemsAreLocatedAndWorkspaceOnlyPartsRefused) {
    std::vector<ExportWarning> warnings;
    std::string text = routingConfigToText(routingPartsOf(demo(), warnings));
    auto other = parseRoutingConfig(workspaceToText(demo()), "ws.json");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.problem().pointer, "/format");
    const std::string tier = "\"default_tier\": \"medium\"";
    ASSERT_NE(text.find(tier), std::string::npos);
    text.replace(text.find(tier), tier.size(), "\"default_tier\": \"huge\"");
    auto bad = parseRoutingConfig(text, "config.json");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.problem().file, "config.json");
    EXPECT_EQ(bad.problem().pointer, "/policy/default_tier");
    EXPECT_GT(bad.problem().line, 1);
    text.insert(1, "\"datasets\": [],");
    auto withDatasets = parseRoutingConfig(text, "config.json");
    ASSERT_FALSE(withDatasets.ok());
    EXPECT_EQ(withDatasets.problem().pointer, "/datasets");
}

TEST(PythonRouterTest, RefusesAModuleNameThatIsNoIdentifier) {
    const Workspace ws = demo();
    auto policy = Policy::compile(ws);
    ASSERT_TRUE(policy.ok());
    ExportOptions options;
    options.moduleName = "my-router";
    EXPECT_FALSE(PythonRouterExporter().write(*policy, ws, options).ok());
}

TEST(PythonRouterTest, QuotedLiteralReadsBackAsTheSameText) {
    EXPECT_EQ(quotedAsciiLiteral(R"({"a":"b\"c\\d"})"), R"("{\"a\":\"b\\\"c\\\\d\"}")");
}

}  // namespace
}  // namespace switchyard::core
