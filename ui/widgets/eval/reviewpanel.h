#pragma once
// The review queue's face: one pair of answers to the same prompt, shown blind as "Answer A"
// and "Answer B" (sides shuffled by the run's seed, the mock's "[simulated …]" opening
// removed, and no model, tier, provider, cost, tokens or latency anywhere), with the vote on
// keys 1-4 (A better, B better, tie, both bad), an optional note, S to skip and U to take the
// last vote back. After a vote the pair it was about is revealed in one line.

#include <QWidget>

#include "core/eval/reviewqueue.h"
#include "core/store/records.h"

class QAction;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace switchyard::ui {

class ReviewPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewPanel)

public:
    explicit ReviewPanel(QWidget* parent = nullptr);

    // `pair` null: nothing to review (with `emptyText` saying why).
    void showPair(const core::ReviewPair* pair, int position, int count, const QString& emptyText = {});
    void setBusy(bool busy);
    void setUndoAvailable(bool available);
    // The line under the vote: the pair just voted on, revealed, or a problem.
    void setRevealText(const QString& text, bool problem = false);
    [[nodiscard]] QString revealText() const;
    [[nodiscard]] QString note() const;
    void clearNote();
    [[nodiscard]] QString answerText(int side) const;  // 0: A, 1: B
    [[nodiscard]] QString counterText() const;
    [[nodiscard]] bool hasPair() const { return m_hasPair; }

signals:
    void voted(switchyard::core::VoteWinner winner);
    void skipped();
    void undoRequested();

private:
    void refreshEnabled();

    QLabel* m_counter;
    QPlainTextEdit* m_prompt;
    QLabel* m_reference;
    QLabel* m_nameA;
    QLabel* m_nameB;
    QPlainTextEdit* m_answerA;
    QPlainTextEdit* m_answerB;
    QPushButton* m_aBetter;
    QPushButton* m_bBetter;
    QPushButton* m_tie;
    QPushButton* m_bothBad;
    QLineEdit* m_note;
    QPushButton* m_skip;
    QPushButton* m_undo;
    QLabel* m_reveal;
    QList<QAction*> m_keys;
    bool m_hasPair = false;
    bool m_busy = false;
    bool m_undoAvailable = false;
};

}  // namespace switchyard::ui
