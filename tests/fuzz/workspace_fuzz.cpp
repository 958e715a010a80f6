// Fuzzes the workspace parser (and through it the catalog, request-free policy and located-JSON
// code): any bytes must give a workspace or located problems, never a crash; a parsed workspace
// must survive save -> load unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/catalog/catalog.h"
#include "core/workspace/workspace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    using namespace switchyard::core;
    const std::string text(reinterpret_cast<const char*>(data), size);
    auto ws = parseWorkspace(text, "fuzz.json");
    if (ws) {
        const std::string saved = workspaceToText(*ws);
        auto again = parseWorkspace(saved, "saved.json");
        if (!again || !(*again == *ws) || workspaceToText(*again) != saved) std::abort();
    } else {
        for (const auto& p : ws.problems()) {
            if (p.message.empty() || p.line < 0 || p.column < 0) std::abort();
        }
    }
    (void)parseCatalog(text, "fuzz.json");
    return 0;
}
