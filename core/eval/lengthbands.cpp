#include "core/eval/lengthbands.h"

namespace switchyard::core {

const std::vector<LengthBand>& lengthBands() {
    static const std::vector<LengthBand> bands{{0, 99, "0-99 tokens"},
                                               {100, 499, "100-499 tokens"},
                                               {500, 1999, "500-1999 tokens"},
                                               {2000, 7999, "2000-7999 tokens"},
                                               {8000, std::nullopt, "8000+ tokens"}};
    return bands;
}

std::size_t lengthBandOf(std::int64_t tokens) {
    const auto& bands = lengthBands();
    for (std::size_t i = 0; i + 1 < bands.size(); ++i)
        if (tokens <= *bands[i].max) return i;
    return bands.size() - 1;
}

}  // namespace switchyard::core
