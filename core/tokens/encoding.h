#pragma once
// The tiktoken encodings Switchyard reproduces exactly.

#include <optional>
#include <string_view>

namespace switchyard::core {

enum class Encoding {
    O200kBase,   // GPT-4o, GPT-4.1, GPT-5, o1/o3/o4 reasoning models
    Cl100kBase,  // GPT-4, GPT-4 Turbo, GPT-3.5 Turbo, text-embedding-3-*
};

// "o200k_base" / "cl100k_base", as tiktoken names them.
[[nodiscard]] std::string_view encodingName(Encoding encoding);
[[nodiscard]] std::optional<Encoding> parseEncoding(std::string_view name);

}  // namespace switchyard::core
