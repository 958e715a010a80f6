#pragma once
// "Pick from dataset": the datasets in the workspace's run database (the ones the Evaluate page
// imports) and the items of the one chosen, read on a worker, searched by prompt, key, tag or
// reference answer. Enter or a double click picks an item: its whole request (messages,
// metadata, options) goes into the composer and its reference answer beside the checks.

#include <QDialog>
#include <QString>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <vector>

#include "core/store/records.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace switchyard::ui {

class JobRunner;

class DatasetPicker final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DatasetPicker)

public:
    DatasetPicker(JobRunner* jobs, std::filesystem::path database, QWidget* parent = nullptr);

    // The item picked (after accepted()) and where it came from ("dataset “faq”, item 12").
    [[nodiscard]] const std::optional<core::DatasetItem>& picked() const { return m_picked; }
    [[nodiscard]] QString pickedSource() const { return m_pickedSource; }
    // The checks the picked item's dataset keeps for its answers (JSON, core/eval/evalcheck.h).
    [[nodiscard]] const std::string& pickedChecksJson() const { return m_pickedChecks; }

    [[nodiscard]] QComboBox* datasetCombo() const { return m_datasets; }
    [[nodiscard]] QListWidget* itemList() const { return m_items; }
    [[nodiscard]] QLineEdit* searchEdit() const { return m_search; }
    [[nodiscard]] bool isLoading() const { return m_loading; }
    [[nodiscard]] QString stateText() const;

signals:
    void loaded();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void loadDatasets();
    void loadItems(std::int64_t datasetId);
    void filter();
    void pick();
    void setLoading(bool loading, const QString& state);

    JobRunner* m_jobs;
    std::filesystem::path m_database;
    std::vector<core::DatasetInfo> m_infos;
    std::vector<core::StoredItem> m_loaded;
    std::vector<QString> m_haystacks;  // per loaded item: what a search looks in, lower-cased
    std::optional<core::DatasetItem> m_picked;
    QString m_pickedSource;
    std::string m_pickedChecks;
    std::uint64_t m_generation = 0;
    bool m_loading = false;
    QComboBox* m_datasets;
    QLineEdit* m_search;
    QListWidget* m_items;
    QLabel* m_state;
    QPushButton* m_ok;
};

}  // namespace switchyard::ui
