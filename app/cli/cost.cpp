// switchyard-cli cost: exact cost of a request (or N of them) from prices or a catalog model.
#include <memory>
#include <nlohmann/json.hpp>

#include "app/cli/cliutil.h"
#include "app/cli/commands.h"
#include "app/cli/texttable.h"
#include "core/catalog/catalog.h"
#include "core/catalog/cost.h"

namespace switchyard::cli {
namespace {

struct CostOptions {
    std::string inputPrice, outputPrice, cachedInputPrice, cacheWritePrice;
    std::string model, catalogFile;
    std::string inputTokens = "0", outputTokens = "0", cachedInputTokens = "0", cacheWriteTokens = "0", requests = "1";
    std::string batchDiscount = "50";
    bool batch = false;
    bool json = false;
};

// A JSON number with the exact decimal digits of `m` (nlohmann writes doubles with 17 digits).
nlohmann::json exactNumber(const core::Money& m) { return nlohmann::json::parse(m.toExactString()); }

int runCost(const CostOptions& o) {
    core::ModelPrices prices;
    std::string modelLabel;
    if (!o.model.empty()) {
        if (!o.inputPrice.empty() || !o.outputPrice.empty()) {
            printError("give either --model or --input-price/--output-price, not both");
            return kExitUsage;
        }
        auto catalog = o.catalogFile.empty() ? core::loadBundledCatalog() : core::loadCatalogFile(o.catalogFile);
        if (!catalog) {
            printProblems(catalog.problems());
            return kExitBadInput;
        }
        const core::Model* m = catalog->find(o.model);
        if (!m) {
            printError("the model \"" + o.model + "\" is not in the catalog (list them with: switchyard-cli catalog)");
            return kExitBadInput;
        }
        prices = m->prices;
        modelLabel = m->id;
    } else {
        if (o.inputPrice.empty() || o.outputPrice.empty()) {
            printError("give --model ID, or both --input-price and --output-price (USD per 1M tokens)");
            return kExitUsage;
        }
        auto in = parsePrice("--input-price", o.inputPrice);
        auto out = parsePrice("--output-price", o.outputPrice);
        if (!in || !out) return kExitBadInput;
        prices.input = *in;
        prices.output = *out;
        if (!o.cachedInputPrice.empty()) {
            prices.cacheRead = parsePrice("--cached-input-price", o.cachedInputPrice);
            if (!prices.cacheRead) return kExitBadInput;
        }
        if (!o.cacheWritePrice.empty()) {
            prices.cacheWrite = parsePrice("--cache-write-price", o.cacheWritePrice);
            if (!prices.cacheWrite) return kExitBadInput;
        }
        auto pct = core::Price::parse(o.batchDiscount);  // same exact decimal parser; 2 decimals used
        if (!pct || pct->nanoUsdPerMillion() > 100'000'000'000LL || pct->nanoUsdPerMillion() % 10'000'000 != 0) {
            printError("--batch-discount must be a percentage from 0 to 100 with at most 2 decimals, not \"" +
                       o.batchDiscount + "\"");
            return kExitBadInput;
        }
        prices.batch.basisPoints = static_cast<int>(pct->nanoUsdPerMillion() / 10'000'000);
    }

    core::Usage usage;
    auto in = parseCount("--input-tokens", o.inputTokens);
    auto out = parseCount("--output-tokens", o.outputTokens);
    auto cached = parseCount("--cached-input-tokens", o.cachedInputTokens);
    auto written = parseCount("--cache-write-tokens", o.cacheWriteTokens);
    auto requests = parseCount("--requests", o.requests);
    if (!in || !out || !cached || !written || !requests) return kExitBadInput;
    usage = core::Usage{*in, *cached, *written, *out};
    if (auto s = core::validateUsage(usage); !s) {
        printError(s.problem().message);
        return kExitBadInput;
    }
    if (o.batch && prices.batch.basisPoints == 0) {
        printError("note: " + (modelLabel.empty() ? std::string("these prices have") : modelLabel + " has") +
                   " no batch discount; --batch changes nothing");
    }

    const core::CostBreakdown one = core::costOf(prices, usage, o.batch);
    const core::Money total = one.total * *requests;

    if (o.json) {
        nlohmann::json j;
        if (!modelLabel.empty()) j["model"] = modelLabel;
        j["requests"] = *requests;
        j["batch"] = one.batchDiscount;
        j["long_context_prices"] = one.longContextPrices;
        j["per_request_usd"] = exactNumber(one.total);
        j["per_request_usd_exact"] = one.total.toExactString();
        j["total_usd"] = nlohmann::json::parse(total.toFixed(2));
        j["total_usd_exact"] = total.toExactString();
        j["breakdown_usd_exact"] = {{"uncached_input", (one.uncachedInput * *requests).toExactString()},
                                    {"cached_input", (one.cachedInput * *requests).toExactString()},
                                    {"cache_write", (one.cacheWrite * *requests).toExactString()},
                                    {"output", (one.output * *requests).toExactString()}};
        std::cout << j.dump(2) << '\n';
        return kExitOk;
    }
    using Align = TextTable::Align;
    TextTable table({{"", Align::Left}, {"", Align::Right}, {"", Align::Left}});
    auto line = [&table](const char* label, const core::Money& m) {
        table.addRow({label, m.toDisplay(), " (" + m.toExactString() + ")"});
    };
    std::cout << "Cost of " << *requests << (*requests == 1 ? " request" : " requests")
              << (modelLabel.empty() ? "" : " to " + modelLabel) << (one.batchDiscount ? ", batch priced" : "")
              << (one.longContextPrices ? ", long-context prices" : "") << ":\n";
    line("uncached input", one.uncachedInput * *requests);
    line("cached input", one.cachedInput * *requests);
    line("cache write", one.cacheWrite * *requests);
    line("output", one.output * *requests);
    line("total", total);
    if (*requests != 1) line("per request", one.total);
    table.print(std::cout);
    return kExitOk;
}

}  // namespace

void addCostCommand(CLI::App& app, int& exitCode) {
    auto opts = std::make_shared<CostOptions>();
    CLI::App* cmd =
        app.add_subcommand("cost", "Exact cost of a request from prices (USD per 1M tokens) or a catalog model");
    cmd->add_option("--input-price", opts->inputPrice, "USD per 1M input tokens");
    cmd->add_option("--output-price", opts->outputPrice, "USD per 1M output tokens");
    cmd->add_option("--cached-input-price", opts->cachedInputPrice,
                    "USD per 1M cached input tokens (default: the input price)");
    cmd->add_option("--cache-write-price", opts->cacheWritePrice,
                    "USD per 1M cache-write tokens (default: the input price)");
    cmd->add_option("--batch-discount", opts->batchDiscount,
                    "batch discount in percent with explicit prices (default 50)");
    cmd->add_option("--model", opts->model, "take prices from this catalog model instead");
    cmd->add_option("--catalog", opts->catalogFile, "catalog file (default: the bundled catalog)");
    cmd->add_option("--input-tokens", opts->inputTokens, "prompt tokens per request, cached ones included")->required();
    cmd->add_option("--output-tokens", opts->outputTokens, "output tokens per request")->required();
    cmd->add_option("--cached-input-tokens", opts->cachedInputTokens,
                    "the part of the input read from the prompt cache");
    cmd->add_option("--cache-write-tokens", opts->cacheWriteTokens,
                    "the part of the input written to the prompt cache");
    cmd->add_option("--requests", opts->requests, "number of identical requests (default 1)");
    cmd->add_flag("--batch", opts->batch, "apply the batch discount");
    cmd->add_flag("--json", opts->json, "print one JSON object");
    cmd->callback([opts, &exitCode] { exitCode = runCost(*opts); });
}

}  // namespace switchyard::cli
