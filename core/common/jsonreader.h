#pragma once
// Typed access to fields of a LocatedJson document that records every problem (with its line,
// column and JSON pointer) instead of stopping at the first, so a user sees all mistakes at once.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "core/common/locatedjson.h"
#include "core/common/money.h"

namespace switchyard::core {

class JsonReader final {
public:
    using json = nlohmann::json;
    JsonReader(const LocatedJson& doc, Problems& problems) : m_doc(doc), m_problems(problems) {}

    // Records a problem at `pointer`.
    void fail(const std::string& pointer, std::string message);
    // Records a problem with a name that refers to something the document lacks (a tier, a
    // catalog model, a provider). It is a problem like any other, but counted apart: an editor
    // can still open a document whose only problems are such references and let the user fix
    // them, where a document with a structural mistake cannot be represented at all.
    void failReference(const std::string& pointer, std::string message);
    [[nodiscard]] size_t problemCount() const { return m_problems.size(); }
    [[nodiscard]] size_t referenceProblemCount() const { return m_referenceProblems; }

    // Each getter reads obj[key] (the object lives at `pointer`). A missing optional field gives
    // nullopt silently; a missing required one or one of the wrong type records a problem.
    const json* object(const json& obj, const std::string& pointer, const char* key, bool required);
    const json* array(const json& obj, const std::string& pointer, const char* key, bool required);
    std::optional<std::string> string(const json& obj, const std::string& pointer, const char* key, bool required,
                                      bool allowEmpty = false);
    std::optional<std::int64_t> integer(const json& obj, const std::string& pointer, const char* key, bool required,
                                        std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
    std::optional<double> number(const json& obj, const std::string& pointer, const char* key, bool required,
                                 double min = -1e300, double max = 1e300);
    std::optional<bool> boolean(const json& obj, const std::string& pointer, const char* key, bool required);
    // USD per 1M tokens, as a JSON number or a decimal string; negative prices are refused.
    std::optional<Price> price(const json& obj, const std::string& pointer, const char* key, bool required);

    // Reports keys of `obj` that are not in `known` (typos such as "fallback" for "fallbacks").
    void rejectUnknownKeys(const json& obj, const std::string& pointer, std::initializer_list<const char*> known);
    void rejectUnknownKeys(const json& obj, const std::string& pointer, const std::vector<const char*>& known);
    // Requires `value` to be an object; records "expected an object" otherwise.
    bool expectObject(const json& value, const std::string& pointer, const char* what);

private:
    const json* field(const json& obj, const std::string& pointer, const char* key, bool required);
    void wrongType(const std::string& pointer, const char* expected, const json& found);

    const LocatedJson& m_doc;
    Problems& m_problems;
    size_t m_referenceProblems = 0;
};

}  // namespace switchyard::core
