#include "ui/widgets/eval/reviewpanel.h"

#include <QAction>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

QPlainTextEdit* readOnlyText(const QString& name, QWidget* parent) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return edit;
}

QString reasonText(core::ReviewReason reason) {
    switch (reason) {
        case core::ReviewReason::ChecksDisagree:
            return QObject::tr("the checks disagree on these two answers");
        case core::ReviewReason::CheapVsPremium:
            return QObject::tr("the cheapest and the dearest answer to this item");
        case core::ReviewReason::Other:
            return QObject::tr("two more answers to this item");
    }
    return {};
}

}  // namespace

ReviewPanel::ReviewPanel(QWidget* parent)
    : QWidget(parent),
      m_counter(new QLabel(this)),
      m_prompt(readOnlyText(QStringLiteral("reviewPrompt"), this)),
      m_reference(new QLabel(this)),
      m_nameA(new QLabel(tr("Answer A"), this)),
      m_nameB(new QLabel(tr("Answer B"), this)),
      m_answerA(readOnlyText(QStringLiteral("reviewAnswerA"), this)),
      m_answerB(readOnlyText(QStringLiteral("reviewAnswerB"), this)),
      m_aBetter(new QPushButton(tr("A is better  [1]"), this)),
      m_bBetter(new QPushButton(tr("B is better  [2]"), this)),
      m_tie(new QPushButton(tr("Tie  [3]"), this)),
      m_bothBad(new QPushButton(tr("Both bad  [4]"), this)),
      m_note(new QLineEdit(this)),
      m_skip(new QPushButton(tr("Skip  [S]"), this)),
      m_undo(new QPushButton(tr("Undo last vote  [U]"), this)),
      m_reveal(new QLabel(this)) {
    setObjectName(QStringLiteral("reviewPanel"));
    m_counter->setObjectName(QStringLiteral("reviewCounter"));
    m_reference->setObjectName(QStringLiteral("reviewReference"));
    m_nameA->setObjectName(QStringLiteral("reviewNameA"));
    m_nameB->setObjectName(QStringLiteral("reviewNameB"));
    m_aBetter->setObjectName(QStringLiteral("voteA"));
    m_bBetter->setObjectName(QStringLiteral("voteB"));
    m_tie->setObjectName(QStringLiteral("voteTie"));
    m_bothBad->setObjectName(QStringLiteral("voteBothBad"));
    m_note->setObjectName(QStringLiteral("reviewNote"));
    m_skip->setObjectName(QStringLiteral("reviewSkip"));
    m_undo->setObjectName(QStringLiteral("reviewUndo"));
    m_reveal->setObjectName(QStringLiteral("reviewReveal"));
    m_note->setPlaceholderText(tr("Note (optional): why, in a few words"));
    m_note->setClearButtonEnabled(true);
    m_counter->setTextFormat(Qt::PlainText);
    m_reference->setTextFormat(Qt::PlainText);
    m_reference->setWordWrap(true);
    m_reveal->setTextFormat(Qt::PlainText);
    m_reveal->setWordWrap(true);
    m_prompt->setMaximumHeight(90);
    for (QLabel* name : {m_nameA, m_nameB}) {
        QFont f = name->font();
        f.setBold(true);
        name->setFont(f);
    }

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->setSpacing(8);
    layout->addWidget(m_counter);
    layout->addWidget(m_prompt);
    layout->addWidget(m_reference);
    auto* answers = new QGridLayout;
    answers->setHorizontalSpacing(16);
    answers->addWidget(m_nameA, 0, 0);
    answers->addWidget(m_nameB, 0, 1);
    answers->addWidget(m_answerA, 1, 0);
    answers->addWidget(m_answerB, 1, 1);
    answers->setRowStretch(1, 1);
    layout->addLayout(answers, 1);
    auto* votes = new QHBoxLayout;
    for (QPushButton* b : {m_aBetter, m_bBetter, m_tie, m_bothBad}) votes->addWidget(b);
    votes->addWidget(m_note, 1);
    votes->addSpacing(12);
    votes->addWidget(m_skip);
    votes->addWidget(m_undo);
    layout->addLayout(votes);
    layout->addWidget(m_reveal);

    connect(m_aBetter, &QPushButton::clicked, this, [this] { emit voted(core::VoteWinner::Left); });
    connect(m_bBetter, &QPushButton::clicked, this, [this] { emit voted(core::VoteWinner::Right); });
    connect(m_tie, &QPushButton::clicked, this, [this] { emit voted(core::VoteWinner::Tie); });
    connect(m_bothBad, &QPushButton::clicked, this, [this] { emit voted(core::VoteWinner::BothBad); });
    connect(m_skip, &QPushButton::clicked, this, &ReviewPanel::skipped);
    connect(m_undo, &QPushButton::clicked, this, &ReviewPanel::undoRequested);
    // The keys work anywhere in the panel but the note, which takes what is typed.
    const auto key = [this](Qt::Key k, QPushButton* button) {
        auto* action = new QAction(button->text(), this);
        action->setShortcut(QKeySequence(k));
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, button, [button] {
            if (button->isEnabled()) button->click();
        });
        addAction(action);
        m_keys << action;
    };
    key(Qt::Key_1, m_aBetter);
    key(Qt::Key_2, m_bBetter);
    key(Qt::Key_3, m_tie);
    key(Qt::Key_4, m_bothBad);
    key(Qt::Key_S, m_skip);
    key(Qt::Key_U, m_undo);
    showPair(nullptr, 0, 0, tr("Choose an eval run to review its answers."));
}

void ReviewPanel::showPair(const core::ReviewPair* pair, int position, int count, const QString& emptyText) {
    m_hasPair = pair != nullptr;
    if (!pair) {
        m_counter->setText(emptyText);
        m_prompt->clear();
        m_reference->clear();
        m_answerA->clear();
        m_answerB->clear();
        m_prompt->setPlaceholderText(QString());
        refreshEnabled();
        return;
    }
    m_counter->setText(tr("Pair %1 of %2 \u00b7 %3").arg(position + 1).arg(count).arg(reasonText(pair->reason)));
    m_prompt->setPlainText(toQString(pair->left.prompt));
    m_reference->setText(pair->left.expected.empty() ? tr("No reference answer for this item.")
                                                     : tr("Reference: %1").arg(toQString(pair->left.expected)));
    m_answerA->setPlainText(toQString(core::blindAnswerText(pair->left.text)));
    m_answerB->setPlainText(toQString(core::blindAnswerText(pair->right.text)));
    refreshEnabled();
}

void ReviewPanel::setBusy(bool busy) {
    m_busy = busy;
    refreshEnabled();
}

void ReviewPanel::setUndoAvailable(bool available) {
    m_undoAvailable = available;
    refreshEnabled();
}

void ReviewPanel::refreshEnabled() {
    for (QPushButton* b : {m_aBetter, m_bBetter, m_tie, m_bothBad, m_skip}) b->setEnabled(m_hasPair && !m_busy);
    m_undo->setEnabled(m_undoAvailable && !m_busy);
    m_note->setEnabled(m_hasPair);
}

void ReviewPanel::setRevealText(const QString& text, bool problem) {
    m_reveal->setText(text);
    m_reveal->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

QString ReviewPanel::revealText() const { return m_reveal->text(); }
QString ReviewPanel::note() const { return m_note->text(); }
void ReviewPanel::clearNote() { m_note->clear(); }
QString ReviewPanel::answerText(int side) const {
    return side == 0 ? m_answerA->toPlainText() : m_answerB->toPlainText();
}
QString ReviewPanel::counterText() const { return m_counter->text(); }

}  // namespace switchyard::ui
