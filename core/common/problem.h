#pragma once
// A located, human-readable problem: the error value every parser and validator returns.

#include <string>
#include <vector>

namespace switchyard::core {

struct Problem {
    std::string file;     // path as the user gave it; may be empty for in-memory input
    int line = 0;         // 1-based; 0 when unknown
    int column = 0;       // 1-based; 0 when unknown
    std::string pointer;  // JSON pointer (RFC 6901) or field name; may be empty
    std::string message;  // one sentence a user understands

    // "file:line:column: /pointer: message", leaving out the parts that are unknown.
    [[nodiscard]] std::string toString() const;
    bool operator==(const Problem&) const = default;
};

using Problems = std::vector<Problem>;

// Joins problems one per line, in the toString() form.
std::string formatProblems(const Problems& problems);

}  // namespace switchyard::core
