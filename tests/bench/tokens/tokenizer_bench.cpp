// Tokenizer throughput (bytes/s) on English prose, code and CJK text, for o200k_base and
// cl100k_base: encode (ids) and count, one thread and two.
//
// Corpora: the files english.txt, code.txt and cjk.txt in $SWITCHYARD_BENCH_CORPUS_DIR (what
// scripts/bench-tokenizers writes, so every tokenizer it compares reads the same text); when it is
// not set, built here from the repository: its Markdown documents, its C++ sources, and
// generated CJK. Each corpus is encoded in chunks of about 8 KB cut at line ends, as prompts are.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "core/common/files.h"
#include "core/tokens/tokenizer.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {

constexpr std::size_t kCorpusBytes = 2 << 20;
constexpr std::size_t kChunkBytes = 8 << 10;

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string repeatTo(std::string text, std::size_t bytes) {
    if (text.empty()) return text;
    const std::string once = text;
    while (text.size() < bytes) text += once;
    return text;
}

std::string filesUnder(const fs::path& root, const std::vector<std::string>& extensions) {
    std::vector<fs::path> paths;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (!entry.is_regular_file()) continue;
        const std::string ext = entry.path().extension().string();
        for (const auto& want : extensions)
            if (ext == want) paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    std::string text;
    for (const auto& p : paths) text += readFile(p);
    return text;
}

// Frequent Chinese characters, kana and CJK punctuation, drawn with a fixed LCG.
std::string generatedCjk(std::size_t bytes) {
    const std::string chars =
        "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天"
        "而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些"
        "与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相"
        "次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立"
        "马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共"
        "风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快"
        "条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李"
        "息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯"
        "专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴切急精朋支费注读ひらがなカタカナのはをにへとでもがしてますです"
        "日本語한국어입니다";
    const std::vector<std::string> punct = {"，", "。", "、", "：", "「", "」", "！", "？", "\n"};
    // Split `chars` into UTF-8 characters.
    std::vector<std::string> units;
    for (std::size_t i = 0; i < chars.size();) {
        const auto b = static_cast<unsigned char>(chars[i]);
        const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        units.push_back(chars.substr(i, len));
        i += len;
    }
    std::uint32_t state = 12345;  // xorshift32, as scripts/bench-tokenizers
    auto next = [&state] {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return state;
    };
    std::string text;
    while (text.size() < bytes) {
        // Skewed towards the first (most frequent) characters.
        const std::size_t a = next() % units.size();
        const std::size_t b = next() % units.size();
        text += units[std::min(a, b)];
        if (next() % 12 == 0) text += punct[next() % punct.size()];
    }
    return text;
}

std::vector<std::string> chunks(const std::string& text) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = std::min(text.size(), pos + kChunkBytes);
        const std::size_t nl = text.find('\n', end);
        end = nl == std::string::npos ? text.size() : nl + 1;
        out.push_back(text.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

const std::vector<std::string>& corpus(const std::string& name) {
    static const std::map<std::string, std::vector<std::string>> corpora = [] {
        std::map<std::string, std::vector<std::string>> m;
        if (const char* dir = std::getenv("SWITCHYARD_BENCH_CORPUS_DIR")) {
            for (const char* n : {"english", "code", "cjk"})
                m[n] = chunks(readFile(fs::path(dir) / (std::string(n) + ".txt")));
            return m;
        }
        const fs::path source = SWITCHYARD_SOURCE_DIR;
        std::string docs = readFile(source / "README.md") + filesUnder(source / "docs", {".md"});
        m["english"] = chunks(repeatTo(docs, kCorpusBytes));
        m["code"] = chunks(repeatTo(filesUnder(source / "core", {".cpp", ".h"}), kCorpusBytes));
        m["cjk"] = chunks(generatedCjk(kCorpusBytes));
        return m;
    }();
    return corpora.at(name);
}

std::size_t totalBytes(const std::vector<std::string>& texts) {
    std::size_t n = 0;
    for (const auto& t : texts) n += t.size();
    return n;
}

void runBench(benchmark::State& state, Encoding encoding, const std::string& name, bool ids) {
    auto loaded = Tokenizer::load(encoding);
    if (!loaded) {
        state.SkipWithError(loaded.problem().toString().c_str());
        return;
    }
    const Tokenizer& tokenizer = **loaded;
    const auto& texts = corpus(name);
    const std::size_t bytes = totalBytes(texts);
    // Each thread takes every n-th chunk, so two threads share the work of one pass.
    const auto threads = static_cast<std::size_t>(state.threads());
    const auto me = static_cast<std::size_t>(state.thread_index());
    std::size_t tokens = 0;
    std::vector<std::uint32_t> buffer;
    for (auto _ : state) {
        tokens = 0;
        for (std::size_t i = me; i < texts.size(); i += threads) {
            if (ids) {
                buffer.clear();
                tokenizer.encodeInto(texts[i], buffer);
                tokens += buffer.size();
            } else {
                tokens += tokenizer.count(texts[i]);
            }
        }
        benchmark::DoNotOptimize(tokens);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(bytes / threads));
    state.counters["tokens"] = static_cast<double>(tokens);
}

// Loading a rank file and building its tables: what the first count after start-up waits for.
void BM_LoadRanks(benchmark::State& state, Encoding encoding) {
    const fs::path path = resourceDir() / "tokenizer" / (std::string(encodingName(encoding)) + ".ranks");
    for (auto _ : state) {
        auto loaded = Tokenizer::loadFile(encoding, path);
        if (!loaded) state.SkipWithError(formatProblems(loaded.problems()).c_str());
        benchmark::DoNotOptimize(loaded);
    }
}

void registerAll() {
    for (const auto encoding : {Encoding::O200kBase, Encoding::Cl100kBase})
        benchmark::RegisterBenchmark(("load/" + std::string(encodingName(encoding))).c_str(), BM_LoadRanks, encoding)
            ->Unit(benchmark::kMillisecond);
    for (const auto encoding : {Encoding::O200kBase, Encoding::Cl100kBase}) {
        for (const char* name : {"english", "code", "cjk"}) {
            for (const bool ids : {true, false}) {
                const std::string label =
                    std::string(ids ? "encode" : "count") + "/" + std::string(encodingName(encoding)) + "/" + name;
                for (const int threads : {1, 2}) {
                    benchmark::RegisterBenchmark(label.c_str(),
                                                 [=](benchmark::State& s) { runBench(s, encoding, name, ids); })
                        ->Threads(threads)
                        ->UseRealTime()
                        ->Unit(benchmark::kMillisecond);
                }
            }
        }
    }
}

}  // namespace

int main(int argc, char** argv) {
    registerAll();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
