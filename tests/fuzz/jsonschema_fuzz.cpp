// Fuzzes the checks' JSON Schema subset (core/checks/checks.h) and the valid_json check: the
// first line of the input is the schema, the rest the model's answer. Any bytes give a result,
// never a crash; a failure always says why, in text that can be written as JSON; the valid_json
// check agrees with the JSON layer; and "not" of a schema decides the opposite of the schema.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "core/checks/checks.h"
#include "core/common/jsontext.h"

using namespace switchyard::core;

namespace {
void expectWritable(const std::string& message) {
    try {
        (void)nlohmann::json(message).dump();
    } catch (const nlohmann::json::exception&) {
        std::abort();  // a trace or a store row holding this message could not be written
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const std::size_t nl = input.find('\n');
    const std::string schemaText = input.substr(0, nl);
    const Answer answer{nl == std::string::npos ? std::string() : input.substr(nl + 1), std::nullopt};

    const CheckResult valid = runCheck(CheckSpec{CheckKind::ValidJson, {}, {}, 0, false}, answer);
    const ParsedJson parsedAnswer = parseJsonText(answer.text);
    if (valid.passed != parsedAnswer.ok() || valid.passed != valid.message.empty()) std::abort();
    expectWritable(valid.message);

    const CheckResult checked = runCheck(CheckSpec{CheckKind::JsonSchema, schemaText, {}, 0, false}, answer);
    if (checked.passed == !checked.message.empty()) std::abort();
    if (!parsedAnswer.ok() && checked.passed) std::abort();
    expectWritable(checked.message);

    const ParsedJson schema = parseJsonText(schemaText);
    if (schema.ok() && parsedAnswer.ok()) {
        const bool passes = validateJsonSchema(schema.value, parsedAnswer.value).empty();
        if (passes != checked.passed) std::abort();
        const nlohmann::json negated = {{"not", schema.value}};
        if (validateJsonSchema(negated, parsedAnswer.value).empty() == passes) std::abort();
        const nlohmann::json both = {{"allOf", {schema.value, schema.value}}};
        if (validateJsonSchema(both, parsedAnswer.value).empty() != passes) std::abort();
    }
    return 0;
}
