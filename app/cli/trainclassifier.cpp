// switchyard-cli train-classifier: train the local difficulty classifier from labelled
// examples, report held-out quality, and save the model into the workspace.
#include <cstdio>
#include <iostream>
#include <memory>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/classify/localclassifier.h"
#include "core/workspace/workspace.h"

namespace switchyard::cli {

void addTrainClassifierCommand(CLI::App& app, int& exitCode) {
    struct Args {
        std::string workspace;
        std::string examples;
        std::string output;
        int hashBits = 14;
        bool dryRun = false;
        bool json = false;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = app.add_subcommand("train-classifier", "Train the local difficulty classifier from labelled examples (JSONL of prompt + label)");
    cmd->add_option("WORKSPACE", args->workspace, "workspace file (.json); the trained model is saved into it")->required();
    cmd->add_option("EXAMPLES", args->examples, "labelled examples, one {\"prompt\": ..., \"label\": ...} per line")->required();
    cmd->add_option("--output", args->output, "save the workspace here instead of over WORKSPACE");
    cmd->add_option("--hash-bits", args->hashBits, "feature space of 2^N buckets")->check(CLI::Range(8, 22));
    cmd->add_flag("--dry-run", args->dryRun, "report only; do not save");
    cmd->add_flag("--json", args->json, "print the report as JSON");
    cmd->callback([args, &exitCode] {
        auto ws = core::loadWorkspace(args->workspace);
        if (!ws) {
            printProblems(ws.problems());
            exitCode = kExitBadInput;
            return;
        }
        auto examples = core::loadLabelledExamples(args->examples);
        if (!examples) {
            printProblems(examples.problems());
            exitCode = kExitBadInput;
            return;
        }
        core::TrainingOptions options;
        options.hashBits = args->hashBits;
        auto trained = core::trainLocalClassifier(*examples, options);
        if (!trained) {
            printProblems(trained.problems());
            exitCode = kExitBadInput;
            return;
        }
        core::ClassifierConfig& cc = ws->policy.classifier;
        for (const auto& label : trained->model.labels) {
            if (!cc.labelTiers.count(label)) {
                printError("the examples use the label \"" + label + "\", which the workspace's classifier does not map to a tier; add it to "
                           "policy.classifier.labels first");
                exitCode = kExitBadInput;
                return;
            }
        }
        trained->model.trainedOn = args->examples;
        cc.local = trained->model;
        if (cc.kind == core::ClassifierKind::None) cc.kind = core::ClassifierKind::Local;
        const auto& r = trained->report;
        if (args->json) {
            auto j = core::classifierReportToJson(r);
            j["saved"] = !args->dryRun;
            std::cout << j.dump(2) << '\n';
        } else {
            std::printf("Trained on %lld examples, held out %lld (every example whose FNV-1a-64 mod 5 is 0).\n",
                        static_cast<long long>(r.trainExamples), static_cast<long long>(r.heldOutExamples));
            std::printf("Held-out accuracy %.1f%%, expected calibration error %.3f\n", 100 * r.accuracy, r.expectedCalibrationError);
            for (const auto& c : r.classes)
                std::printf("  %-12s precision %5.1f%%  recall %5.1f%%  (%lld held out)\n", c.label.c_str(), 100 * c.precision, 100 * c.recall,
                            static_cast<long long>(c.support));
        }
        if (args->dryRun) {
            exitCode = kExitOk;
            return;
        }
        const std::string out = args->output.empty() ? args->workspace : args->output;
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
