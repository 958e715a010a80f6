#include "ui/services/streambuffer.h"

#include <algorithm>

namespace switchyard::ui {

void StreamBuffer::append(int column, std::uint64_t generation, std::size_t attempt, std::string_view text,
                          bool thinking) {
    std::lock_guard lock(m_mutex);
    // Merge with the column's latest pending chunk when it is of the same attempt and kind: at
    // most one per column, attempt and kind (thinking comes before the answer, not mixed with it).
    const auto it =
        std::find_if(m_pending.rbegin(), m_pending.rend(), [column](const Chunk& c) { return c.column == column; });
    if (it != m_pending.rend() && it->generation == generation && it->attempt == attempt && it->thinking == thinking) {
        it->text.append(text);
        return;
    }
    m_pending.push_back({column, generation, attempt, thinking, std::string(text), std::chrono::steady_clock::now()});
    if (m_pending.size() == 1 && m_wake) m_wake();
}

void StreamBuffer::setWake(std::function<void()> wake) {
    std::lock_guard lock(m_mutex);
    m_wake = std::move(wake);
}

std::vector<StreamBuffer::Chunk> StreamBuffer::take() {
    std::lock_guard lock(m_mutex);
    std::vector<Chunk> out;
    out.swap(m_pending);
    return out;
}

}  // namespace switchyard::ui
