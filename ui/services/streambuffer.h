#pragma once
// Streamed text on its way from the provider client's loop thread to the GUI thread. The loop
// thread appends each chunk under a mutex and wakes the GUI thread only when the buffer was
// empty (one queued event, not one per chunk); the GUI thread takes what gathered, merged per
// column and attempt, at most once per frame, so a fast stream of many small chunks costs the
// event loop one short call every 16 ms however fast it arrives.

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace switchyard::ui {

class StreamBuffer final {
public:
    struct Chunk {
        int column = 0;
        std::uint64_t generation = 0;  // the column's run the text belongs to
        std::size_t attempt = 0;       // a new attempt abandons the earlier attempt's text
        bool thinking = false;         // the model's thinking, not its answer
        std::string text;
        std::chrono::steady_clock::time_point firstArrived;  // when its oldest part came in
    };

    // Any thread. Calls the wake function (under the buffer's lock) when nothing was pending.
    void append(int column, std::uint64_t generation, std::size_t attempt, std::string_view text,
                bool thinking = false);
    // Set by the GUI thread; cleared (empty) before the object it wakes goes away.
    void setWake(std::function<void()> wake);
    // Everything appended since the last take, oldest first.
    std::vector<Chunk> take();

private:
    std::mutex m_mutex;
    std::vector<Chunk> m_pending;
    std::function<void()> m_wake;
};

}  // namespace switchyard::ui
