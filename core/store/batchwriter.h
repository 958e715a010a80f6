#pragma once
// BatchWriter: a worker thread with its own connection that drains a bounded queue of requests
// and commits them in batches (one transaction per batch). Producers block when the queue is
// full, so a slow disk slows the run instead of growing memory. After a failed batch (disk full,
// read-only file) the writer stops: push() and close() return the error, what was committed
// before stays, and nothing more is written.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "core/common/result.h"
#include "core/store/records.h"
#include "core/store/store.h"

namespace switchyard::core {

struct BatchWriterOptions {
    std::size_t queueCapacity = 20'000;
    std::size_t maxBatch = 5'000;  // requests per transaction
    StoreOptions store;
};

class BatchWriter final {
public:
    // Opens a connection of its own and starts the worker.
    static Result<std::unique_ptr<BatchWriter>> start(const std::filesystem::path& path,
                                                      const BatchWriterOptions& options = {});
    BatchWriter(const BatchWriter&) = delete;
    BatchWriter& operator=(const BatchWriter&) = delete;
    ~BatchWriter();  // close(), ignoring the result

    // Queues a request (blocking while the queue is full). Fails once the writer has failed.
    Status push(RequestRecord request);
    // Waits until everything pushed so far is committed or the writer failed.
    Status flush();
    // Flushes and stops the worker. Returns the first error, if any.
    Status close();

    [[nodiscard]] std::int64_t committedRequests() const;

private:
    BatchWriter(Store store, const BatchWriterOptions& options);
    void work();

    Store m_store;
    BatchWriterOptions m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<RequestRecord> m_queue;
    std::size_t m_inFlight = 0;  // taken by the worker, not yet committed
    std::int64_t m_committed = 0;
    bool m_stopping = false;
    std::optional<Problems> m_error;
    std::thread m_worker;
};

}  // namespace switchyard::core
