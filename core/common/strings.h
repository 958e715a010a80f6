#pragma once
// Small string helpers shared by the modules.
#include <string>
#include <string_view>

namespace switchyard::core {

// Replaces every occurrence of `from` in `text` with `to`, left to right; text that `to` puts in
// is not searched again. An empty `from` changes nothing.
void replaceAll(std::string& text, std::string_view from, std::string_view to);

}  // namespace switchyard::core
