#include "core/store/batchwriter.h"

#include <vector>

namespace switchyard::core {

Result<std::unique_ptr<BatchWriter>> BatchWriter::start(const std::filesystem::path& path,
                                                        const BatchWriterOptions& options) {
    auto store = Store::open(path, options.store);
    if (!store) return store.problems();
    return std::unique_ptr<BatchWriter>(new BatchWriter(std::move(store.value()), options));
}

BatchWriter::BatchWriter(Store store, const BatchWriterOptions& options)
    : m_store(std::move(store)), m_options(options) {
    if (m_options.maxBatch == 0) m_options.maxBatch = 1;
    if (m_options.queueCapacity < m_options.maxBatch) m_options.queueCapacity = m_options.maxBatch;
    m_worker = std::thread([this] { work(); });
}

BatchWriter::~BatchWriter() { (void)close(); }

Status BatchWriter::push(RequestRecord request) {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_error || m_stopping || m_queue.size() < m_options.queueCapacity; });
    if (m_error) return *m_error;
    if (m_stopping) return Problem{"", 0, 0, "", "the writer is closed"};
    m_queue.push_back(std::move(request));
    m_changed.notify_all();
    return Ok{};
}

Status BatchWriter::flush() {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [&] { return m_error || (m_queue.empty() && m_inFlight == 0); });
    if (m_error) return *m_error;
    return Ok{};
}

Status BatchWriter::close() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_worker.joinable()) m_worker.join();
    std::lock_guard lock(m_mutex);
    if (m_error) return *m_error;
    return Ok{};
}

std::int64_t BatchWriter::committedRequests() const {
    std::lock_guard lock(m_mutex);
    return m_committed;
}

void BatchWriter::work() {
    std::vector<RequestRecord> batch;
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty() || m_error) return;  // stopping with nothing left, or failed
            const std::size_t n = std::min(m_queue.size(), m_options.maxBatch);
            batch.assign(std::make_move_iterator(m_queue.begin()),
                         std::make_move_iterator(m_queue.begin() + static_cast<std::ptrdiff_t>(n)));
            m_queue.erase(m_queue.begin(), m_queue.begin() + static_cast<std::ptrdiff_t>(n));
            m_inFlight = n;
        }
        m_changed.notify_all();  // room in the queue
        auto result = m_store.insert(batch);
        {
            std::lock_guard lock(m_mutex);
            m_inFlight = 0;
            if (result) {
                m_committed += static_cast<std::int64_t>(batch.size());
            } else {
                // Stop cleanly: drop what is queued (it was never committed) and refuse more.
                m_error = result.problems();
                m_queue.clear();
            }
        }
        m_changed.notify_all();
        batch.clear();
        if (!result) return;
    }
}

}  // namespace switchyard::core
