#pragma once
// Embeddings already fetched, so training twice or routing a repeated prompt costs no call.
// Keyed by the embedding space (provider, model, requested dimensions) and the text's length
// and two 64-bit hashes (FNV-1a-64, and FNV-1a-64 from a second offset basis over the bytes in
// reverse): a wrong hit needs all three to collide. The texts themselves are not kept, in
// memory or on disk, and neither is any key or credential: a cache file holds provider and
// model names, hashes and float32 vectors only.
//
// File format (little-endian), rewritten atomically by save():
//   "SWYEMB01"; then per space: u32 name length, name ("provider\nmodel\ndimensions"),
//   u32 entry count; per entry: u64 hash1, u64 hash2, u64 text length, u32 n, n float32.
//
// Thread-safe: find() and put() may run from many threads (the policy routes concurrently).

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/common/result.h"

namespace switchyard::core {

struct EmbeddingSpace {
    std::string provider;  // the provider's name in the workspace (or the simulated provider's)
    std::string model;
    int dimensions = 0;  // as requested; 0 = the model's own
    bool operator==(const EmbeddingSpace&) const = default;
};

class EmbeddingCache final {
public:
    // In memory only until save() is given a path or the cache was opened from one.
    EmbeddingCache() = default;
    explicit EmbeddingCache(std::filesystem::path file) : m_file(std::move(file)) {}
    EmbeddingCache(const EmbeddingCache&) = delete;
    EmbeddingCache& operator=(const EmbeddingCache&) = delete;

    // The cache file kept beside a workspace: "team.json" -> "team.embeddings.bin".
    static std::filesystem::path pathBeside(const std::filesystem::path& workspace);

    // Reads the file given to the constructor; a missing file is an empty cache. A damaged file
    // is a problem (nothing is loaded) naming the path and the byte offset.
    Status load();
    // Writes every entry to the file (atomically) when something was added since the last load
    // or save; a no-op otherwise.
    Status save();

    [[nodiscard]] std::optional<std::vector<float>> find(const EmbeddingSpace& space, std::string_view text) const;
    void put(const EmbeddingSpace& space, std::string_view text, std::vector<float> vector);

    [[nodiscard]] std::size_t size() const;
    [[nodiscard]] std::int64_t hits() const { return m_hits.load(); }
    [[nodiscard]] std::int64_t misses() const { return m_misses.load(); }
    [[nodiscard]] const std::filesystem::path& file() const { return m_file; }

private:
    struct Key {
        std::uint64_t hash1 = 0;
        std::uint64_t hash2 = 0;
        std::uint64_t length = 0;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const {
            return static_cast<std::size_t>(k.hash1 ^ (k.hash2 * 0x9e3779b97f4a7c15ULL));
        }
    };
    using Entries = std::unordered_map<Key, std::vector<float>, KeyHash>;

    static Key keyOf(std::string_view text);
    static std::string spaceName(const EmbeddingSpace& space);

    std::filesystem::path m_file;
    mutable std::shared_mutex m_mutex;
    std::unordered_map<std::string, Entries> m_spaces;  // by spaceName()
    bool m_dirty = false;
    mutable std::atomic<std::int64_t> m_hits{0};
    mutable std::atomic<std::int64_t> m_misses{0};
};

}  // namespace switchyard::core
