#pragma once
// The word-level diff between two answers of a comparison (core::wordDiff): what the second
// says that the first does not (green), and what it leaves out (red, struck through); "Only
// differences" folds the common words away.

#include <QFrame>
#include <vector>

#include "core/common/worddiff.h"

class QCheckBox;
class QComboBox;
class QTextBrowser;

namespace switchyard::ui {

class DiffView final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DiffView)

public:
    explicit DiffView(QWidget* parent = nullptr);

    // One name and answer per column, in the order shown; keeps the chosen pair where it can.
    void setAnswers(const QStringList& names, const QStringList& answers);
    void setPair(int first, int second);
    void setOnlyDifferences(bool only);
    [[nodiscard]] const std::vector<core::DiffPiece>& pieces() const { return m_pieces; }
    // What the view shows, as plain text (the folded parts as "…").
    [[nodiscard]] QString shownText() const;

private:
    void refresh();

    QStringList m_answers;
    std::vector<core::DiffPiece> m_pieces;
    QComboBox* m_first;
    QComboBox* m_second;
    QCheckBox* m_only;
    QTextBrowser* m_view;
};

}  // namespace switchyard::ui
