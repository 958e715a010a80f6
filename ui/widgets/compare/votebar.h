#pragma once
// The blind vote under a comparison: which of two answers is better (A better / B better /
// tie / both bad, keys 1-4 on the page), an optional note, and with more than two columns the
// pair the vote is about or a ranking of them all (the letters best first, e.g. "CAB": recorded
// as one vote per pair, so win rates count it). Names nothing: the answers are letters until
// the vote is in.

#include <QFrame>
#include <vector>

#include "core/store/records.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace switchyard::ui {

// "A (small-a) better than B (big-a)": a vote in words, as the page and the History say it.
QString describeVerdict(core::VoteWinner winner, const QString& leftLetter, const QString& leftName,
                        const QString& rightLetter, const QString& rightName);

class VoteBar final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VoteBar)

public:
    explicit VoteBar(QWidget* parent = nullptr);

    // One letter per shown answer, in the order they are shown ("A", "B", …).
    void setLetters(const QStringList& letters);
    // Display positions of the pair voted on.
    [[nodiscard]] int leftPosition() const;
    [[nodiscard]] int rightPosition() const;
    [[nodiscard]] QString note() const;
    void setBusy(bool busy);
    void vote(core::VoteWinner winner);
    // Positions best first when the ranking field holds every letter once; else empty, with
    // why in *problem.
    [[nodiscard]] std::vector<int> ranking(QString* problem = nullptr) const;
    void submitRanking();

signals:
    void voted(switchyard::core::VoteWinner winner);
    void ranked(const std::vector<int>& positionsBestFirst);

private:
    void relabel();

    QStringList m_letters;
    QLabel* m_question;
    QComboBox* m_left;
    QComboBox* m_right;
    QPushButton* m_leftBetter;
    QPushButton* m_rightBetter;
    QPushButton* m_tie;
    QPushButton* m_bothBad;
    QLineEdit* m_note;
    QLineEdit* m_rank;
    QPushButton* m_rankButton;
    QLabel* m_rankProblem;
};

}  // namespace switchyard::ui
