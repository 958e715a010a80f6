#include "core/tokens/encoding.h"

namespace switchyard::core {

std::string_view encodingName(Encoding encoding) {
    switch (encoding) {
        case Encoding::O200kBase:
            return "o200k_base";
        case Encoding::Cl100kBase:
            return "cl100k_base";
    }
    return "o200k_base";
}

std::optional<Encoding> parseEncoding(std::string_view name) {
    if (name == "o200k_base") return Encoding::O200kBase;
    if (name == "cl100k_base") return Encoding::Cl100kBase;
    return std::nullopt;
}

}  // namespace switchyard::core
