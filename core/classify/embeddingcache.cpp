#include "core/classify/embeddingcache.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <tuple>

#include "core/common/files.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core {
namespace {

// Vectors are copied as host float32 bytes; the format is little-endian.
static_assert(std::endian::native == std::endian::little, "the embeddings cache format assumes a little-endian host");

constexpr std::string_view kMagic = "SWYEMB01";
// A second, independent-enough 64-bit hash: FNV-1a from another offset basis, over the bytes
// in reverse order, so texts that collide under the first hash almost surely differ here.
constexpr std::uint64_t kSecondBasis = 0x84222325cbf29ce4ULL;

void putU32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void putU64(std::string& out, std::uint64_t v) {
    for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Reads little-endian numbers from a byte buffer; any read past the end sets `failed`.
struct Reader {
    std::string_view bytes;
    std::size_t pos = 0;
    bool failed = false;
    bool has(std::size_t n) {
        if (failed || bytes.size() - pos < n) failed = true;
        return !failed;
    }
    std::uint64_t number(int width) {
        if (!has(static_cast<std::size_t>(width))) return 0;
        std::uint64_t v = 0;
        for (int i = 0; i < width; ++i)
            v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[pos + static_cast<std::size_t>(i)]))
                 << (8 * i);
        pos += static_cast<std::size_t>(width);
        return v;
    }
};

}  // namespace

std::filesystem::path EmbeddingCache::pathBeside(const std::filesystem::path& workspace) {
    std::filesystem::path p = workspace;
    p.replace_extension(".embeddings.bin");
    return p;
}

EmbeddingCache::Key EmbeddingCache::keyOf(std::string_view text) {
    Key k;
    k.hash1 = fnv1a64(text);
    std::uint64_t h = kSecondBasis;
    for (auto it = text.rbegin(); it != text.rend(); ++it) {
        h ^= static_cast<unsigned char>(*it);
        h *= 0x100000001b3ULL;
    }
    k.hash2 = h;
    k.length = text.size();
    return k;
}

std::string EmbeddingCache::spaceName(const EmbeddingSpace& s) {
    return s.provider + "\n" + s.model + "\n" + std::to_string(s.dimensions);
}

std::optional<std::vector<float>> EmbeddingCache::find(const EmbeddingSpace& space, std::string_view text) const {
    const Key key = keyOf(text);
    std::shared_lock lock(m_mutex);
    auto s = m_spaces.find(spaceName(space));
    if (s != m_spaces.end()) {
        auto e = s->second.find(key);
        if (e != s->second.end()) {
            ++m_hits;
            return e->second;
        }
    }
    ++m_misses;
    return std::nullopt;
}

void EmbeddingCache::put(const EmbeddingSpace& space, std::string_view text, std::vector<float> vector) {
    const Key key = keyOf(text);
    std::unique_lock lock(m_mutex);
    m_spaces[spaceName(space)][key] = std::move(vector);
    m_dirty = true;
}

std::size_t EmbeddingCache::size() const {
    std::shared_lock lock(m_mutex);
    std::size_t n = 0;
    for (const auto& [name, entries] : m_spaces) n += entries.size();
    return n;
}

Status EmbeddingCache::load() {
    if (m_file.empty()) return Ok{};
    std::error_code ec;
    if (!std::filesystem::exists(m_file, ec)) return Ok{};
    auto text = readTextFile(m_file);
    if (!text) return text.problems();
    const std::string& bytes = *text;
    auto damaged = [&](std::size_t at, const std::string& why) {
        return Problem{m_file.string(),
                       0,
                       0,
                       {},
                       "the embeddings cache is damaged at byte " + std::to_string(at) + " (" + why +
                           "); delete it to start over"};
    };
    if (bytes.compare(0, kMagic.size(), kMagic) != 0) return damaged(0, "not a Switchyard embeddings cache");
    Reader r{bytes, kMagic.size()};
    std::unordered_map<std::string, Entries> spaces;
    while (r.pos < bytes.size()) {
        const auto nameLength = r.number(4);
        if (!r.has(nameLength)) return damaged(r.pos, "a space name runs past the end");
        std::string name(bytes.substr(r.pos, nameLength));
        r.pos += nameLength;
        const auto count = r.number(4);
        Entries& entries = spaces[name];
        for (std::uint64_t i = 0; i < count && !r.failed; ++i) {
            Key k;
            k.hash1 = r.number(8);
            k.hash2 = r.number(8);
            k.length = r.number(8);
            const auto n = r.number(4);
            if (r.failed || !r.has(n * 4)) return damaged(r.pos, "an entry runs past the end");
            // save() never writes an empty vector, and one would be a useless hit (found by
            // embeddingcache_fuzz: it also made the copy below a memcpy from a null pointer).
            if (n == 0) return damaged(r.pos, "an entry has no values");
            std::vector<float> v(n);
            std::memcpy(v.data(), bytes.data() + r.pos, n * 4);
            r.pos += n * 4;
            for (float x : v)
                if (!std::isfinite(x)) return damaged(r.pos, "a value is not a finite number");
            entries[k] = std::move(v);
        }
        if (r.failed) return damaged(r.pos, "the file ends inside an entry");
    }
    std::unique_lock lock(m_mutex);
    m_spaces = std::move(spaces);
    m_dirty = false;
    return Ok{};
}

Status EmbeddingCache::save() {
    std::string out;
    {
        std::shared_lock lock(m_mutex);
        if (!m_dirty || m_file.empty()) return Ok{};
        out.append(kMagic);
        // Sorted, so the same entries always give the same bytes.
        std::map<std::string, const Entries*> names;
        for (const auto& [name, entries] : m_spaces) names.emplace(name, &entries);
        for (const auto& [name, entries] : names) {
            putU32(out, static_cast<std::uint32_t>(name.size()));
            out += name;
            putU32(out, static_cast<std::uint32_t>(entries->size()));
            std::vector<std::pair<Key, const std::vector<float>*>> sorted;
            for (const auto& [k, v] : *entries) sorted.emplace_back(k, &v);
            std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
                return std::tie(a.first.hash1, a.first.hash2, a.first.length) <
                       std::tie(b.first.hash1, b.first.hash2, b.first.length);
            });
            for (const auto& [k, v] : sorted) {
                putU64(out, k.hash1);
                putU64(out, k.hash2);
                putU64(out, k.length);
                putU32(out, static_cast<std::uint32_t>(v->size()));
                const std::size_t at = out.size();
                out.resize(at + v->size() * 4);
                std::memcpy(out.data() + at, v->data(), v->size() * 4);
            }
        }
    }
    auto written = writeFileAtomically(m_file, out);
    if (!written) return written;
    std::unique_lock lock(m_mutex);
    m_dirty = false;
    return Ok{};
}

}  // namespace switchyard::core
