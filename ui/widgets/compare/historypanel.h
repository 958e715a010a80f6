#pragma once
// The Compare page's History: past comparisons in the workspace's run database, newest first,
// with a search over the prompts and filters by model and by vote. The database is read on a
// worker (core::listComparisons); Enter or a double click asks to reopen a comparison.

#include <QWidget>
#include <cstdint>
#include <filesystem>

class QComboBox;
class QLabel;
class QLineEdit;
class QListView;
class QTimer;

namespace switchyard::ui {

class CompareHistoryModel;
class JobRunner;

class HistoryPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryPanel)

public:
    explicit HistoryPanel(JobRunner* jobs, QWidget* parent = nullptr);

    // Where the comparisons are (empty: an unsaved workspace, nothing recorded).
    void setDatabase(const std::filesystem::path& database);
    // Reads the list again with the filters as they are.
    void refresh();
    // While a blind comparison waits for its vote: no model names, no model filter.
    void setMasked(bool masked);

    [[nodiscard]] CompareHistoryModel* model() const { return m_model; }
    [[nodiscard]] QListView* list() const { return m_list; }
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] QString stateText() const;

signals:
    void reopenRequested(std::int64_t runId);
    void loaded();

private:
    void reopen(const QModelIndex& index);

    JobRunner* m_jobs;
    std::filesystem::path m_database;
    CompareHistoryModel* m_model;
    QLineEdit* m_search;
    QComboBox* m_modelFilter;
    QComboBox* m_voteFilter;
    QListView* m_list;
    QLabel* m_state;
    QTimer* m_typing;
    std::uint64_t m_generation = 0;  // answers to an earlier refresh are dropped
    bool m_loading = false;
    bool m_masked = false;
};

}  // namespace switchyard::ui
