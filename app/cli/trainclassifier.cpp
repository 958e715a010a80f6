// switchyard-cli train-classifier: train the local difficulty classifier (or, with
// --embeddings, the embedding classifier) from labelled examples, report held-out quality, and
// save the model into the workspace.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/classify/embeddingclassifier.h"
#include "core/classify/localclassifier.h"
#include "core/providers/embeddingclient.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {
namespace {

struct EmbeddingChoice {
    std::string spec;  // PROVIDER:MODEL
    std::string api;   // openai | ollama | gemini; empty: from the provider's kind
    int dimensions = 0;
    std::string defaultLabel;
    std::string cacheFile;
};

struct EmbeddingStats {
    std::size_t texts = 0;
    std::size_t cacheHits = 0;
    std::size_t calls = 0;
    std::int64_t inputTokens = 0;
};

// Embeds the examples (cache first) and trains the embedding classifier into `cc.embedding`.
// Prints what went wrong and returns false on failure.
bool trainWithEmbeddings(core::Workspace& ws, const std::vector<core::LabelledExample>& examples,
                         const EmbeddingChoice& choice, const std::string& cachePath, core::ClassifierReport& report,
                         EmbeddingStats& stats) {
    const auto colon = choice.spec.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == choice.spec.size()) {
        printError("--embeddings takes PROVIDER:MODEL (a provider of the workspace and its embedding model), not \"" +
                   choice.spec + "\"");
        return false;
    }
    core::ClassifierConfig& cc = ws.policy.classifier;
    core::EmbeddingClassifierConfig config = cc.embedding.value_or(core::EmbeddingClassifierConfig{});
    config.provider = choice.spec.substr(0, colon);
    config.model = choice.spec.substr(colon + 1);
    config.dimensions = choice.dimensions;
    config.trained.reset();
    if (!choice.api.empty()) {
        config.api = core::embeddingApiFromName(choice.api);
        if (!config.api) {
            printError("--embedding-api must be openai, ollama or gemini, not \"" + choice.api + "\"");
            return false;
        }
    }
    if (!choice.defaultLabel.empty()) config.defaultLabel = choice.defaultLabel;
    if (config.defaultLabel.empty()) {
        // When no embedding can be had, the safe guess is the label of the most capable tier.
        std::string hardest;
        int best = -1;
        for (const auto& [label, tier] : cc.labelTiers)
            if (ws.tierIndex(tier) > best) best = ws.tierIndex(tier), hardest = label;
        config.defaultLabel = hardest;
    }
    if (!cc.labelTiers.count(config.defaultLabel)) {
        printError("the default label \"" + config.defaultLabel + "\" is not one of the classifier's labels");
        return false;
    }
    std::string why;
    auto target = core::embeddingTargetFor(ws, config, &why);
    if (!target) {
        printError(why);
        return false;
    }
    auto cache = std::make_shared<core::EmbeddingCache>(cachePath);
    if (auto loaded = cache->load(); !loaded) {
        printProblems(loaded.problems());
        return false;
    }
    core::EnvKeySource keys;
    core::ProviderClient client(keys);
    core::EmbeddingClient embedder(client, cache);
    std::vector<std::string> texts;
    texts.reserve(examples.size());
    for (const auto& e : examples) texts.push_back(e.text);
    core::EmbeddingRun run = embedder.embed(*target, texts);
    stats.texts = texts.size();
    stats.cacheHits = run.cacheHits;
    stats.calls = run.calls.size();
    for (const auto& c : run.calls) stats.inputTokens += c.usage.inputTokens;
    // What was fetched is kept even when training fails: it was paid for.
    if (auto saved = cache->save(); !saved) printProblems(saved.problems());
    if (!run.ok()) {
        printError("embedding the examples failed: " + run.message);
        return false;
    }
    auto trained = core::trainEmbeddingClassifier(examples, run.vectors);
    if (!trained) {
        printProblems(trained.problems());
        return false;
    }
    if (config.dimensions == 0) config.dimensions = trained->model.dimensions;
    config.trained = std::move(trained->model);
    report = trained->report;
    cc.embedding = std::move(config);
    cc.kind = core::ClassifierKind::Embedding;
    return true;
}

}  // namespace

void addTrainClassifierCommand(CLI::App& app, int& exitCode) {
    struct Args {
        std::string workspace;
        std::string examples;
        std::string output;
        int hashBits = 14;
        bool dryRun = false;
        bool json = false;
        EmbeddingChoice embeddings;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand(
        "train-classifier", "Train the local difficulty classifier from labelled examples (JSONL of prompt + label)");
    cmd->add_option("WORKSPACE", args->workspace, "workspace file (.json); the trained model is saved into it")
        ->required();
    cmd->add_option("EXAMPLES", args->examples, "labelled examples, one {\"prompt\": ..., \"label\": ...} per line")
        ->required();
    cmd->add_option("--output", args->output, "save the workspace here instead of over WORKSPACE");
    cmd->add_option("--hash-bits", args->hashBits, "feature space of 2^N buckets")->check(CLI::Range(8, 22));
    cmd->add_option(
        "--embeddings", args->embeddings.spec,
        "train the embedding classifier instead, on embeddings from PROVIDER:MODEL (a workspace provider and its "
        "embedding model; keys from the environment; cached beside the workspace)");
    cmd->add_option(
        "--embedding-api", args->embeddings.api,
        "wire format of the embeddings endpoint: openai, ollama or gemini (default: from the provider's kind)");
    cmd->add_option("--dimensions", args->embeddings.dimensions,
                    "embedding length to ask for (OpenAI text-embedding-3, Gemini); default: the model's own")
        ->check(CLI::Range(1, 65536));
    cmd->add_option("--default-label", args->embeddings.defaultLabel,
                    "label used when no embedding can be had at route time (default: the label of the top tier)");
    cmd->add_option("--embeddings-cache", args->embeddings.cacheFile,
                    "embeddings cache file (default: WORKSPACE's name with .embeddings.bin)");
    cmd->add_flag("--dry-run", args->dryRun, "report only; do not save");
    cmd->add_flag("--json", args->json, "print the report as JSON");
    cmd->callback([args, &exitCode] {
        auto ws = valueOrReport(core::loadWorkspace(args->workspace));
        auto examples = ws ? valueOrReport(core::loadLabelledExamples(args->examples)) : std::nullopt;
        if (!examples) {
            exitCode = kExitBadInput;
            return;
        }
        core::ClassifierConfig& cc = ws->policy.classifier;
        for (const auto& e : *examples) {
            if (!cc.labelTiers.count(e.label)) {
                printError("the examples use the label \"" + e.label +
                           "\", which the workspace's classifier does not map to a tier; add it to "
                           "policy.classifier.labels first");
                exitCode = kExitBadInput;
                return;
            }
        }
        const std::string out = args->output.empty() ? args->workspace : args->output;
        core::ClassifierReport r;
        EmbeddingStats stats;
        const bool embeddings = !args->embeddings.spec.empty();
        if (embeddings) {
            const std::string cachePath = args->embeddings.cacheFile.empty()
                                              ? core::EmbeddingCache::pathBeside(out).string()
                                              : args->embeddings.cacheFile;
            if (!trainWithEmbeddings(*ws, *examples, args->embeddings, cachePath, r, stats)) {
                exitCode = kExitBadInput;
                return;
            }
            cc.embedding->trained->trainedOn = args->examples;
        } else {
            core::TrainingOptions options;
            options.hashBits = args->hashBits;
            auto trained = core::trainLocalClassifier(*examples, options);
            if (!trained) {
                printProblems(trained.problems());
                exitCode = kExitBadInput;
                return;
            }
            trained->model.trainedOn = args->examples;
            cc.local = trained->model;
            if (cc.kind == core::ClassifierKind::None) cc.kind = core::ClassifierKind::Local;
            r = trained->report;
        }
        if (args->json) {
            auto j = core::classifierReportToJson(r);
            if (embeddings)
                j["embeddings"] = {{"provider", cc.embedding->provider},     {"model", cc.embedding->model},
                                   {"dimensions", cc.embedding->dimensions}, {"texts", stats.texts},
                                   {"cache_hits", stats.cacheHits},          {"calls", stats.calls},
                                   {"input_tokens", stats.inputTokens}};
            j["saved"] = !args->dryRun;
            std::cout << j.dump(2) << '\n';
        } else {
            if (embeddings)
                std::printf("Embedded %zu examples with %s:%s (%d dimensions): %zu from the cache, %zu requests.\n",
                            stats.texts, cc.embedding->provider.c_str(), cc.embedding->model.c_str(),
                            cc.embedding->dimensions, stats.cacheHits, stats.calls);
            std::printf("Trained on %lld examples, held out %lld (every example whose FNV-1a-64 mod 5 is 0).\n",
                        static_cast<long long>(r.trainExamples), static_cast<long long>(r.heldOutExamples));
            std::printf("Held-out accuracy %.1f%%, expected calibration error %.3f\n", 100 * r.accuracy,
                        r.expectedCalibrationError);
            for (const auto& c : r.classes)
                std::printf("  %-12s precision %5.1f%%  recall %5.1f%%  (%lld held out)\n", c.label.c_str(),
                            100 * c.precision, 100 * c.recall, static_cast<long long>(c.support));
        }
        if (args->dryRun) {
            exitCode = kExitOk;
            return;
        }
        auto saved = core::saveWorkspace(*ws, out);
        if (!saved) {
            printProblems(saved.problems());
            exitCode = kExitBadInput;
            return;
        }
        if (!args->json) std::cout << "Saved the classifier into " << out << '\n';
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
