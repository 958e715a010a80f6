#pragma once
// The 2 KB prompt every decision benchmark uses, so routing and classifier numbers compare:
// English prose with some numbers and punctuation.

#include <string>

namespace switchyard::bench {

inline std::string prompt2k() {
    const std::string para =
        "Our team of 42 people moved to the Pro plan in March, and since then uploads from the Brazil office are slow. "
        "We tried the desktop client (v5.3) and the web app; both stall at 80% for files over 2 GB. Can you explain "
        "why? ";
    std::string s;
    while (s.size() < 2048) s += para;
    s.resize(2048);
    return s;
}

}  // namespace switchyard::bench
