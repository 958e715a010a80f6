#include "ui/widgets/compare/votebar.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <algorithm>

namespace switchyard::ui {

QString describeVerdict(core::VoteWinner winner, const QString& la, const QString& a, const QString& lb,
                        const QString& b) {
    switch (winner) {
        case core::VoteWinner::Left:
            return VoteBar::tr("%1 (%2) better than %3 (%4)").arg(la, a, lb, b);
        case core::VoteWinner::Right:
            return VoteBar::tr("%3 (%4) better than %1 (%2)").arg(la, a, lb, b);
        case core::VoteWinner::Tie:
            return VoteBar::tr("%1 (%2) and %3 (%4) tie").arg(la, a, lb, b);
        case core::VoteWinner::BothBad:
            return VoteBar::tr("%1 (%2) and %3 (%4) both bad").arg(la, a, lb, b);
    }
    return {};
}

VoteBar::VoteBar(QWidget* parent)
    : QFrame(parent),
      m_question(new QLabel(tr("Which answer is better?"), this)),
      m_left(new QComboBox(this)),
      m_right(new QComboBox(this)),
      m_leftBetter(new QPushButton(this)),
      m_rightBetter(new QPushButton(this)),
      m_tie(new QPushButton(tr("Tie (3)"), this)),
      m_bothBad(new QPushButton(tr("Both bad (4)"), this)),
      m_note(new QLineEdit(this)),
      m_rank(new QLineEdit(this)),
      m_rankButton(new QPushButton(tr("Rank"), this)),
      m_rankProblem(new QLabel(this)) {
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
    // More than two answers: all of them ranked at once, best first.
    m_rank->setObjectName(QStringLiteral("voteRanking"));
    m_rank->setAccessibleName(tr("Rank every answer, best first"));
    m_rank->setMaximumWidth(110);
    m_rankButton->setObjectName(QStringLiteral("voteRank"));
    m_rankButton->setToolTip(tr("Record the ranking: one vote for each pair of answers"));
    m_rankProblem->setObjectName(QStringLiteral("voteRankProblem"));
    layout->addWidget(m_rank);
    layout->addWidget(m_rankButton);
    layout->addWidget(m_rankProblem);
    connect(m_rankButton, &QPushButton::clicked, this, &VoteBar::submitRanking);
    connect(m_rank, &QLineEdit::returnPressed, this, &VoteBar::submitRanking);
    connect(m_rank, &QLineEdit::textChanged, m_rankProblem, &QLabel::clear);
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
    m_rank->clear();
    m_rankProblem->clear();
    m_rank->setPlaceholderText(letters.size() > 2 ? tr("or rank: %1").arg(letters.join(QString())) : QString());
    m_rank->setVisible(letters.size() > 2);
    m_rankButton->setVisible(letters.size() > 2);
    m_rankProblem->setVisible(letters.size() > 2);
    relabel();
}

std::vector<int> VoteBar::ranking(QString* problem) const {
    const QString text =
        m_rank->text().remove(QLatin1Char(' ')).remove(QLatin1Char('>')).remove(QLatin1Char(',')).toUpper();
    std::vector<int> order;
    for (const QChar c : text) {
        const int position = static_cast<int>(m_letters.indexOf(QString(c)));
        if (position < 0) {
            if (problem) *problem = tr("No answer %1").arg(c);
            return {};
        }
        if (std::find(order.begin(), order.end(), position) != order.end()) {
            if (problem) *problem = tr("%1 is there twice").arg(c);
            return {};
        }
        order.push_back(position);
    }
    if (order.size() != static_cast<size_t>(m_letters.size())) {
        if (problem) *problem = tr("Rank all %1 answers").arg(m_letters.size());
        return {};
    }
    return order;
}

void VoteBar::submitRanking() {
    if (!isVisible() || !m_rankButton->isEnabled()) return;
    QString problem;
    const std::vector<int> order = ranking(&problem);
    m_rankProblem->setText(problem);
    if (!order.empty()) emit ranked(order);
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
    for (QPushButton* button : {m_leftBetter, m_rightBetter, m_tie, m_bothBad})
        button->setEnabled(!busy && leftPosition() != rightPosition());
    m_rankButton->setEnabled(!busy);
}

void VoteBar::vote(core::VoteWinner winner) {
    if (!isVisible() || !m_tie->isEnabled()) return;
    emit voted(winner);
}

}  // namespace switchyard::ui
