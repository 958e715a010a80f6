// switchyard-cli tokens: count (or list) the tokens of a file or of standard input.
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "core/tokens/tokencounter.h"

namespace switchyard::cli {
namespace {

std::optional<std::string> readInput(const std::string& file) {
    std::ostringstream text;
    if (file.empty() || file == "-") {
        text << std::cin.rdbuf();
        return text.str();
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        printError("cannot open " + file);
        return std::nullopt;
    }
    text << in.rdbuf();
    if (in.bad()) {
        printError("cannot read " + file);
        return std::nullopt;
    }
    return text.str();
}

}  // namespace

void addTokensCommand(CLI::App& app, int& exitCode) {
    struct Options {
        std::string encoding;
        std::string model;
        std::string file;
        bool ids = false;
        bool json = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand(
        "tokens", "Count tokens exactly (tiktoken o200k_base / cl100k_base), or estimate them for a model's family");
    auto* encodingOption = cmd->add_option("--encoding", o->encoding, "o200k_base (default) or cl100k_base")
                               ->check(CLI::IsMember({"o200k_base", "cl100k_base"}));
    cmd->add_option("--model", o->model, "model id: picks its tokenizer; other families get a marked estimate")
        ->excludes(encodingOption);
    cmd->add_flag("--ids", o->ids, "print the token ids instead of the count");
    cmd->add_flag("--json", o->json, "print JSON");
    cmd->add_option("FILE", o->file, "text file, or - for standard input (the default)");
    cmd->callback([o, &exitCode] {
        core::TokenizerChoice choice;
        if (!o->model.empty()) {
            choice = core::tokenizerForModel(o->model);
            if (o->ids && !choice.exact) {
                printError("--ids needs an exact tokenizer; " + o->model + " has only an estimate (" + choice.method +
                           ")");
                exitCode = kExitUsage;
                return;
            }
        } else {
            const auto encoding = core::parseEncoding(o->encoding.empty() ? "o200k_base" : o->encoding);
            choice = core::TokenizerChoice{*encoding, true, 1000, "OpenAI", std::string(core::encodingName(*encoding))};
        }
        auto counter = core::TokenCounter::load();
        if (!counter) {
            printProblems(counter.problems());
            exitCode = kExitBadInput;
            return;
        }
        const auto text = readInput(o->file);
        if (!text) {
            exitCode = kExitBadInput;
            return;
        }
        const std::string encodingName(core::encodingName(choice.encoding));
        if (o->ids) {
            const auto ids = counter->tokenizer(choice.encoding).encode(*text);
            if (o->json) {
                std::cout << nlohmann::json{{"encoding", encodingName}, {"tokens", ids.size()}, {"ids", ids}}.dump()
                          << '\n';
            } else {
                for (std::size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
                std::cout << '\n';
            }
        } else {
            const core::TokenCount count = counter->count(*text, choice);
            if (o->json) {
                nlohmann::json j{{"tokens", count.tokens},
                                 {"exact", count.exact},
                                 {"method", count.method},
                                 {"encoding", encodingName},
                                 {"bytes", text->size()}};
                if (!o->model.empty()) j["model"] = o->model;
                std::cout << j.dump() << '\n';
            } else {
                std::cout << count.tokens << (count.exact ? "" : " (" + count.method + ")") << '\n';
            }
        }
        exitCode = kExitOk;
    });
}

}  // namespace switchyard::cli
