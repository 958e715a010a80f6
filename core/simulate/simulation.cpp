#include "core/simulate/simulation.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "core/simulate/simulationengine.h"

namespace switchyard::core {
namespace {

int threadCount(const SimulationOptions& options) {
    return options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

bool stopRequested(const SimulationOptions& options) {
    return options.cancel && options.cancel->load(std::memory_order_relaxed);
}

}  // namespace

Result<SimulationReport> simulateTraffic(const Policy& policy, const std::filesystem::path& path,
                                         const SimulationOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    auto opened = TrafficSource::open(path, options.format, options.csvColumns);
    if (!opened) return opened.problems();
    TrafficSource& source = *opened;
    auto baseline = simulationBaseline(policy, options);
    if (!baseline) return baseline.problems();
    const SimulationEngine engine(policy, options, *baseline);
    SimulationReport report;
    report.file = source.file();

    // Reader (this thread) -> bounded queue -> workers.
    const int threads = threadCount(options);
    std::mutex mutex;
    std::condition_variable notEmpty, notFull;
    std::deque<TrafficChunk> queue;
    bool done = false;
    const size_t maxQueued = static_cast<size_t>(threads) + 1;
    std::vector<Partial> partials(static_cast<size_t>(threads), engine.newPartial());
    std::vector<std::thread> workers;
    workers.reserve(static_cast<size_t>(threads));
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            RecordParsers parsers;
            Partial& part = partials[static_cast<size_t>(t)];
            // A stop is also seen inside a chunk (every 1,024 records), so Cancel need not wait
            // for the queued chunks to be worked through.
            std::int64_t seen = 0;
            const std::function<bool(TrafficRecord&, std::int64_t)> onRecord = [&](TrafficRecord& rec,
                                                                                   std::int64_t line) {
                engine.process(rec, line, part);
                return (++seen & 1023) != 0 || !stopRequested(options);
            };
            while (true) {
                TrafficChunk chunk;
                {
                    std::unique_lock lock(mutex);
                    notEmpty.wait(lock, [&] { return !queue.empty() || done; });
                    if (queue.empty()) return;
                    chunk = std::move(queue.front());
                    queue.pop_front();
                }
                notFull.notify_one();
                if (stopRequested(options)) continue;  // drain the queue unread
                forEachRecord(chunk, source.layout(), source.csvParser(), parsers, part.counts, options.maxProblemsKept,
                              report.file, onRecord);
            }
        });
    }
    bool cancelled = false;
    while (true) {
        if (stopRequested(options)) {
            cancelled = true;
            break;
        }
        TrafficChunk chunk;
        if (!source.next(chunk, options.chunkBytes)) break;
        {
            std::unique_lock lock(mutex);
            notFull.wait(lock, [&] { return queue.size() < maxQueued; });
            queue.push_back(std::move(chunk));
            notEmpty.notify_one();
        }
        if (options.progress) options.progress(source.bytesRead(), source.totalBytes());
    }
    {
        std::lock_guard lock(mutex);
        done = true;
    }
    notEmpty.notify_all();
    for (auto& w : workers) w.join();
    if (cancelled || stopRequested(options)) return Cancelled{};

    engine.finish(partials, report);
    report.lines +=
        source.headerLines() + (source.layout() == TrafficLayout::Documents && source.endsMidLine() ? 1 : 0);
    report.bytes = source.bytesRead();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

Result<TrafficSample> readTrafficSample(const std::filesystem::path& path, size_t limit,
                                        const SimulationOptions& options) {
    auto opened = TrafficSource::open(path, options.format, options.csvColumns);
    if (!opened) return opened.problems();
    TrafficSource& source = *opened;
    TrafficSample sample;
    sample.file = source.file();
    RecordParsers parsers;
    ChunkCounts counts;
    ChunkCounts atLimit;  // the counts when the limit-th record was read: what a file of just the sample holds
    const std::function<bool(TrafficRecord&, std::int64_t)> onRecord = [&](TrafficRecord& rec, std::int64_t line) {
        if (limit > 0 && sample.records.size() >= limit) {
            sample.truncated = true;
            return false;
        }
        sample.records.push_back(std::move(rec));
        sample.recordLines.push_back(line);
        if (limit > 0 && sample.records.size() == limit) atLimit = counts;
        return true;
    };
    TrafficChunk chunk;
    bool more = true;
    // Small chunks: a sample of 20,000 short records is a few MB, so read no more than needed.
    const size_t chunkBytes = std::min(options.chunkBytes, size_t{1} << 20);
    while (more && source.next(chunk, chunkBytes)) {
        if (stopRequested(options)) return Cancelled{};
        more = forEachRecord(chunk, source.layout(), source.csvParser(), parsers, counts, options.maxProblemsKept,
                             sample.file, onRecord);
    }
    if (sample.truncated) counts = std::move(atLimit);
    sample.lines = counts.lines + source.headerLines() +
                   (more && source.layout() == TrafficLayout::Documents && source.endsMidLine() ? 1 : 0);
    sample.malformed = counts.malformed;
    sample.problems = std::move(counts.problems);
    sample.bytes = source.bytesRead();
    return sample;
}

Result<SimulationReport> simulateSample(const Policy& policy, const TrafficSample& sample,
                                        const SimulationOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    auto baseline = simulationBaseline(policy, options);
    if (!baseline) return baseline.problems();
    const SimulationEngine engine(policy, options, *baseline);
    SimulationReport report;
    report.file = sample.file;

    const size_t n = sample.records.size();
    const int threads = std::max(1, std::min(threadCount(options), static_cast<int>(n / 2048) + 1));
    std::vector<Partial> partials(static_cast<size_t>(threads), engine.newPartial());
    std::atomic<bool> stopped{false};
    auto work = [&](size_t t) {
        Partial& part = partials[t];
        const size_t begin = n * t / static_cast<size_t>(threads), end = n * (t + 1) / static_cast<size_t>(threads);
        for (size_t i = begin; i < end; ++i) {
            if ((i - begin) % 256 == 0 && (stopped.load(std::memory_order_relaxed) || stopRequested(options))) {
                stopped = true;
                return;
            }
            engine.process(sample.records[i], sample.recordLines[i], part);
        }
    };
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t) workers.emplace_back(work, static_cast<size_t>(t));
    work(0);
    for (auto& w : workers) w.join();
    if (stopped) return Cancelled{};

    engine.finish(partials, report);
    // What reading the sample found: its lines and malformed lines.
    report.lines = sample.lines;
    report.malformed = sample.malformed;
    report.problems = sample.problems;
    report.bytes = sample.bytes;
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace switchyard::core
