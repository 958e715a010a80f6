#include "core/tokens/tokenizer.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <mutex>

#include "core/common/files.h"

namespace switchyard::core {

// One entry of the bytes -> rank table. Tokens are at most 255 bytes (the rank file format),
// so `length` 0 marks an empty slot. `head` holds the first (up to) 8 bytes, which decides
// most comparisons without touching m_bytes.
struct Tokenizer::Slot {
    std::uint64_t head = 0;
    std::uint32_t rank = 0;
    std::uint32_t length = 0;
};

namespace {

constexpr std::string_view kMagic = "SYTKRNK1";
// Pieces longer than this merge with a heap (O(n log n)) instead of tiktoken's quadratic
// rescans: long runs of CJK text, whitespace or base64 are single pieces.
constexpr std::size_t kLongPiece = 32;

[[gnu::always_inline]] inline std::uint64_t load64(const unsigned char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// The first `length` (1..8) bytes as a little-endian number, zero-padded, without reading
// past the end: the overlapping loads put every byte at its own position, so OR-ing is exact.
[[gnu::always_inline]] inline std::uint64_t loadHead(const unsigned char* p, std::size_t length) {
    if (length >= 8) return load64(p);
    if (length >= 4) {
        std::uint32_t lo;
        std::uint32_t hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + length - 4, 4);
        return lo | (static_cast<std::uint64_t>(hi) << ((length - 4) * 8));
    }
    return static_cast<std::uint64_t>(p[0]) | (static_cast<std::uint64_t>(p[length >> 1]) << ((length >> 1) * 8)) |
           (static_cast<std::uint64_t>(p[length - 1]) << ((length - 1) * 8));
}

[[gnu::always_inline]] inline std::uint64_t hashKey(std::uint64_t head, const unsigned char* p, std::size_t length) {
    const std::uint64_t tail = length > 8 ? load64(p + length - 8) : 0;
    std::uint64_t h = head * 0x9E3779B97F4A7C15ull;
    h ^= (tail + length) * 0xC2B2AE3D27D4EB4Full;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 32);  // top bits index the tables, low bits the filter
}

// Scratch space for the heap merge, reused by all pieces of one encode call.
struct MergeScratch {
    std::vector<std::uint32_t> next;
    std::vector<std::uint32_t> prev;
    std::vector<std::uint32_t> pairRank;
    std::vector<std::uint32_t> token;
    std::vector<std::uint64_t> heap;
};

Problem rankProblem(const std::string& source, const std::string& message) {
    return Problem{source, 0, 0, {}, message};
}

}  // namespace

Tokenizer::Tokenizer(Encoding encoding) : m_encoding(encoding), m_preTokenizer(encoding) {}
Tokenizer::~Tokenizer() = default;

Result<std::shared_ptr<const Tokenizer>> Tokenizer::fromRankData(Encoding encoding, std::string_view data,
                                                                 const std::string& source) {
    const std::size_t headerSize = kMagic.size() + 4;
    if (data.size() < headerSize || data.substr(0, kMagic.size()) != kMagic)
        return rankProblem(source, "not a Switchyard tokenizer rank file (expected the SYTKRNK1 header)");
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    std::uint32_t count = 0;
    for (int i = 3; i >= 0; --i) count = (count << 8) | bytes[kMagic.size() + static_cast<std::size_t>(i)];
    if (count == 0 || data.size() < headerSize + count) return rankProblem(source, "the rank file is truncated");
    const unsigned char* lengths = bytes + headerSize;
    const std::size_t bytesStart = headerSize + count;

    std::shared_ptr<Tokenizer> tokenizer(new Tokenizer(encoding));
    tokenizer->m_offsets.resize(std::size_t{count} + 1);
    std::uint64_t total = 0;
    for (std::uint32_t r = 0; r < count; ++r) {
        if (lengths[r] == 0) return rankProblem(source, "token " + std::to_string(r) + " is empty");
        tokenizer->m_offsets[r] = static_cast<std::uint32_t>(total);
        total += lengths[r];
    }
    tokenizer->m_offsets[count] = static_cast<std::uint32_t>(total);
    if (data.size() != bytesStart + total)
        return rankProblem(source, "the rank file's size does not match its token lengths");
    tokenizer->m_bytes.assign(data.substr(bytesStart));

    std::array<std::size_t, 3> perTable{};
    for (std::uint32_t r = 0; r < count; ++r) ++perTable[tableFor(lengths[r])];
    for (std::size_t t = 0; t < perTable.size(); ++t) {
        unsigned bits = 4;
        while ((std::size_t{1} << bits) < perTable[t] * 2) ++bits;  // load factor <= 1/2
        tokenizer->m_tables[t].bits = bits;
        tokenizer->m_tables[t].entries.assign(std::size_t{1} << bits, Slot{});
    }
    tokenizer->m_byteRanks.assign(256, kNoRank);
    tokenizer->m_pairRanks.assign(65536, kNoRank);
    tokenizer->m_filter.assign((std::size_t{1} << kFilterBits) / 64, 0);
    const auto* all = reinterpret_cast<const unsigned char*>(tokenizer->m_bytes.data());
    for (std::uint32_t r = 0; r < count; ++r) {
        const unsigned char* p = all + tokenizer->m_offsets[r];
        const std::size_t length = lengths[r];
        const std::uint64_t head = loadHead(p, length);
        HashTable& table = tokenizer->m_tables[tableFor(length)];
        const std::size_t mask = table.entries.size() - 1;
        const std::uint64_t h = hashKey(head, p, length);
        const std::size_t bit = h & ((std::size_t{1} << kFilterBits) - 1);
        tokenizer->m_filter[bit >> 6] |= std::uint64_t{1} << (bit & 63);
        std::size_t i = h >> (64 - table.bits);
        while (table.entries[i].length != 0) {
            const Slot& s = table.entries[i];
            if (s.length == length && s.head == head && std::memcmp(all + tokenizer->m_offsets[s.rank], p, length) == 0)
                return rankProblem(
                    source, "tokens " + std::to_string(s.rank) + " and " + std::to_string(r) + " have the same bytes");
            i = (i + 1) & mask;
        }
        table.entries[i] = Slot{head, r, static_cast<std::uint32_t>(length)};
        tokenizer->m_maxTokenLength = std::max(tokenizer->m_maxTokenLength, length);
        if (length == 1) tokenizer->m_byteRanks[p[0]] = r;
        if (length == 2) tokenizer->m_pairRanks[(std::size_t{p[0]} << 8) | p[1]] = r;
    }
    // Byte-level BPE needs every single byte to be a token, or some input could not be encoded.
    for (std::size_t b = 0; b < 256; ++b)
        if (tokenizer->m_byteRanks[b] == kNoRank)
            return rankProblem(source, "byte " + std::to_string(b) + " is not a token");
    return std::shared_ptr<const Tokenizer>(std::move(tokenizer));
}

Result<std::shared_ptr<const Tokenizer>> Tokenizer::loadFile(Encoding encoding, const std::filesystem::path& path) {
    Result<std::string> data = readTextFile(path);
    if (!data) return data.problems();
    return fromRankData(encoding, *data, path.string());
}

Result<std::shared_ptr<const Tokenizer>> Tokenizer::load(Encoding encoding) {
    // The one process-wide cache: each slot is written once, under the mutex, with an
    // immutable tokenizer.
    struct Cache {
        std::mutex mutex;
        std::array<std::shared_ptr<const Tokenizer>, 2> tokenizers;
    };
    static Cache cache;
    const auto index = static_cast<std::size_t>(encoding);
    std::lock_guard lock(cache.mutex);
    if (cache.tokenizers[index]) return cache.tokenizers[index];
    const std::filesystem::path path = resourceDir() / "tokenizer" / (std::string(encodingName(encoding)) + ".ranks");
    Result<std::shared_ptr<const Tokenizer>> loaded = loadFile(encoding, path);
    if (loaded) cache.tokenizers[index] = *loaded;
    return loaded;
}

[[gnu::always_inline]] inline std::uint32_t Tokenizer::rankOf(const unsigned char* p, std::size_t length) const {
    if (length <= 2) return length == 2 ? m_pairRanks[(std::size_t{p[0]} << 8) | p[1]] : m_byteRanks[p[0]];
    if (length > m_maxTokenLength) return kNoRank;
    const std::uint64_t head = loadHead(p, length);
    const std::uint64_t h = hashKey(head, p, length);
    const std::size_t bit = h & ((std::size_t{1} << kFilterBits) - 1);
    if ((m_filter[bit >> 6] & (std::uint64_t{1} << (bit & 63))) == 0) return kNoRank;
    const HashTable& table = m_tables[tableFor(length)];
    const std::size_t mask = table.entries.size() - 1;
    std::size_t i = h >> (64 - table.bits);
    const auto* all = reinterpret_cast<const unsigned char*>(m_bytes.data());
    for (;;) {
        const Slot& s = table.entries[i];
        if (s.length == 0) return kNoRank;
        if (s.length == length && s.head == head) {
            // The head holds the first 8 bytes; compare the rest. (Written as a loop-free tail
            // check on a bounded length so GCC's -Wstringop-overread sees no wrap-around.)
            const std::size_t tail = length > 8 ? length - 8 : 0;
            if (tail == 0 || std::memcmp(all + m_offsets[s.rank] + 8, p + 8, tail) == 0) return s.rank;
        }
        i = (i + 1) & mask;
    }
}

// tiktoken's byte_pair_merge (src/lib.rs): repeatedly merge the adjacent pair with the lowest
// rank, the leftmost on ties, recomputing only the two pairs a merge touches.
template <class Emit>
void Tokenizer::mergePiece(const unsigned char* piece, std::size_t length, Emit&& emit) const {
    struct Part {
        std::uint32_t start;
        std::uint32_t rank;   // rank of this part joined with the next one
        std::uint32_t token;  // rank of this part itself
    };
    std::array<Part, kLongPiece + 1> parts;
    std::size_t count = length + 1;
    std::uint32_t minRank = kNoRank;
    std::size_t minIndex = 0;
    for (std::size_t i = 0; i < length; ++i) {
        const std::uint32_t rank = i + 1 < length ? rankOf(piece + i, 2) : kNoRank;
        parts[i] = Part{static_cast<std::uint32_t>(i), rank, m_byteRanks[piece[i]]};
        if (rank < minRank) {
            minRank = rank;
            minIndex = i;
        }
    }
    parts[length] = Part{static_cast<std::uint32_t>(length), kNoRank, kNoRank};
    auto joinedRank = [&](std::size_t i) {
        if (i + 3 >= count) return kNoRank;
        return rankOf(piece + parts[i].start, parts[i + 3].start - parts[i].start);
    };
    while (minRank != kNoRank) {
        const std::size_t i = minIndex;
        parts[i].token = minRank;
        if (i > 0) parts[i - 1].rank = joinedRank(i - 1);
        parts[i].rank = joinedRank(i);
        std::copy(parts.begin() + static_cast<std::ptrdiff_t>(i) + 2,
                  parts.begin() + static_cast<std::ptrdiff_t>(count),
                  parts.begin() + static_cast<std::ptrdiff_t>(i) + 1);
        --count;
        minRank = kNoRank;
        for (std::size_t j = 0; j + 1 < count; ++j) {
            if (parts[j].rank < minRank) {
                minRank = parts[j].rank;
                minIndex = j;
            }
        }
    }
    for (std::size_t i = 0; i + 1 < count; ++i) emit(parts[i].token);
}

template <class Emit>
void Tokenizer::encodeWith(std::string_view text, Emit&& emit) const {
    MergeScratch scratch;
    // The same merge order as mergePiece (lowest rank, then leftmost), kept in a min-heap of
    // (rank << 32 | start). An entry is stale when its part was merged away or its pair rank
    // changed; a rank names one byte string, so an equal rank at the same start is the same pair.
    auto mergeLong = [&](const unsigned char* piece, std::size_t length) {
        auto& next = scratch.next;
        auto& prev = scratch.prev;
        auto& pairRank = scratch.pairRank;
        auto& token = scratch.token;
        auto& heap = scratch.heap;
        next.resize(length + 1);
        prev.resize(length + 1);
        pairRank.assign(length + 1, kNoRank);
        token.resize(length);
        heap.clear();
        const auto len32 = static_cast<std::uint32_t>(length);
        for (std::uint32_t i = 0; i <= len32; ++i) {
            next[i] = i + 1;
            prev[i] = i == 0 ? 0 : i - 1;
        }
        for (std::uint32_t i = 0; i < len32; ++i) token[i] = m_byteRanks[piece[i]];
        for (std::uint32_t i = 0; i + 1 < len32; ++i) {
            pairRank[i] = rankOf(piece + i, 2);
            if (pairRank[i] != kNoRank) heap.push_back((std::uint64_t{pairRank[i]} << 32) | i);
        }
        std::make_heap(heap.begin(), heap.end(), std::greater<>());
        auto push = [&](std::uint32_t i) {
            if (pairRank[i] == kNoRank) return;
            heap.push_back((std::uint64_t{pairRank[i]} << 32) | i);
            std::push_heap(heap.begin(), heap.end(), std::greater<>());
        };
        while (!heap.empty()) {
            std::pop_heap(heap.begin(), heap.end(), std::greater<>());
            const std::uint64_t top = heap.back();
            heap.pop_back();
            const auto i = static_cast<std::uint32_t>(top);
            const auto rank = static_cast<std::uint32_t>(top >> 32);
            if (pairRank[i] != rank) continue;  // stale (merged parts get kNoRank - 1 below)
            const std::uint32_t j = next[i];
            const std::uint32_t k = next[j];
            pairRank[j] = kNoRank - 1;  // j is no longer a part start
            token[i] = rank;
            next[i] = k;
            if (k <= len32) prev[k] = i;
            pairRank[i] = k < len32 ? rankOf(piece + i, next[k] - i) : kNoRank;
            push(i);
            if (i > 0) {
                const std::uint32_t p = prev[i];
                pairRank[p] = rankOf(piece + p, k - p);
                push(p);
            }
        }
        for (std::uint32_t i = 0; i < len32; i = next[i]) emit(token[i]);
    };

    m_preTokenizer.forEachPiece(text, [&](std::string_view piece) {
        const auto* p = reinterpret_cast<const unsigned char*>(piece.data());
        const std::uint32_t rank = rankOf(p, piece.size());
        if (rank != kNoRank) {
            emit(rank);
        } else if (piece.size() <= kLongPiece) {
            mergePiece(p, piece.size(), emit);
        } else {
            mergeLong(p, piece.size());
        }
    });
}

std::vector<std::uint32_t> Tokenizer::encode(std::string_view text) const {
    std::vector<std::uint32_t> ids;
    ids.reserve(text.size() / 3 + 8);
    encodeInto(text, ids);
    return ids;
}

void Tokenizer::encodeInto(std::string_view text, std::vector<std::uint32_t>& out) const {
    encodeWith(text, [&out](std::uint32_t id) { out.push_back(id); });
}

std::size_t Tokenizer::count(std::string_view text) const {
    std::size_t n = 0;
    encodeWith(text, [&n](std::uint32_t) { ++n; });
    return n;
}

Result<std::string> Tokenizer::decode(std::span<const std::uint32_t> ids) const {
    std::string out;
    for (std::uint32_t id : ids) {
        if (id >= vocabularySize())
            return Problem{{},
                           0,
                           0,
                           {},
                           "token id " + std::to_string(id) + " is not an ordinary token of " +
                               std::string(encodingName(m_encoding))};
        out.append(tokenBytes(id));
    }
    return out;
}

std::string_view Tokenizer::tokenBytes(std::uint32_t id) const {
    if (id >= vocabularySize()) return {};
    return std::string_view(m_bytes).substr(m_offsets[id], m_offsets[id + 1] - m_offsets[id]);
}

std::optional<std::uint32_t> Tokenizer::tokenId(std::string_view bytes) const {
    if (bytes.empty()) return std::nullopt;
    const std::uint32_t rank = rankOf(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    if (rank == kNoRank) return std::nullopt;
    return rank;
}

}  // namespace switchyard::core
