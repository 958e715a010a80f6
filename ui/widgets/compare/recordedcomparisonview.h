#pragma once
// A past comparison, read-only, as it was shown: when it ran, the prompt, each column's target,
// answer, figures, checks and any error (CompareColumn::showRecorded, the same words as when it
// ran), in the order the columns stood (a blind run: where the voter saw them), and its vote.
// "Run again" asks the page to send it again from the composer; Close goes back.

#include <QFrame>
#include <vector>

#include "core/store/comparehistory.h"
#include "ui/services/comparetarget.h"

class QHBoxLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace switchyard::ui {

class CompareColumn;

class RecordedComparisonView final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RecordedComparisonView)

public:
    explicit RecordedComparisonView(QWidget* parent = nullptr);

    // `available`: the workspace's targets, for the columns' names.
    void showComparison(const core::RecordedComparison& comparison, const std::vector<CompareTarget>& available);
    [[nodiscard]] const core::RecordedComparison& comparison() const { return m_comparison; }
    // The columns in the order shown, and their targets.
    [[nodiscard]] int columnCount() const { return static_cast<int>(m_columns.size()); }
    [[nodiscard]] CompareColumn* column(int position) const { return m_columns.at(static_cast<size_t>(position)); }
    [[nodiscard]] std::vector<CompareTarget> targets() const;
    [[nodiscard]] QString titleText() const;
    [[nodiscard]] QString voteText() const;

signals:
    void runAgainRequested();
    void closeRequested();

private:
    core::RecordedComparison m_comparison;
    std::vector<int> m_shown;  // index into m_comparison.columns per position
    QLabel* m_title;
    QPlainTextEdit* m_prompt;
    QLabel* m_vote;
    QPushButton* m_runAgain;
    QPushButton* m_close;
    QHBoxLayout* m_columnLayout;
    std::vector<CompareColumn*> m_columns;
};

}  // namespace switchyard::ui
