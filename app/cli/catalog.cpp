// switchyard-cli catalog: list the models and their prices; import LiteLLM's price map.
#include <memory>
#include <sstream>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/texttable.h"
#include "core/catalog/catalog.h"
#include "core/catalog/litellmimport.h"
#include "core/common/files.h"

namespace switchyard::cli {
namespace {

std::string priceCell(const std::optional<core::Price>& p) { return p ? p->toString() : "-"; }

void printTable(const core::Catalog& catalog) {
    using Align = TextTable::Align;
    TextTable table({{"MODEL", Align::Left},
                     {"PROVIDER", Align::Left},
                     {"INPUT", Align::Right},
                     {"OUTPUT", Align::Right},
                     {"CACHED", Align::Right},
                     {"C.WRITE", Align::Right},
                     {"BATCH", Align::Right},
                     {"CONTEXT", Align::Right},
                     {"MAX OUT", Align::Right},
                     {"TOKENS", Align::Left},
                     {"", Align::Left}},
                    "");
    for (const auto& m : catalog.models()) {
        std::ostringstream batch;
        if (m.prices.batch.basisPoints > 0)
            batch << core::discountPercent(m.prices.batch) << '%';
        else
            batch << '-';
        table.addRow({m.id, m.provider, m.prices.input.toString(), m.prices.output.toString(),
                      priceCell(m.prices.cacheRead), priceCell(m.prices.cacheWrite), batch.str(),
                      std::to_string(m.contextWindow), std::to_string(m.maxOutput),
                      m.tokenizer == "estimate" ? "estimate" : "exact", m.prices.longContext.empty() ? "" : "*"});
    }
    table.print(std::cout);
    std::cout << catalog.size() << " models; prices in USD per 1M tokens; * = higher prices above a prompt size\n";
    if (!catalog.about.empty()) std::cout << "Source: " << catalog.about << '\n';
}

}  // namespace

void addCatalogCommand(CLI::App& app, int& exitCode) {
    struct Options {
        std::string catalogFile;
        bool json = false;
        std::string importFile;
        std::string output;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = app.add_subcommand("catalog", "List the model catalog with prices (USD per 1M tokens) and limits");
    cmd->add_option("--catalog", o->catalogFile, "catalog file (default: the bundled catalog)");
    cmd->add_flag("--json", o->json, "print the catalog as JSON");
    cmd->callback([o, cmd, &exitCode] {
        if (!cmd->get_subcommands().empty()) return;  // import-litellm ran
        auto catalog = o->catalogFile.empty() ? core::loadBundledCatalog() : core::loadCatalogFile(o->catalogFile);
        if (!catalog) {
            printProblems(catalog.problems());
            exitCode = kExitBadInput;
            return;
        }
        if (o->json)
            std::cout << core::catalogToJson(*catalog).dump(2) << '\n';
        else
            printTable(*catalog);
        exitCode = kExitOk;
    });

    CLI::App* import =
        cmd->add_subcommand("import-litellm", "Convert LiteLLM's model_prices_and_context_window.json into a catalog");
    import->add_option("FILE", o->importFile, "LiteLLM price map (JSON)")->required();
    import->add_option("-o,--output", o->output, "catalog file to write")->required();
    import->callback([o, &exitCode] {
        auto text = core::readTextFile(o->importFile);
    if (!text) {
        printProblems(text.problems());
        exitCode = kExitBadInput;
        return;
    }
    auto imported = core::importLiteLlm(std::move(*text), o->importFile);
    if (!imported) {
        printProblems(imported.problems());
        exitCode = kExitBadInput;
        return;
    }
    if (auto s = core::writeFileAtomically(o->output, core::catalogToJson(imported->catalog).dump(2) + "\n"); !s) {
        printProblems(s.problems());
        exitCode = kExitBadInput;
        return;
    }
    std::cout << "Imported " << imported->catalog.size() << " chat models into " << o->output << "; skipped "
              << imported->skippedNonChat << " non-chat entries and " << imported->skippedIncomplete
              << " without prices or limits\n";
    exitCode = kExitOk;
});
}  // namespace switchyard::cli

}  // namespace switchyard::cli
