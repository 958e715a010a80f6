#pragma once
// Float vectors as base64 of little-endian IEEE-754 float32: how the workspace stores classifier
// weights compactly, and how OpenAI returns embeddings with "encoding_format": "base64"
// (openai-node src/resources/embeddings.ts; WIRE.md §1 "POST /v1/embeddings").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::core {

// Standard alphabet (RFC 4648 §4) with '=' padding.
std::string floatsToBase64(const std::vector<float>& values);
// Nullopt for a character outside the alphabet, a byte count that is not a multiple of 4, or a
// value that is not finite (NaN or infinity).
std::optional<std::vector<float>> base64ToFloats(std::string_view text);

}  // namespace switchyard::core
