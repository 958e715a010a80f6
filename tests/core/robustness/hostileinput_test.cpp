// Every entry point that reads JSON or numbers gets the same hostile inputs: numbers no double
// holds (too large, too small to tell from 0), -0, integers beyond int64 where an int is
// expected, nesting 1,000,000 deep, invalid UTF-8, a lone surrogate escape, a NUL byte, an
// empty file and 100 MB of white space. Each input goes in whole, and spliced into a valid
// document at a field the entry point reads. Nothing may throw or crash; documents a user edits
// answer with located problems (file:line:column and the field's JSON pointer); untrusted
// bytes (provider responses, answers, traffic lines) answer with an error, never a value.
//
// The store reads no JSON back (it keeps the request metadata as text it was given), so it has
// no entry here; the mock's request bodies go through the same parseJsonText as the rest.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "core/catalog/catalog.h"
#include "core/catalog/litellmimport.h"
#include "core/checks/checks.h"
#include "core/classify/embeddingcache.h"
#include "core/classify/llmclassifier.h"
#include "core/classify/localclassifier.h"
#include "core/common/files.h"
#include "core/common/jsontext.h"
#include "core/common/locatedjson.h"
#include "core/common/utf8text.h"
#include "core/policy/policy.h"
#include "core/providers/adapter.h"
#include "core/providers/embeddingadapter.h"
#include "core/request/request.h"
#include "core/simulate/simulation.h"
#include "core/simulate/trafficrecord.h"
#include "core/workspace/workspace.h"

using namespace switchyard::core;
namespace fs = std::filesystem;
using namespace std::string_literals;

namespace {

struct Hostile {
    const char* name;
    std::string text;
    bool validJson;  // a valid JSON value an entry point may accept where it fits (-0, a big integer)
};

const std::vector<Hostile>& hostileValues() {
    static const std::vector<Hostile> values{
        {"overflow", "6e662", false},
        {"overflow-negative", "-1e999", false},
        {"underflow", "1e-400", false},
        {"minus-zero", "-0", true},
        {"beyond-int64", "99999999999999999999999", true},
        {"deep", std::string(1'000'000, '[') + std::string(1'000'000, ']'), false},
        {"invalid-utf8", "\"ab\xC3(\"", false},
        {"lone-surrogate", "\"\\uD800x\"", false},
        {"nul", "\"a\0b\""s, false},
    };
    return values;
}

// Whole texts that are not one JSON value at all.
const std::vector<Hostile>& hostileWholeTexts() {
    static const std::vector<Hostile> texts = [] {
        std::vector<Hostile> t = hostileValues();
        t.push_back({"empty", "", false});
        t.push_back({"100MB-whitespace", std::string(100u << 20, ' '), false});
        return t;
    }();
    return texts;
}

// `text` with the value at `pointer` replaced by `value`.
std::string splice(const std::string& text, const std::string& pointer, const std::string& value) {
    const size_t at = findPointerOffset(text, pointer);
    EXPECT_NE(at, std::string::npos) << pointer;
    std::string literal = numberLiteralAt(text, at);
    EXPECT_FALSE(literal.empty()) << pointer << " must hold a number in the fixture";
    return text.substr(0, at) + value + text.substr(at + literal.size());
}

fs::path scratchDir() {
    static const fs::path dir = [] {
        fs::path d = fs::temp_directory_path() / ("switchyard-hostile-" + std::to_string(::getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        return d;
    }();
    return dir;
}

fs::path writeFile(const std::string& name, const std::string& bytes) {
    const fs::path p = scratchDir() / name;
    std::ofstream(p, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
}

// A problem a user can act on: where (file, line, column) and what, in text that can be shown.
void expectLocated(const Problems& problems, const std::string& file, const std::string& what) {
    ASSERT_FALSE(problems.empty()) << what;
    for (const Problem& p : problems) {
        EXPECT_EQ(p.file, file) << what;
        EXPECT_GE(p.line, 1) << what << ": " << p.toString();
        EXPECT_GE(p.column, 1) << what << ": " << p.toString();
        EXPECT_FALSE(p.message.empty()) << what;
        EXPECT_TRUE(isValidUtf8(p.toString())) << what;
    }
}

// The spliced value is refused at its own field: some problem is at `pointer` (or, for the deep
// value, inside it), and says what is wrong.
void expectProblemAt(const Problems& problems, const std::string& pointer, const Hostile& h, const std::string& what) {
    // The list or object that holds the field also counts ("expected one bias number per label").
    const std::string parent = pointer.substr(0, pointer.rfind('/'));
    bool found = false;
    for (const Problem& p : problems)
        found = found || p.pointer == pointer || p.pointer == parent || p.pointer.rfind(pointer + "/", 0) == 0;
    EXPECT_TRUE(found) << what << " " << h.name << ": " << formatProblems(problems);
}

// A located document entry point: text in, Result out.
struct DocumentEntry {
    const char* name;
    std::string file;
    std::string fixture;                                    // a valid document
    std::vector<std::string> numberFields;                  // pointers of numbers the reader reads
    std::function<Problems(const std::string& text)> read;  // empty = accepted
};

template <class T>
Problems problemsOf(const Result<T>& r) {
    return r ? Problems{} : r.problems();
}

std::vector<DocumentEntry> documentEntries() {
    const std::string demo = *readTextFile(demoWorkspacePath());
    const std::string catalog = *readTextFile(resourceDir() / "catalog" / "models.json");
    const std::string litellm =
        *readTextFile(fs::path(SWITCHYARD_TEST_DATA_DIR) / "litellm" / "model_prices_small.json");
    const std::string request =
        R"({"messages": [{"role": "user", "content": "hi"}], "max_output_tokens": 300, "input_tokens": 12})";
    return {
        {"workspace",
         "ws.json",
         demo,
         {"/version", "/catalog/0/context_window", "/catalog/0/input"},
         [](const std::string& t) { return problemsOf(parseWorkspace(t, "ws.json")); }},
        {"policy spec",
         "ws.json",
         demo,
         {"/policy/confidence_threshold", "/policy/rules/6/when/input_tokens/min"},
         [](const std::string& t) { return problemsOf(parseWorkspace(t, "ws.json")); }},
        {"classifier model",
         "ws.json",
         demo,
         {"/policy/classifier/local/hash_bits", "/policy/classifier/local/bias/1", "/policy/classifier/local/examples"},
         [](const std::string& t) { return problemsOf(parseWorkspace(t, "ws.json")); }},
        {"catalog",
         "models.json",
         catalog,
         {"/models/0/context_window", "/models/0/max_output"},
         [](const std::string& t) { return problemsOf(parseCatalog(t, "models.json")); }},
        {"LiteLLM import",
         "prices.json",
         litellm,
         {"/gpt-4o-mini/max_input_tokens", "/gpt-4o-mini/input_cost_per_token"},
         [](const std::string& t) { return problemsOf(importLiteLlm(t, "prices.json")); }},
        {"request file",
         "req.json",
         request,
         {"/max_output_tokens", "/input_tokens"},
         [](const std::string& t) { return problemsOf(parseRequest(t, "req.json")); }},
    };
}

}  // namespace

TEST(HostileInput, FixturesAreValid) {
    for (const DocumentEntry& e : documentEntries())
        EXPECT_TRUE(e.read(e.fixture).empty()) << e.name << ": " << formatProblems(e.read(e.fixture));
}

TEST(HostileInput, DocumentsGiveLocatedProblemsForWholeHostileTexts) {
    for (const DocumentEntry& e : documentEntries())
        for (const Hostile& h : hostileWholeTexts())
            expectLocated(e.read(h.text), e.file, std::string(e.name) + " / " + h.name);
}

TEST(HostileInput, DocumentsLocateAHostileValueAtItsField) {
    for (const DocumentEntry& e : documentEntries()) {
        for (const std::string& pointer : e.numberFields) {
            for (const Hostile& h : hostileValues()) {
                const std::string what = std::string(e.name) + " " + pointer + " / " + h.name;
                const Problems problems = e.read(splice(e.fixture, pointer, h.text));
                // -0 and a big integer are valid JSON: a reader may take them where they fit
                // (-0 as 0, a price as a big number); anything else is a problem at the field.
                if (problems.empty() && h.validJson) continue;
                expectLocated(problems, e.file, what);
                // LiteLLM's price map is read leniently (an unusable entry is skipped with a
                // note), so there only what the JSON layer refuses is a problem at all.
                expectProblemAt(problems, pointer, h, what);
            }
        }
    }
}

TEST(HostileInput, FilesGiveLocatedProblems) {
    for (const Hostile& h : hostileWholeTexts()) {
        const fs::path p = writeFile("hostile.json", h.text);
        expectLocated(problemsOf(loadWorkspace(p)), p.string(), std::string("workspace file / ") + h.name);
        expectLocated(problemsOf(loadCatalogFile(p)), p.string(), std::string("catalog file / ") + h.name);
        // Examples for training: one JSON object a line (line numbers are the file's).
        const fs::path ex = writeFile("examples.jsonl", "{\"prompt\": \"a\", \"label\": \"x\"}\n" + h.text + "\n");
        auto examples = loadLabelledExamples(ex);
        if (!h.text.empty() && h.text.find_first_not_of(' ') != std::string::npos) {
            ASSERT_FALSE(examples.ok()) << h.name;
            EXPECT_EQ(examples.problem().line, 2) << h.name;
            EXPECT_TRUE(isValidUtf8(examples.problem().toString())) << h.name;
        }
    }
}

TEST(HostileInput, ProviderResponsesAreErrorsNotValues) {
    const std::string openAiBody =
        R"({"choices": [{"message": {"content": "ok"}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 5, "completion_tokens": 2}})";
    for (const char* kind : {"openai", "anthropic", "gemini", "openai-compatible"}) {
        const auto adapter = makeAdapter(kind);
        for (const Hostile& h : hostileWholeTexts()) {
            ResponseState whole;
            adapter->decodeBody(h.text, whole);
            EXPECT_NE(whole.error, ErrorClass::none) << kind << " / " << h.name;
            EXPECT_TRUE(isValidUtf8(whole.errorMessage)) << kind << " / " << h.name;
            EXPECT_TRUE(isValidUtf8(adapter->errorMessage(h.text))) << kind << " / " << h.name;
            // The same bytes as one streamed event's data: no text comes of them.
            ResponseState streamed;
            SseParser sse([&](const SseEvent& ev) { (void)adapter->decodeEvent(ev, streamed); });
            sse.feed("data: " + h.text + "\n\n");
            sse.finish();
            adapter->endOfStream(streamed);
            EXPECT_TRUE(streamed.text.empty()) << kind << " / " << h.name;
        }
    }
    for (const Hostile& h : hostileValues()) {
        ResponseState s;
        makeAdapter("openai")->decodeBody(splice(openAiBody, "/usage/prompt_tokens", h.text), s);
        if (!h.validJson) {
            EXPECT_EQ(s.error, ErrorClass::bad_response) << h.name;
        }
        EXPECT_GE(s.usage.inputTokens, 0) << h.name;
    }
    for (EmbeddingApi api : {EmbeddingApi::OpenAi, EmbeddingApi::Ollama, EmbeddingApi::Gemini}) {
        for (const Hostile& h : hostileWholeTexts()) {
            const ParsedEmbeddings e = parseEmbeddingResponse(api, h.text, 1, 0);
            EXPECT_NE(e.error, ErrorClass::none) << h.name;
            EXPECT_TRUE(e.vectors.empty()) << h.name;
            EXPECT_TRUE(isValidUtf8(e.message)) << h.name;
        }
    }
    const std::string embeddings =
        R"({"data": [{"index": 0, "embedding": [0.5, 0.25]}], "usage": {"prompt_tokens": 3}})";
    for (const Hostile& h : hostileValues()) {
        const ParsedEmbeddings e =
            parseEmbeddingResponse(EmbeddingApi::OpenAi, splice(embeddings, "/data/0/embedding/1", h.text), 1, 0);
        if (!h.validJson) {
            EXPECT_NE(e.error, ErrorClass::none) << h.name;
        }
        for (const auto& v : e.vectors)
            for (float x : v) EXPECT_TRUE(std::isfinite(x)) << h.name;
    }
}

TEST(HostileInput, AnswersAndChecks) {
    LlmClassifier llm(LlmClassifierConfig{"m", "", "simple", 1000, 3}, {"simple", "complex"}, nullptr);
    for (const Hostile& h : hostileWholeTexts()) {
        EXPECT_FALSE(llm.parseAnswer(h.text).has_value()) << h.name;
        const CheckResult valid =
            runCheck(CheckSpec{CheckKind::ValidJson, {}, {}, 0, false}, Answer{h.text, std::nullopt});
        EXPECT_EQ(valid.passed, h.validJson) << h.name;
        EXPECT_TRUE(isValidUtf8(valid.message)) << h.name;
        // A hostile schema (a check edited by hand) and a hostile answer under a real schema.
        const CheckResult badSchema =
            runCheck(CheckSpec{CheckKind::JsonSchema, h.text, {}, 0, false}, Answer{"{}", std::nullopt});
        EXPECT_EQ(badSchema.passed, h.validJson) << h.name;  // -0 and a big integer are (trivial) schemas
        const CheckResult badAnswer =
            runCheck(CheckSpec{CheckKind::JsonSchema, R"({"type": "array", "items": {"type": "array"}})", {}, 0, false},
                     Answer{h.text, std::nullopt});
        EXPECT_FALSE(badAnswer.passed) << h.name;
        EXPECT_TRUE(isValidUtf8(badAnswer.message)) << h.name;
    }
}

TEST(HostileInput, TrafficRecordsAreMalformedLines) {
    JsonlTrafficParser jsonl;
    for (const Hostile& h : hostileWholeTexts()) {
        for (const std::string& line : {h.text, R"({"prompt": "x", "input_tokens": )" + h.text + "}"}) {
            std::string padded = line + std::string(JsonlTrafficParser::kPadding, '\0');
            std::vector<TrafficRecord> records;
            const std::string err = jsonl.parse(std::string_view(padded.data(), line.size()), records);
            if (h.validJson && line != h.text) continue;  // {"input_tokens": -0} is a fine record
            EXPECT_FALSE(err.empty()) << h.name;
            EXPECT_TRUE(records.empty()) << h.name;
        }
    }
    auto ws = loadWorkspace(demoWorkspacePath());
    ASSERT_TRUE(ws.ok());
    auto policy = Policy::compile(*ws, std::make_shared<EstimatingTokenCounter>());
    ASSERT_TRUE(policy.ok());
    SimulationOptions o;
    o.threads = 1;
    o.exactTokens = false;
    for (const Hostile& h : hostileWholeTexts()) {
        for (TrafficFormat format : {TrafficFormat::Jsonl, TrafficFormat::Csv}) {
            o.format = format;
            const std::string body = format == TrafficFormat::Csv ? "prompt,input_tokens\nx," + h.text + "\n"
                                                                  : h.text + "\n{\"prompt\": \"fine\"}\n";
            auto report = simulateTraffic(*policy, writeFile("traffic.log", body), o);
            ASSERT_TRUE(report.ok()) << h.name << ": " << formatProblems(report.problems());
            EXPECT_EQ(report->records + report->malformed,
                      format == TrafficFormat::Csv ? 1 : (h.text.find_first_not_of(' ') == std::string::npos ? 1 : 2))
                << h.name;
            for (const Problem& p : report->problems) EXPECT_TRUE(isValidUtf8(p.toString())) << h.name;
        }
    }
}

TEST(HostileInput, EmbeddingsCacheEntryWithNoValuesIsDamaged) {
    // embeddingcache_fuzz's finding: a zero-length vector (and a memcpy from a null pointer).
    std::string bytes = "SWYEMB01";
    auto u32 = [&bytes](std::uint32_t v) { bytes.append(reinterpret_cast<const char*>(&v), 4); };
    auto u64 = [&bytes](std::uint64_t v) { bytes.append(reinterpret_cast<const char*>(&v), 8); };
    u32(1);
    bytes += "x";
    u32(1);
    u64(1), u64(2), u64(3);
    u32(0);
    EmbeddingCache cache(writeFile("empty-vector.embeddings.bin", bytes));
    const Status s = cache.load();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.problem().message.find("an entry has no values"), std::string::npos) << s.problem().message;
    EXPECT_EQ(cache.size(), 0u);
}

TEST(HostileInput, EmbeddingsCacheFileIsDamagedNotLoaded) {
    for (const Hostile& h : hostileWholeTexts()) {
        for (const std::string& bytes : {h.text, "SWYEMB01" + h.text}) {
            if (bytes == "SWYEMB01") continue;  // the header alone is an empty cache
            EmbeddingCache cache(writeFile("cache.embeddings.bin", bytes));
            const Status s = cache.load();
            EXPECT_FALSE(s.ok()) << h.name;
            EXPECT_EQ(cache.size(), 0u) << h.name;
            if (!s.ok()) {
                EXPECT_NE(s.problem().message.find("damaged"), std::string::npos) << h.name;
            }
        }
    }
}
