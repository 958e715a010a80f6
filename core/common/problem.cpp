#include "core/common/problem.h"

namespace switchyard::core {

std::string Problem::toString() const {
    std::string out;
    if (!file.empty()) {
        out += file;
        if (line > 0) {
            out += ':' + std::to_string(line);
            if (column > 0) out += ':' + std::to_string(column);
        }
        out += ": ";
    } else if (line > 0) {
        out += "line " + std::to_string(line);
        if (column > 0) out += ", column " + std::to_string(column);
        out += ": ";
    }
    if (!pointer.empty()) out += pointer + ": ";
    out += message;
    return out;
}

std::string formatProblems(const Problems& problems) {
    std::string out;
    for (const auto& p : problems) {
        out += p.toString();
        out += '\n';
    }
    return out;
}

}  // namespace switchyard::core
