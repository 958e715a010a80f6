#pragma once
// A word-level diff of two texts (the Compare panel's diff between two answers): the pieces
// that both have, that only the first has (removed) and that only the second has (added), in
// order. Words are runs of non-space characters with the spaces after them, compared without
// those spaces; the same and added pieces give back the second text exactly, the same and
// removed ones the first up to the spacing of common words. The shortest edit script comes
// from dtl (Wu's O(NP) algorithm), not a hand-written LCS.

#include <string>
#include <string_view>
#include <vector>

namespace switchyard::core {

struct DiffPiece {
    enum class Kind { Same, Removed, Added };
    Kind kind = Kind::Same;
    std::string text;  // one or more words of that kind, with their spaces
    bool operator==(const DiffPiece&) const = default;
};

// The words of `text`: each run of non-space bytes with the whitespace after it (a leading run
// of whitespace is a word of its own).
std::vector<std::string> splitWords(std::string_view text);

// Consecutive words of one kind are merged into one piece.
std::vector<DiffPiece> wordDiff(std::string_view before, std::string_view after);

}  // namespace switchyard::core
