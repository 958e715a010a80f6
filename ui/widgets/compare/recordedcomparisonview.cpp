#include "ui/widgets/compare/recordedcomparisonview.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>
#include <numeric>

#include "ui/widgets/compare/comparecolumn.h"
#include "ui/widgets/compare/votebar.h"

namespace switchyard::ui {

namespace {

// The conversation as the composer had it, a turn a paragraph.
QString conversationText(const core::Request& request) {
    QStringList turns;
    for (const core::Message& m : request.messages) {
        const QString role = m.role == "system"      ? RecordedComparisonView::tr("System")
                             : m.role == "assistant" ? RecordedComparisonView::tr("Assistant")
                                                     : RecordedComparisonView::tr("User");
        turns << role + QStringLiteral(": ") + QString::fromStdString(m.text);
    }
    return turns.join(QStringLiteral("\n\n"));
}

}  // namespace

RecordedComparisonView::RecordedComparisonView(QWidget* parent)
    : QFrame(parent),
      m_title(new QLabel(this)),
      m_prompt(new QPlainTextEdit(this)),
      m_vote(new QLabel(this)),
      m_runAgain(new QPushButton(tr("Run again"), this)),
      m_close(new QPushButton(tr("Close"), this)),
      m_columnLayout(new QHBoxLayout) {
    setObjectName(QStringLiteral("recordedComparison"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 10, 20, 10);
    layout->setSpacing(8);
    auto* top = new QHBoxLayout;
    m_title->setObjectName(QStringLiteral("recordedTitle"));
    m_title->setTextFormat(Qt::PlainText);
    top->addWidget(m_title, 1);
    m_runAgain->setObjectName(QStringLiteral("recordedRunAgain"));
    m_runAgain->setToolTip(tr("Put this prompt and these columns back in the composer and run them again"));
    m_close->setObjectName(QStringLiteral("recordedClose"));
    m_close->setToolTip(tr("Back to the composer"));
    top->addWidget(m_runAgain);
    top->addWidget(m_close);
    layout->addLayout(top);
    m_prompt->setObjectName(QStringLiteral("recordedPrompt"));
    m_prompt->setReadOnly(true);
    m_prompt->setAccessibleName(tr("The prompt of this comparison"));
    m_prompt->setMaximumHeight(72);
    layout->addWidget(m_prompt);
    m_vote->setObjectName(QStringLiteral("recordedVote"));
    m_vote->setWordWrap(true);
    m_vote->setTextFormat(Qt::PlainText);
    m_vote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_vote);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("compareColumns"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* strip = new QWidget(scroll);
    strip->setObjectName(QStringLiteral("compareColumns"));
    strip->setLayout(m_columnLayout);
    m_columnLayout->setContentsMargins(0, 4, 0, 4);
    m_columnLayout->setSpacing(12);
    scroll->setWidget(strip);
    layout->addWidget(scroll, 1);
    connect(m_runAgain, &QPushButton::clicked, this, &RecordedComparisonView::runAgainRequested);
    connect(m_close, &QPushButton::clicked, this, &RecordedComparisonView::closeRequested);
}

void RecordedComparisonView::showComparison(const core::RecordedComparison& comparison,
                                            const std::vector<CompareTarget>& available) {
    m_comparison = comparison;
    for (CompareColumn* c : m_columns) delete c;
    m_columns.clear();
    const auto& columns = m_comparison.columns;
    // A blind run stands where the voter saw it; any other as the columns were arranged.
    m_shown.resize(columns.size());
    std::iota(m_shown.begin(), m_shown.end(), 0);
    const bool blind = m_comparison.shuffleSeed.has_value();
    if (blind)
        std::stable_sort(m_shown.begin(), m_shown.end(), [&](int a, int b) {
            return columns[static_cast<size_t>(a)].shownPosition.value_or(a) <
                   columns[static_cast<size_t>(b)].shownPosition.value_or(b);
        });
    for (const int index : m_shown) {
        const core::RecordedColumn& recorded = columns[static_cast<size_t>(index)];
        auto* column = new CompareColumn(m_columnLayout->parentWidget());
        const auto target = CompareTarget::fromKey(QString::fromStdString(recorded.target));
        column->setTargets(available,
                           target.value_or(CompareTarget{CompareTarget::Kind::Model,
                                                         QString::fromStdString(recorded.execution.decision.model)}));
        if (recorded.systemOverride) column->setSystemOverride(QString::fromStdString(*recorded.systemOverride));
        column->showRecorded(recorded);
        m_columnLayout->addWidget(column, 1);
        m_columns.push_back(column);
    }

    const QDateTime started = QDateTime::fromMSecsSinceEpoch(m_comparison.run.startedAtMs);
    QString title = tr("Run %1 \u00b7 %2")
                        .arg(m_comparison.run.id)
                        .arg(QLocale().toString(started, QStringLiteral("d MMM yyyy HH:mm")));
    if (blind) title += tr(" \u00b7 judged blind");
    if (m_comparison.run.simulated) title += tr(" \u00b7 Simulated");
    m_title->setText(title + tr(" \u00b7 read-only"));
    m_prompt->setPlainText(columns.empty() ? QString() : conversationText(columns.front().request));

    // Each vote between the two columns whose responses it names, by the letters shown.
    QStringList votes;
    const auto positionOf = [&](std::int64_t response) -> int {
        for (size_t p = 0; p < m_shown.size(); ++p) {
            const auto& ids = columns[static_cast<size_t>(m_shown[p])].responseIds;
            if (std::find(ids.begin(), ids.end(), response) != ids.end()) return static_cast<int>(p);
        }
        return -1;
    };
    for (const core::RecordedVote& v : m_comparison.votes) {
        const int left = positionOf(v.leftResponseId);
        const int right = positionOf(v.rightResponseId);
        if (left < 0 || right < 0) continue;
        QString line = describeVerdict(
            v.winner, QString(QChar(u'A' + left)), m_columns[static_cast<size_t>(left)]->target().label(),
            QString(QChar(u'A' + right)), m_columns[static_cast<size_t>(right)]->target().label());
        if (!v.note.empty()) line += tr(" \u2014 \u201c%1\u201d").arg(QString::fromStdString(v.note));
        votes << line;
    }
    m_vote->setText(votes.isEmpty() ? tr("No vote.") : tr("Vote: %1.").arg(votes.join(tr("; "))));
}

std::vector<CompareTarget> RecordedComparisonView::targets() const {
    std::vector<CompareTarget> out;
    for (const CompareColumn* c : m_columns) out.push_back(c->target());
    return out;
}

QString RecordedComparisonView::titleText() const { return m_title->text(); }
QString RecordedComparisonView::voteText() const { return m_vote->text(); }

}  // namespace switchyard::ui
