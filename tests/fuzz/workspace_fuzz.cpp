// Fuzzes the located-document parsers on the same bytes: the workspace (and through it the
// policy spec, classifier models and the common JSON layer), the catalog, LiteLLM's price map
// and a request file. Any bytes must give a value or located problems, never a crash; a parsed
// workspace must survive save -> load unchanged. Seeds include the two inputs that crashed
// before issue 17: a number no double holds (6e662) and nesting past the depth limit.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/catalog/catalog.h"
#include "core/catalog/litellmimport.h"
#include "core/request/request.h"
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
            if (p.message.empty() || p.file != "fuzz.json" || p.line < 1 || p.column < 1) std::abort();
        }
    }
    auto located = [](const Problems& problems) {
        for (const auto& p : problems)
            if (p.message.empty() || p.file != "fuzz.json" || p.line < 1 || p.column < 1) std::abort();
    };
    if (auto c = parseCatalog(text, "fuzz.json"); !c) located(c.problems());
    if (auto l = importLiteLlm(text, "fuzz.json"); !l) located(l.problems());
    if (auto r = parseRequest(text, "fuzz.json"); !r) {
        located(r.problems());
    } else {
        // A request survives writing it out and reading it back.
        auto again = parseRequest(requestToJson(*r).dump(), "fuzz.json");
        if (!again || requestToJson(*again) != requestToJson(*r)) std::abort();
    }
    return 0;
}
