#include "core/exporters/unicodetables.h"

#include <cstdio>

#include "core/tokens/charclass.h"

namespace switchyard::core {

std::string charClassRangesText() {
    std::string out;
    int previous = -1;
    for (char32_t cp = 0x80; cp < 0x110000; ++cp) {
        const int cls = static_cast<int>(charClassOf(cp));
        if (cls == previous) continue;
        char buf[24];
        std::snprintf(buf, sizeof buf, "%s%x:%d", out.empty() ? "" : ",", static_cast<unsigned>(cp), cls);
        out += buf;
        previous = cls;
    }
    return out;
}

}  // namespace switchyard::core
