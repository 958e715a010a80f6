#include "ui/widgets/compare/votebar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace switchyard::ui {

VoteBar::VoteBar(QWidget* parent)
    : QFrame(parent), m_question(new QLabel(tr("Which answer is better?"), this)), m_left(new QComboBox(this)), m_right(new QComboBox(this)),
      m_leftBetter(new QPushButton(this)), m_rightBetter(new QPushButton(this)), m_tie(new QPushButton(tr("Tie (3)"), this)),
      m_bothBad(new QPushButton(tr("Both bad (4)"), this)), m_note(new QLineEdit(this)) {
    setObjectName(QStringLiteral("voteBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);
    m_question->setObjectName(QStringLiteral("voteQuestion"));
    layout->addWidget(m_question);
    m_left->setObjectName(QStringLiteral("voteLeft"));
    m_right->setObjectName(QStringLiteral("voteRight"));
    m_left->setAccessibleName(tr("First answer of the pair"));
    m_right->setAccessibleName(tr("Second answer of the pair"));
    layout->addWidget(m_left);
    layout->addWidget(m_right);
    m_leftBetter->setObjectName(QStringLiteral("voteLeftBetter"));
    m_rightBetter->setObjectName(QStringLiteral("voteRightBetter"));
    m_tie->setObjectName(QStringLiteral("voteTie"));
    m_bothBad->setObjectName(QStringLiteral("voteBothBad"));
    for (QPushButton* b : {m_leftBetter, m_rightBetter, m_tie, m_bothBad}) layout->addWidget(b);
    m_note->setObjectName(QStringLiteral("voteNote"));
    m_note->setPlaceholderText(tr("Why (optional)"));
    layout->addWidget(m_note, 1);
    connect(m_leftBetter, &QPushButton::clicked, this, [this] { vote(core::VoteWinner::Left); });
    connect(m_rightBetter, &QPushButton::clicked, this, [this] { vote(core::VoteWinner::Right); });
    connect(m_tie, &QPushButton::clicked, this, [this] { vote(core::VoteWinner::Tie); });
    connect(m_bothBad, &QPushButton::clicked, this, [this] { vote(core::VoteWinner::BothBad); });
    connect(m_left, &QComboBox::currentIndexChanged, this, &VoteBar::relabel);
    connect(m_right, &QComboBox::currentIndexChanged, this, &VoteBar::relabel);
}

void VoteBar::setLetters(const QStringList& letters) {
    m_letters = letters;
    for (QComboBox* box : {m_left, m_right}) {
        const QSignalBlocker block(box);
        box->clear();
        box->addItems(letters);
        box->setVisible(letters.size() > 2);
    }
    m_left->setCurrentIndex(0);
    m_right->setCurrentIndex(letters.size() > 1 ? 1 : 0);
    m_note->clear();
    relabel();
}

int VoteBar::leftPosition() const { return m_left->currentIndex(); }
int VoteBar::rightPosition() const { return m_right->currentIndex(); }
QString VoteBar::note() const { return m_note->text().trimmed(); }

void VoteBar::relabel() {
    const QString a = m_left->currentText();
    const QString b = m_right->currentText();
    m_leftBetter->setText(tr("%1 better (1)").arg(a));
    m_rightBetter->setText(tr("%1 better (2)").arg(b));
    const bool pair = leftPosition() != rightPosition();
    for (QPushButton* button : {m_leftBetter, m_rightBetter, m_tie, m_bothBad}) button->setEnabled(pair);
    m_question->setText(pair ? tr("Which answer is better?") : tr("Choose two different answers:"));
}

void VoteBar::setBusy(bool busy) {
    for (QPushButton* button : {m_leftBetter, m_rightBetter, m_tie, m_bothBad}) button->setEnabled(!busy && leftPosition() != rightPosition());
}

void VoteBar::vote(core::VoteWinner winner) {
    if (!isVisible() || !m_tie->isEnabled()) return;
    emit voted(winner);
}

}  // namespace switchyard::ui
