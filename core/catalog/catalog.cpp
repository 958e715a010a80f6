#include "core/catalog/catalog.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/common/files.h"

namespace switchyard::core {
namespace {

using json = nlohmann::json;
using ojson = nlohmann::ordered_json;

constexpr const char* kCatalogFormat = "switchyard.catalog";
constexpr int kCatalogVersion = 1;

// Prices are written as JSON numbers with their exact shortest decimal ("0.075", not 0.07500001).
ojson priceJson(Price p) { return ojson::parse(p.toString()); }

}  // namespace

const Model* Catalog::find(std::string_view id) const {
    for (const auto& m : m_models)
        if (m.id == id) return &m;
    return nullptr;
}

namespace {

bool isDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "name-2025-04-14", "name-20250929" or "name@20250929" -> "name"; otherwise empty.
std::string_view withoutSnapshotDate(std::string_view name) {
    if (name.size() > 11 && name[name.size() - 11] == '-') {
        const std::string_view d = name.substr(name.size() - 10);
        if (isDigits(d.substr(0, 4)) && d[4] == '-' && isDigits(d.substr(5, 2)) && d[7] == '-' &&
            isDigits(d.substr(8, 2)))
            return name.substr(0, name.size() - 11);
    }
    if (name.size() > 9 && (name[name.size() - 9] == '-' || name[name.size() - 9] == '@') &&
        isDigits(name.substr(name.size() - 8)))
        return name.substr(0, name.size() - 9);
    return {};
}

}  // namespace

const Model* Catalog::findLogged(std::string_view name) const {
    auto exact = [this](std::string_view n) -> const Model* {
        if (n.empty()) return nullptr;
        if (const Model* m = find(n)) return m;
        for (const auto& m : m_models)
            if (std::find(m.aliases.begin(), m.aliases.end(), n) != m.aliases.end()) return &m;
        return nullptr;
    };
    auto orUndated = [&](std::string_view n) -> const Model* {
        if (const Model* m = exact(n)) return m;
        const std::string_view base = withoutSnapshotDate(n);
        return base.empty() ? nullptr : exact(base);
    };
    if (const Model* m = orUndated(name)) return m;
    const size_t slash = name.rfind('/');
    return slash == std::string_view::npos ? nullptr : orUndated(name.substr(slash + 1));
}

double discountPercent(Discount d) { return d.basisPoints / 100.0; }

std::optional<Model> readModel(JsonReader& r, const json& v, const std::string& ptr) {
    if (!r.expectObject(v, ptr, "a model")) return std::nullopt;
    const size_t before = r.problemCount();
    r.rejectUnknownKeys(
        v, ptr,
        {"id", "provider", "name", "input", "output", "cache_read", "cache_write", "batch_discount_percent",
         "long_context", "context_window", "max_output", "tokenizer", "source", "price_date", "aliases"});
    Model m;
    m.id = r.string(v, ptr, "id", true).value_or("");
    m.provider = r.string(v, ptr, "provider", true).value_or("");
    m.name = r.string(v, ptr, "name", false).value_or(m.id);
    m.prices.input = r.price(v, ptr, "input", true).value_or(Price{});
    m.prices.output = r.price(v, ptr, "output", true).value_or(Price{});
    m.prices.cacheRead = r.price(v, ptr, "cache_read", false);
    m.prices.cacheWrite = r.price(v, ptr, "cache_write", false);
    if (auto pct = r.number(v, ptr, "batch_discount_percent", false, 0, 100)) {
        m.prices.batch.basisPoints = static_cast<int>(std::lround(*pct * 100));
    }
    if (const json* tiers = r.array(v, ptr, "long_context", false)) {
        for (size_t i = 0; i < tiers->size(); ++i) {
            const std::string tp = appendPointer(appendPointer(ptr, "long_context"), i);
            const json& t = (*tiers)[i];
            if (!r.expectObject(t, tp, "a long-context price")) continue;
            r.rejectUnknownKeys(t, tp, {"above_input_tokens", "input", "output", "cache_read", "cache_write"});
            LongContextPrice lc;
            lc.aboveInputTokens = r.integer(t, tp, "above_input_tokens", true, 1).value_or(0);
            lc.input = r.price(t, tp, "input", true).value_or(Price{});
            lc.output = r.price(t, tp, "output", true).value_or(Price{});
            lc.cacheRead = r.price(t, tp, "cache_read", false);
            lc.cacheWrite = r.price(t, tp, "cache_write", false);
            if (!m.prices.longContext.empty() && lc.aboveInputTokens <= m.prices.longContext.back().aboveInputTokens) {
                r.fail(appendPointer(tp, "above_input_tokens"),
                       "long-context prices must be listed by ascending threshold");
            }
            m.prices.longContext.push_back(lc);
        }
    }
    m.contextWindow = r.integer(v, ptr, "context_window", true, 1).value_or(0);
    m.maxOutput = r.integer(v, ptr, "max_output", true, 1).value_or(0);
    if (m.maxOutput > 0 && m.contextWindow > 0 && m.maxOutput > m.contextWindow) {
        r.fail(appendPointer(ptr, "max_output"), "max_output (" + std::to_string(m.maxOutput) +
                                                     ") cannot exceed the context window (" +
                                                     std::to_string(m.contextWindow) + ")");
    }
    m.tokenizer = r.string(v, ptr, "tokenizer", false).value_or("estimate");
    if (m.tokenizer != "o200k_base" && m.tokenizer != "cl100k_base" && m.tokenizer != "estimate") {
        r.fail(appendPointer(ptr, "tokenizer"),
               "unknown tokenizer \"" + m.tokenizer + "\" (use o200k_base, cl100k_base or estimate)");
    }
    m.source = r.string(v, ptr, "source", false).value_or("");
    m.priceDate = r.string(v, ptr, "price_date", false).value_or("");
    if (const json* aliases = r.array(v, ptr, "aliases", false)) {
        for (size_t i = 0; i < aliases->size(); ++i) {
            const json& a = (*aliases)[i];
            if (!a.is_string() || a.get<std::string>().empty()) {
                r.fail(appendPointer(appendPointer(ptr, "aliases"), i), "an alias must be a non-empty model name");
                continue;
            }
            m.aliases.push_back(a.get<std::string>());
        }
    }
    if (r.problemCount() != before) return std::nullopt;
    return m;
}

std::vector<Model> readModels(JsonReader& r, const json& list, const std::string& ptr) {
    std::vector<Model> models;
    std::set<std::string> seen;
    std::vector<std::string> pointers;
    for (size_t i = 0; i < list.size(); ++i) {
        const std::string mp = appendPointer(ptr, i);
        auto m = readModel(r, list[i], mp);
        if (!m) continue;
        if (!seen.insert(m->id).second) {
            r.fail(appendPointer(mp, "id"), "the model id \"" + m->id + "\" appears more than once");
            continue;
        }
        models.push_back(std::move(*m));
        pointers.push_back(mp);
    }
    // An alias names one model: not another model's id, not twice.
    std::set<std::string> aliases;
    for (size_t i = 0; i < models.size(); ++i)
        for (size_t a = 0; a < models[i].aliases.size(); ++a) {
            const std::string& alias = models[i].aliases[a];
            const std::string where = appendPointer(appendPointer(pointers[i], "aliases"), a);
            if (seen.count(alias))
                r.fail(where, "the alias \"" + alias + "\" is the id of a model in the catalog");
            else if (!aliases.insert(alias).second)
                r.fail(where, "the alias \"" + alias + "\" is given more than once");
        }
    return models;
}

ojson modelToJson(const Model& m) {
    ojson j;
    j["id"] = m.id;
    j["provider"] = m.provider;
    j["name"] = m.name;
    j["input"] = priceJson(m.prices.input);
    j["output"] = priceJson(m.prices.output);
    if (m.prices.cacheRead) j["cache_read"] = priceJson(*m.prices.cacheRead);
    if (m.prices.cacheWrite) j["cache_write"] = priceJson(*m.prices.cacheWrite);
    if (m.prices.batch.basisPoints > 0)
        j["batch_discount_percent"] =
            ojson::parse(Price::fromNanoUsdPerMillion(m.prices.batch.basisPoints * 10'000'000LL).toString());
    if (!m.prices.longContext.empty()) {
        ojson tiers = ojson::array();
        for (const auto& lc : m.prices.longContext) {
            ojson t;
            t["above_input_tokens"] = lc.aboveInputTokens;
            t["input"] = priceJson(lc.input);
            t["output"] = priceJson(lc.output);
            if (lc.cacheRead) t["cache_read"] = priceJson(*lc.cacheRead);
            if (lc.cacheWrite) t["cache_write"] = priceJson(*lc.cacheWrite);
            tiers.push_back(std::move(t));
        }
        j["long_context"] = std::move(tiers);
    }
    j["context_window"] = m.contextWindow;
    j["max_output"] = m.maxOutput;
    j["tokenizer"] = m.tokenizer;
    if (!m.source.empty()) j["source"] = m.source;
    if (!m.priceDate.empty()) j["price_date"] = m.priceDate;
    if (!m.aliases.empty()) j["aliases"] = m.aliases;
    return j;
}

Result<Catalog> parseCatalog(std::string text, std::string file) {
    auto doc = LocatedJson::parse(std::move(text), std::move(file));
    if (!doc) return doc.problems();
    Problems problems;
    JsonReader r(*doc, problems);
    const json& root = doc->root();
    if (!r.expectObject(root, "", "a catalog")) return problems;
    r.rejectUnknownKeys(root, "", {"format", "version", "about", "models"});
    if (auto format = r.string(root, "", "format", true); format && *format != kCatalogFormat) {
        r.fail("/format",
               "this is not a Switchyard catalog (format \"" + *format + "\", expected \"" + kCatalogFormat + "\")");
    }
    if (auto version = r.integer(root, "", "version", true, 1); version && *version > kCatalogVersion) {
        r.fail("/version", "catalog version " + std::to_string(*version) + " is newer than this Switchyard supports (" +
                               std::to_string(kCatalogVersion) + "); update Switchyard");
    }
    Catalog catalog;
    catalog.about = r.string(root, "", "about", false, true).value_or("");
    if (const json* models = r.array(root, "", "models", true)) catalog.models() = readModels(r, *models, "/models");
    if (!problems.empty()) return problems;
    return catalog;
}

Result<Catalog> loadCatalogFile(const std::filesystem::path& path) {
    auto text = readTextFile(path);
    if (!text) return text.problems();
    return parseCatalog(std::move(*text), path.string());
}

Result<Catalog> loadBundledCatalog() { return loadCatalogFile(resourceDir() / "catalog" / "models.json"); }

ojson catalogToJson(const Catalog& catalog) {
    ojson j;
    j["format"] = kCatalogFormat;
    j["version"] = kCatalogVersion;
    if (!catalog.about.empty()) j["about"] = catalog.about;
    ojson models = ojson::array();
    for (const auto& m : catalog.models()) models.push_back(modelToJson(m));
    j["models"] = std::move(models);
    return j;
}

}  // namespace switchyard::core
