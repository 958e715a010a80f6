#pragma once
// The model catalog: models with their prices and limits, read from and written to JSON.
// File format: {"format": "switchyard.catalog", "version": 1, "about": "...", "models": [...]};
// the same model objects appear in a workspace's "catalog" (docs/workspace-format.md).

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/catalog/model.h"
#include "core/common/jsonreader.h"
#include "core/common/result.h"

namespace switchyard::core {

class Catalog final {
public:
    Catalog() = default;
    explicit Catalog(std::vector<Model> models) : m_models(std::move(models)) {}

    [[nodiscard]] const std::vector<Model>& models() const { return m_models; }
    std::vector<Model>& models() { return m_models; }
    [[nodiscard]] const Model* find(std::string_view id) const;
    // The model a log's model name means (docs/traffic-format.md, "Model names"): the id or an
    // alias as written; else the same after dropping a provider prefix up to the last '/'
    // ("openai/gpt-4o", "openrouter/anthropic/claude-sonnet-4-5"); else after dropping a dated
    // snapshot suffix ("-2025-04-14", "-20250929", "@20250929"). nullptr when none matches.
    [[nodiscard]] const Model* findLogged(std::string_view name) const;
    [[nodiscard]] bool empty() const { return m_models.empty(); }
    [[nodiscard]] size_t size() const { return m_models.size(); }

    std::string about;  // where the prices come from, for people

    bool operator==(const Catalog&) const = default;

private:
    std::vector<Model> m_models;
};

// Reads one model object at `pointer`; records problems in the reader and returns nullopt when
// the model is unusable.
std::optional<Model> readModel(JsonReader& reader, const nlohmann::json& value, const std::string& pointer);
// Reads a list of models (checks for duplicate ids).
std::vector<Model> readModels(JsonReader& reader, const nlohmann::json& list, const std::string& pointer);
nlohmann::ordered_json modelToJson(const Model& model);

Result<Catalog> parseCatalog(std::string text, std::string file);
Result<Catalog> loadCatalogFile(const std::filesystem::path& path);
// The bundled resources/catalog/models.json.
Result<Catalog> loadBundledCatalog();
nlohmann::ordered_json catalogToJson(const Catalog& catalog);

// Batch discount in whole percent for display and for the JSON field "batch_discount_percent".
double discountPercent(Discount d);

}  // namespace switchyard::core
