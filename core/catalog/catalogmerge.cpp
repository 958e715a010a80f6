#include "core/catalog/catalogmerge.h"

#include <unordered_map>

namespace switchyard::core {

namespace {

// `ours` with what the list says about it (see the header for which fields).
Model refreshed(const Model& ours, const Model& theirs) {
    Model m = ours;
    m.prices.input = theirs.prices.input;
    m.prices.output = theirs.prices.output;
    if (theirs.prices.cacheRead) m.prices.cacheRead = theirs.prices.cacheRead;
    if (theirs.prices.cacheWrite) m.prices.cacheWrite = theirs.prices.cacheWrite;
    if (theirs.prices.batch.basisPoints > 0) m.prices.batch = theirs.prices.batch;
    if (!theirs.prices.longContext.empty()) m.prices.longContext = theirs.prices.longContext;
    m.contextWindow = theirs.contextWindow;
    m.maxOutput = theirs.maxOutput;
    return m;
}

std::vector<std::string> differences(const Model& a, const Model& b) {
    std::vector<std::string> fields;
    if (a.prices.input != b.prices.input) fields.emplace_back("input price");
    if (a.prices.output != b.prices.output) fields.emplace_back("output price");
    if (a.prices.cacheRead != b.prices.cacheRead) fields.emplace_back("cached input price");
    if (a.prices.cacheWrite != b.prices.cacheWrite) fields.emplace_back("cache write price");
    if (a.prices.batch != b.prices.batch) fields.emplace_back("batch discount");
    if (a.prices.longContext != b.prices.longContext) fields.emplace_back("long-context prices");
    if (a.contextWindow != b.contextWindow) fields.emplace_back("context window");
    if (a.maxOutput != b.maxOutput) fields.emplace_back("max output");
    return fields;
}

}  // namespace

CatalogMerge planCatalogMerge(const Catalog& current, const Catalog& imported) {
    std::unordered_map<std::string, size_t> position;
    for (size_t i = 0; i < current.size(); ++i) position.emplace(current.models()[i].id, i);
    CatalogMerge merge;
    for (const Model& theirs : imported.models()) {
        auto it = position.find(theirs.id);
        if (it == position.end()) {
            // A list may repeat an id; the first one wins, as in the importer.
            position.emplace(theirs.id, current.size() + merge.added.size());
            merge.added.push_back(theirs);
            continue;
        }
        if (it->second >= current.size()) continue;
        const Model& ours = current.models()[it->second];
        Model after = refreshed(ours, theirs);
        auto fields = differences(ours, after);
        if (fields.empty()) {
            merge.unchanged.push_back(ours.id);
            continue;
        }
        after.source = theirs.source.empty() ? ours.source : theirs.source;
        if (!theirs.priceDate.empty()) after.priceDate = theirs.priceDate;
        merge.changed.push_back({it->second, ours, std::move(after), std::move(fields)});
    }
    return merge;
}

void applyCatalogMerge(Catalog& catalog, const CatalogMerge& merge) {
    auto& models = catalog.models();
    for (const auto& update : merge.changed)
        if (update.index < models.size() && models[update.index].id == update.before.id)
            models[update.index] = update.after;
    models.insert(models.end(), merge.added.begin(), merge.added.end());
}

}  // namespace switchyard::core
