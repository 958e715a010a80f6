// Dataset files: JSONL and CSV items with prompts or messages, references, tags and task types;
// a CSV column mapping; bad lines refused with their line numbers and counted, the rest kept;
// and samples of a traffic log, random and stratified.
#include <gtest/gtest.h>

#include <fstream>

#include "../store/storetestutil.h"
#include "core/eval/datasetimport.h"
#include "core/eval/datasetitem.h"
#include "core/eval/trafficsample.h"

using namespace switchyard::core;
using switchyard::core::testing::TempDir;

TEST(DatasetJsonl, ReadsPromptsMessagesReferencesTagsAndTaskTypes) {
    const std::string text =
        R"({"id":"q1","prompt":"What is 2+2?","expected":"4","tags":["math","easy"],"task_type":"qa"})"
        "\n"
        R"({"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],"reference":"Hello","tags":"chat"})"
        "\n"
        "\n"
        R"({"prompt":"Plain"})"
        "\n";
    const DatasetImport got = parseDatasetJsonl(text, "d.jsonl");
    EXPECT_EQ(got.lines, 3);
    EXPECT_EQ(got.skipped, 0);
    ASSERT_EQ(got.items.size(), 3u);
    EXPECT_EQ(got.items[0].key, "q1");
    EXPECT_EQ(got.items[0].prompt, "What is 2+2?");
    EXPECT_EQ(got.items[0].expected, "4");
    EXPECT_EQ(got.items[0].tags, (std::vector<std::string>{"easy", "math"}));
    EXPECT_EQ(got.items[0].taskType, "qa");
    EXPECT_EQ(got.items[1].key, "2");  // no id: its line number
    EXPECT_EQ(got.items[1].expected, "Hello");
    EXPECT_EQ(got.items[1].tags, (std::vector<std::string>{"chat"}));
    const Request asked = requestOfItem(got.items[1]);
    ASSERT_EQ(asked.messages.size(), 2u);
    EXPECT_EQ(asked.messages[0], (Message{"system", "Be brief."}));
    EXPECT_EQ(got.items[2].key, "4");
    EXPECT_TRUE(got.items[2].requestJson.empty());  // the prompt alone
    EXPECT_EQ(requestOfItem(got.items[2]).messages, (std::vector<Message>{{"user", "Plain"}}));
}

TEST(DatasetJsonl, BadLinesAreCountedWithTheirLineNumbersAndTheRestImported) {
    const std::string text = R"({"prompt":"ok 1"})"
                             "\n"
                             R"({"expected":"no prompt here"})"
                             "\n"
                             R"({"prompt": "cut)"
                             "\n"
                             R"([1,2])"
                             "\n"
                             R"({"id":"x","prompt":"a"})"
                             "\n"
                             R"({"id":"x","prompt":"b"})"
                             "\n"
                             R"({"prompt":"t","tags":[1]})"
                             "\n"
                             R"({"prompt":"ok 2"})";
    const DatasetImport got = parseDatasetJsonl(text, "d.jsonl");
    EXPECT_EQ(got.lines, 8);
    EXPECT_EQ(got.skipped, 5);
    ASSERT_EQ(got.items.size(), 3u);
    EXPECT_EQ(got.items[2].prompt, "ok 2");
    ASSERT_EQ(got.problems.size(), 5u);
    std::vector<int> lines;
    for (const auto& p : got.problems) lines.push_back(p.line);
    EXPECT_EQ(lines, (std::vector<int>{2, 3, 4, 6, 7}));
    EXPECT_NE(got.problems[0].message.find("no prompt"), std::string::npos);
    EXPECT_NE(got.problems[3].message.find("used before, on line 5"), std::string::npos);
    EXPECT_EQ(got.problems[0].file, "d.jsonl");
}

TEST(DatasetCsv, MapsColumnsKeepsTheRestAsMetadataAndCountsQuotedNewlines) {
    const std::string text =
        "qid,question,answer,labels,kind,team\n"
        "a,\"two\nlines\",yes,billing; urgent,qa,north\n"
        "b,,x,,,south\n"
        "c,third,\"say \"\"hi\"\"\",,chat,\n";
    DatasetImportOptions o;
    o.csvColumns = {
        {"id", "qid"}, {"prompt", "question"}, {"expected", "answer"}, {"tags", "labels"}, {"task_type", "kind"}};
    auto got = parseDatasetCsv(text, "d.csv", o);
    ASSERT_TRUE(got) << got.problem().toString();
    EXPECT_EQ(got->lines, 3);
    EXPECT_EQ(got->skipped, 1);
    ASSERT_EQ(got->items.size(), 2u);
    EXPECT_EQ(got->items[0].prompt, "two\nlines");
    EXPECT_EQ(got->items[0].tags, (std::vector<std::string>{"billing", "urgent"}));
    EXPECT_EQ(got->items[0].taskType, "qa");
    EXPECT_EQ(got->items[0].metadataJson, R"({"team":"north"})");
    EXPECT_EQ(got->items[1].expected, "say \"hi\"");
    ASSERT_EQ(got->problems.size(), 1u);
    EXPECT_EQ(got->problems[0].line, 4);  // the record after the quoted newline
}

TEST(DatasetCsv, AMappedColumnMissingFromTheHeaderOrNoPromptIsRefusedWhole) {
    DatasetImportOptions o;
    o.csvColumns = {{"prompt", "question"}};
    auto missing = parseDatasetCsv("q,a\nx,y\n", "d.csv", o);
    ASSERT_FALSE(missing);
    EXPECT_NE(
        missing.problem().message.find("\"question\" (mapped to prompt) is not in the header; the header has: q, a"),
        std::string::npos);
    auto noPrompt = parseDatasetCsv("q,a\nx,y\n", "d.csv");
    ASSERT_FALSE(noPrompt);
    EXPECT_NE(noPrompt.problem().message.find("no prompt column"), std::string::npos);
    o.csvColumns = {{"answer", "a"}};
    auto unknownField = parseDatasetCsv("q,a\n", "d.csv", o);
    ASSERT_FALSE(unknownField);
    EXPECT_NE(unknownField.problem().message.find("unknown field \"answer\""), std::string::npos);
}

TEST(DatasetCsv, MessagesColumnHoldsAJsonList) {
    auto got =
        parseDatasetCsv("messages\n\"[{\"\"role\"\":\"\"user\"\",\"\"content\"\":\"\"hey\"\"}]\"\n\"[1]\"\n", "d.csv");
    ASSERT_TRUE(got) << got.problem().toString();
    ASSERT_EQ(got->items.size(), 1u);
    EXPECT_EQ(got->items[0].prompt, "hey");
    EXPECT_EQ(got->skipped, 1);
    EXPECT_EQ(got->problems[0].line, 3);
}

namespace {
std::filesystem::path writeLog(const TempDir& dir, int codeLines, int chatLines) {
    const auto path = dir / "traffic.jsonl";
    std::ofstream out(path);
    int n = 0;
    for (int i = 0; i < codeLines; ++i)
        out << R"({"model":"gpt-4o","task_type":"code","messages":[{"role":"user","content":"code )" << n++ << R"("}]})"
            << '\n';
    for (int i = 0; i < chatLines; ++i)
        out << R"({"model":"gpt-4o","task_type":"chat","messages":[{"role":"user","content":"chat )" << n++ << R"("}]})"
            << '\n';
    out << "not json\n";
    return path;
}
}  // namespace

TEST(TrafficSample, RandomSampleIsDistinctSeededAndInLogOrder) {
    TempDir dir;
    const auto path = writeLog(dir, 30, 70);
    TrafficSampleOptions o;
    o.size = 10;
    o.seed = 7;
    auto a = sampleTrafficLog(path, o);
    ASSERT_TRUE(a) << a.problem().toString();
    EXPECT_EQ(a->lines, 101);
    EXPECT_EQ(a->skipped, 1);
    ASSERT_EQ(a->items.size(), 10u);
    std::set<std::string> keys;
    for (const auto& item : a->items) keys.insert(item.key);
    EXPECT_EQ(keys.size(), 10u);
    EXPECT_EQ(a->items[0].metadataJson, R"({"logged_model":"gpt-4o"})");
    auto b = sampleTrafficLog(path, o);
    ASSERT_TRUE(b);
    EXPECT_EQ(a->items, b->items);
    o.seed = 8;
    auto c = sampleTrafficLog(path, o);
    EXPECT_NE(a->items, c->items);
}

TEST(TrafficSample, StratifiedSampleKeepsTheLogsSharesPerTaskType) {
    TempDir dir;
    const auto path = writeLog(dir, 30, 70);
    TrafficSampleOptions o;
    o.size = 10;
    o.strata = SampleStrata::TaskType;
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        o.seed = seed;
        auto s = sampleTrafficLog(path, o);
        ASSERT_TRUE(s);
        int code = 0;
        for (const auto& item : s->items) code += item.taskType == "code" ? 1 : 0;
        EXPECT_EQ(code, 3);
        EXPECT_EQ(s->items.size(), 10u);
    }
    o.size = 1000;  // more than the log: every request once
    auto all = sampleTrafficLog(path, o);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->items.size(), 100u);
}
