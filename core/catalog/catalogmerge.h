#pragma once
// Merging an imported price list (LiteLLM's, another catalog file) into a workspace's catalog:
// what would be added, what would change and what is already the same, worked out before any
// of it is applied, so a user reads the summary first and then applies it as one step.
//
// An import refreshes prices and limits; it never erases what the catalog knows and the list
// does not say. For a model both have, the imported input and output prices, context window
// and max output replace ours; its cache, batch and long-context prices replace ours only where
// the list has them. Our id, provider, display name and tokenizer stay (they are curated here;
// a price list names the vendor's API, not how we count tokens). New models are appended in the
// list's order.

#include <string>
#include <vector>

#include "core/catalog/catalog.h"

namespace switchyard::core {

struct CatalogModelUpdate {
    size_t index = 0;  // position in the current catalog
    Model before;
    Model after;
    std::vector<std::string> fields;  // what differs, as people read it: "input price", "context window", ...
};

struct CatalogMerge {
    std::vector<Model> added;
    std::vector<CatalogModelUpdate> changed;
    std::vector<std::string> unchanged;  // ids the list has with the same prices and limits
    [[nodiscard]] bool empty() const { return added.empty() && changed.empty(); }
};

CatalogMerge planCatalogMerge(const Catalog& current, const Catalog& imported);
// Applies a plan made from this catalog: replaces the changed models and appends the new ones.
void applyCatalogMerge(Catalog& catalog, const CatalogMerge& merge);

}  // namespace switchyard::core
