#pragma once
// Exact tiktoken-compatible BPE for o200k_base and cl100k_base: the same token ids as
// tiktoken's encode_ordinary (special tokens such as <|endoftext|> are encoded as plain text).
// A Tokenizer is immutable after loading and safe to share between threads.

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/result.h"
#include "core/tokens/encoding.h"
#include "core/tokens/pretokenizer.h"

namespace switchyard::core {

class Tokenizer final {
public:
    // The shared tokenizer for `encoding`, read once from resourceDir()/tokenizer/<name>.ranks
    // on first use (thread-safe) and kept for the life of the process. A failed load is not
    // cached, so a later call tries again.
    static Result<std::shared_ptr<const Tokenizer>> load(Encoding encoding);
    // A new tokenizer from an explicit rank file (not cached).
    static Result<std::shared_ptr<const Tokenizer>> loadFile(Encoding encoding, const std::filesystem::path& path);
    // From the bytes of a rank file (format: resources/tokenizer/README.md); `source` names it in
    // problems.
    static Result<std::shared_ptr<const Tokenizer>> fromRankData(Encoding encoding, std::string_view data,
                                                                 const std::string& source);

    [[nodiscard]] Encoding encoding() const { return m_encoding; }
    // Number of ordinary tokens (ids 0..size-1).
    [[nodiscard]] std::size_t vocabularySize() const { return m_offsets.size() - 1; }

    [[nodiscard]] std::vector<std::uint32_t> encode(std::string_view text) const;
    // Appends the ids of `text` to `out` (lets a caller reuse one buffer).
    void encodeInto(std::string_view text, std::vector<std::uint32_t>& out) const;
    // The number of tokens encode() would return, without building the list.
    [[nodiscard]] std::size_t count(std::string_view text) const;

    // The bytes the ids stand for; a problem names the first id that is not a token.
    [[nodiscard]] Result<std::string> decode(std::span<const std::uint32_t> ids) const;
    // The bytes of one token; empty for an unknown id.
    [[nodiscard]] std::string_view tokenBytes(std::uint32_t id) const;
    // The id of exactly these bytes, if they are one token.
    [[nodiscard]] std::optional<std::uint32_t> tokenId(std::string_view bytes) const;

    Tokenizer(const Tokenizer&) = delete;
    Tokenizer& operator=(const Tokenizer&) = delete;
    ~Tokenizer();

private:
    struct Slot;
    explicit Tokenizer(Encoding encoding);

    static constexpr std::uint32_t kNoRank = 0xFFFFFFFFu;
    [[nodiscard]] std::uint32_t rankOf(const unsigned char* bytes, std::size_t length) const;
    // Byte-pair merges of one piece that is not itself a token; calls emit(rank) per token.
    template <class Emit>
    void mergePiece(const unsigned char* piece, std::size_t length, Emit&& emit) const;
    template <class Emit>
    void encodeWith(std::string_view text, Emit&& emit) const;

    Encoding m_encoding;
    PreTokenizer m_preTokenizer;
    std::string m_bytes;                   // all tokens' bytes, in rank order
    std::vector<std::uint32_t> m_offsets;  // token r is m_bytes[m_offsets[r], m_offsets[r+1])
    // Open-addressing hash tables bytes -> rank, one per key length class (<= 4, 5..8, 9+ bytes):
    // the short tokens that CJK and other byte-heavy merges look up most stay in a table small
    // enough for the CPU caches.
    struct HashTable {
        std::vector<Slot> entries;
        unsigned bits = 0;
    };
    static std::size_t tableFor(std::size_t length) { return length <= 4 ? 0 : length <= 8 ? 1 : 2; }
    std::array<HashTable, 3> m_tables;
    // One bit per hash value (2^22 bits, 512 KB): clear means "no token has this hash", which
    // answers most failed pair lookups from cache instead of a random probe into the tables.
    static constexpr unsigned kFilterBits = 22;
    std::vector<std::uint64_t> m_filter;
    std::size_t m_maxTokenLength = 0;
    // Direct tables for the hottest lookups: every 1- and 2-byte string (kNoRank if none).
    std::vector<std::uint32_t> m_byteRanks;  // 256 entries
    std::vector<std::uint32_t> m_pairRanks;  // 65,536 entries, index first byte << 8 | second
};

}  // namespace switchyard::core
