#pragma once
// The blind vote under a comparison: which of two answers is better (A better / B better /
// tie / both bad, keys 1-4 on the page), an optional note, and with more than two columns the
// pair the vote is about. Names nothing: the answers are letters until the vote is in.

#include <QFrame>

#include "core/store/records.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace switchyard::ui {

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

signals:
    void voted(switchyard::core::VoteWinner winner);

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
};

}  // namespace switchyard::ui
