#pragma once
// The Compare page's History list: past comparisons (core::listComparisons), newest first, one
// row each — the prompt, the models of the columns' answers, the vote, when. While a blind
// comparison waits for its vote the rows are masked: no row names a model (the catalog's names
// in other runs would tell which models are in the one being judged).

#include <QAbstractListModel>
#include <vector>

#include "core/store/comparehistory.h"

namespace switchyard::ui {

class CompareHistoryModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareHistoryModel)

public:
    enum Role {
        RunIdRole = Qt::UserRole + 1,
        PromptRole,   // the prompt alone
        SummaryRole,  // "small-a vs big-a · A better · Simulated · 2 Dec 2026 07:30"
    };

    explicit CompareHistoryModel(QObject* parent = nullptr);

    void setEntries(std::vector<core::CompareHistoryEntry> entries);
    void setMasked(bool masked);
    [[nodiscard]] bool isMasked() const { return m_masked; }
    [[nodiscard]] const core::CompareHistoryEntry& entry(int row) const {
        return m_entries.at(static_cast<size_t>(row));
    }

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;

    // "A better", "tie", "both bad", "not voted" (blind runs: the letters shown; else left/right).
    static QString voteText(const core::CompareHistoryEntry& entry);

private:
    [[nodiscard]] QString summary(const core::CompareHistoryEntry& entry) const;

    std::vector<core::CompareHistoryEntry> m_entries;
    bool m_masked = false;
};

}  // namespace switchyard::ui
