// Fuzzes the embeddings cache file reader (core/classify/embeddingcache.h): any bytes as the
// file give a cache or a problem naming the file, never a crash or a huge allocation; a cache
// that loads writes back bytes that load to the same entries.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/classify/embeddingcache.h"
#include "core/common/files.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {
const fs::path& scratch() {
    static const fs::path dir = [] {
        // Saves are atomic and synced (core/common/files.h): on a disk that is a few executions a
        // second, so the scratch file lives in memory where the system has a tmpfs for it.
        std::error_code ec;
        const fs::path base = fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
        fs::path d = base / ("switchyard-embcache-fuzz-" + std::to_string(::getpid()));
        fs::create_directories(d);
        return d;
    }();
    return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const fs::path file = scratch() / "fuzz.embeddings.bin";
    {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    EmbeddingCache cache(file);
    const Status loaded = cache.load();
    if (!loaded) {
        const Problem& p = loaded.problem();
        if (p.file != file.string() || p.message.empty()) std::abort();
        if (cache.size() != 0) std::abort();  // a damaged file loads nothing
        return 0;
    }
    // Round trip: add one entry (so save() writes), reload, and find it and the count again.
    const std::size_t before = cache.size();
    const EmbeddingSpace space{"fuzz", "model", 3};
    const bool had = cache.find(space, "round trip").has_value();
    cache.put(space, "round trip", {1.0f, -2.0f, 0.5f});
    if (!cache.save()) std::abort();
    EmbeddingCache again(file);
    if (!again.load() || again.size() != before + (had ? 0 : 1)) std::abort();
    const auto v = again.find(space, "round trip");
    if (!v || *v != std::vector<float>{1.0f, -2.0f, 0.5f}) std::abort();
    return 0;
}
