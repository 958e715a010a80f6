#pragma once
// The tiktoken pre-tokenizer: splits text into the pieces BPE then encodes one by one,
// written by hand instead of with a regex engine (RE2 has no look-ahead, std::regex no \p{..}).
//
// It reproduces, match for match, the split patterns that js-tiktoken 1.0.21 runs as a
// JavaScript RegExp with the "u" flag. They are tiktoken's patterns from
// tiktoken_ext/openai_public.py (github.com/openai/tiktoken), with `(?i:'s|'t|...)` spelt out
// case by case:
//   cl100k_base: ('s|'S|'t|'T|'re|'rE|'Re|'RE|'ve|..|'d|'D)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|
//                 ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
//   o200k_base:  [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(C)?|
//                [^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(C)?|
//                \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+
//                with C = the contractions above.
// Alternatives are tried in order and the first that matches wins (backtracking semantics,
// not longest match); pretokenizer.cpp explains how each backtracking case resolves.
//
// \s is JavaScript's (it includes U+FEFF, not U+0085; the Rust regex in tiktoken has it the other
// way round). Recent Python tiktoken releases also spell cl100k_base with possessive quantifiers
// and `\s++$|\s*[\r\n]|\s+(?!\S)|\s` (as gpt-tokenizer does), which differs from the pattern here
// only for a whitespace run that contains a line break and ends the text ("a\n  ": here "\n", "  ";
// there "\n  "). js-tiktoken and the tiktoken WASM package (1.0.22) use the pattern above.
// Bytes that are not valid UTF-8 count as one character each of class "other".

#include <cstddef>
#include <string_view>

#include "core/tokens/encoding.h"

namespace switchyard::core {

class PreTokenizer final {
public:
    explicit PreTokenizer(Encoding encoding) : m_encoding(encoding) {}

    // End (exclusive, in bytes) of the piece that starts at `pos` (< text.size()).
    // Always > pos: every character belongs to some piece.
    [[nodiscard]] std::size_t pieceEnd(std::string_view text, std::size_t pos) const;

    // Calls f(std::string_view piece) for each piece of `text`, in order.
    template <class F>
    void forEachPiece(std::string_view text, F&& f) const {
        std::size_t pos = 0;
        while (pos < text.size()) {
            const std::size_t end = pieceEnd(text, pos);
            f(text.substr(pos, end - pos));
            pos = end;
        }
    }

private:
    Encoding m_encoding;
};

}  // namespace switchyard::core
