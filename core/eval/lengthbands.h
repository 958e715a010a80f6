#pragma once
// The input-length bands rule suggestions and drift share: token counts as input_tokens rules
// count them (Policy::ruleInputTokens), in five bands that grow about fourfold, so a short chat
// turn, a paragraph, a page, a document and a long document each fall in their own band.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace switchyard::core {

struct LengthBand {
    std::int64_t min = 0;
    std::optional<std::int64_t> max;  // inclusive; none: no upper end
    std::string name;                 // "100-499 tokens", "8000+ tokens"
};

// Bands [0, 99], [100, 499], [500, 1999], [2000, 7999], [8000, ...).
const std::vector<LengthBand>& lengthBands();
// The index of the band holding `tokens`.
std::size_t lengthBandOf(std::int64_t tokens);

}  // namespace switchyard::core
