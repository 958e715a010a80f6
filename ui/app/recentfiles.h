#pragma once
// The most recently opened workspace files, newest first, kept in QSettings.

#include <QStringList>

namespace switchyard::ui {

class RecentFiles final {
public:
    static constexpr int kMaxFiles = 8;

    RecentFiles() = default;

    [[nodiscard]] QStringList files() const;
    // Moves `path` (made absolute) to the front, dropping the oldest beyond kMaxFiles.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

private:
    void store(const QStringList& files);
};

}  // namespace switchyard::ui
