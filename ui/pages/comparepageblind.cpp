// ComparePage, second part: what follows a run — the cost difference against the baseline,
// blind judging (the shuffle, the letters, the vote, the reveal) and the word diff. Split from
// comparepage.cpp, which builds the page and runs the columns.
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QRandomGenerator>
#include <QScrollArea>
#include <QSplitter>
#include <algorithm>
#include <numeric>
#include <random>

#include "core/store/store.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/pages/comparepage.h"
#include "ui/services/comparerunner.h"
#include "ui/widgets/compare/comparecolumn.h"
#include "ui/widgets/compare/diffview.h"
#include "ui/widgets/compare/historypanel.h"
#include "ui/widgets/compare/votebar.h"

namespace switchyard::ui {

// "The policy costs 89% less than claude-sonnet-4-5": every answered column against the
// baseline model's column, when one of the columns is the baseline.
QString ComparePage::baselineDifference() const {
    const auto& ws = m_workbench.document->workspace();
    const CompareTarget baseline{CompareTarget::Kind::Model, toQString(core::baselineModelFor(ws.policy, ws.tiers))};
    const auto it = std::find(m_targets.begin(), m_targets.end(), baseline);
    if (it == m_targets.end()) return {};
    const core::RouteExecution* base = m_runner->result(static_cast<int>(it - m_targets.begin()));
    if (!base || !base->ok() || base->totalCost.total == core::Money{}) return {};
    QStringList parts;
    for (int i = 0; i < columnCount(); ++i) {
        const core::RouteExecution* run = m_runner->result(i);
        if (!run || !run->ok() || m_targets[static_cast<size_t>(i)] == baseline) continue;
        const double saved = percentOf(base->totalCost.total - run->totalCost.total, base->totalCost.total);
        parts << (saved >= 0 ? tr("%1 costs %2% less than %3") : tr("%1 costs %2% more than %3"))
                     .arg(m_targets[static_cast<size_t>(i)].label(), QString::number(std::abs(saved), 'f', 0),
                          baseline.label());
    }
    return parts.join(QStringLiteral(", "));
}

void ComparePage::recorded() {
    if (!m_blindRun) {
        showNote(m_note->text() + QStringLiteral(" \u00b7 ") + m_runner->recordNote(),
                 m_note->property("problem").toBool());
        if (m_history->isVisible()) m_history->refresh();
        return;
    }
    m_blindRun = false;
    if (!m_runner->lastRecord()) {
        updateConcealing();
        revealAll(true);
        showNote(tr("The blind comparison could not be recorded, so there is nothing to vote on: %1")
                     .arg(m_runner->recordNote()),
                 true);
        return;
    }
    QStringList letters;
    for (int i = 0; i < columnCount(); ++i) letters << QString(QChar(u'A' + i));
    m_voteBar->setLetters(letters);
    m_voteBar->setBusy(false);
    m_voteBar->show();
    m_blindPending = true;
    updateConcealing();
    if (m_history->isVisible()) m_history->refresh();
}

// The columns in a seeded random order, lettered by position.
void ComparePage::shuffle() {
    m_seed = QRandomGenerator::global()->generate();
    m_order.resize(static_cast<size_t>(columnCount()));
    std::iota(m_order.begin(), m_order.end(), 0);
    std::mt19937 random(m_seed);
    std::shuffle(m_order.begin(), m_order.end(), random);
    for (size_t position = 0; position < m_order.size(); ++position)
        m_columns[static_cast<size_t>(m_order[position])]->setBlind(QString(QChar(u'A' + static_cast<int>(position))));
    m_estimate->clear();
    placeColumns();
}

void ComparePage::showDiff(bool shown) {
    if (m_diffButton->isChecked() != shown) m_diffButton->setChecked(shown);  // comes back here
    m_diff->setVisible(shown);
    if (!shown) return;
    // The composer keeps its height; the columns get a little more than the diff.
    const int top = m_splitter->widget(0)->sizeHint().height();
    const int rest = std::max(0, m_splitter->height() - top);
    m_splitter->setSizes({top, rest * 11 / 20, rest * 9 / 20});
    refreshDiff();
}

// The answers in the order shown, under the names shown (letters while blind).
void ComparePage::refreshDiff() {
    if (m_diff->isHidden()) return;
    QStringList names;
    QStringList answers;
    for (size_t position = 0; position < m_columns.size(); ++position) {
        const CompareColumn* c =
            m_columns[m_order.size() == m_columns.size() ? static_cast<size_t>(m_order[position]) : position];
        names << c->displayName();
        answers << c->answerText();
    }
    m_diff->setAnswers(names, answers);
}

void ComparePage::placeColumns() {
    if (m_order.size() != m_columns.size()) {
        m_order.resize(m_columns.size());
        std::iota(m_order.begin(), m_order.end(), 0);
    }
    for (CompareColumn* c : m_columns) m_columnLayout->removeWidget(c);
    for (const int index : m_order) m_columnLayout->addWidget(m_columns[static_cast<size_t>(index)], 1);
}

void ComparePage::revealAll(bool keepOrder) {
    m_blindPending = false;
    updateConcealing();
    m_voteBar->hide();
    for (CompareColumn* c : m_columns) c->reveal();
    if (keepOrder && m_order.size() == m_columns.size() && m_order.size() == m_targets.size()) {
        // The columns stay where the voter saw them: the shuffled order becomes the columns' order.
        std::vector<CompareColumn*> columns;
        std::vector<CompareTarget> targets;
        for (const int index : m_order) {
            columns.push_back(m_columns[static_cast<size_t>(index)]);
            targets.push_back(m_targets[static_cast<size_t>(index)]);
        }
        m_columns = std::move(columns);
        m_targets = std::move(targets);
        saveTargets();
    }
    m_order.clear();
    placeColumns();
    for (int i = 0; i < columnCount(); ++i) m_columns[static_cast<size_t>(i)]->setPlace(i, columnCount());
    refreshEstimates();
    refreshDiff();
}

namespace {

// The response that stands for a column of a recorded run: its answer, else its last attempt.
std::optional<std::int64_t> responseOf(const CompareRecord& record, const core::RouteExecution* run, int column) {
    const auto it = std::find(record.columns.begin(), record.columns.end(), column);
    if (it == record.columns.end() || !run || run->attempts.empty()) return std::nullopt;
    const auto& ids = record.responseIds[static_cast<size_t>(it - record.columns.begin())];
    const size_t attempt = run->answer.value_or(run->attempts.size() - 1);
    return attempt < ids.size() ? std::optional(ids[attempt]) : std::nullopt;
}

QString letterAt(int position) { return QString(QChar(u'A' + position)); }

}  // namespace

void ComparePage::vote(core::VoteWinner winner) {
    const auto& record = m_runner->lastRecord();
    if (!m_blindPending || !record) return;
    const int leftColumn = m_order.at(static_cast<size_t>(m_voteBar->leftPosition()));
    const int rightColumn = m_order.at(static_cast<size_t>(m_voteBar->rightPosition()));
    const auto left = responseOf(*record, m_runner->result(leftColumn), leftColumn);
    const auto right = responseOf(*record, m_runner->result(rightColumn), rightColumn);
    if (!left || !right) {
        showNote(tr("One of the two answers made no call, so there is nothing to vote on; choose another pair."), true);
        return;
    }
    core::VoteRecord v;
    v.leftResponseId = *left;
    v.rightResponseId = *right;
    v.winner = winner;
    v.blind = true;
    v.note = m_voteBar->note().toStdString();
    v.createdAtMs = QDateTime::currentMSecsSinceEpoch();
    const QString verdict =
        describeVerdict(winner, letterAt(m_voteBar->leftPosition()), m_targets[static_cast<size_t>(leftColumn)].label(),
                        letterAt(m_voteBar->rightPosition()), m_targets[static_cast<size_t>(rightColumn)].label());
    recordVotes({v}, tr("Vote recorded: %1.").arg(verdict));
}

void ComparePage::rank(const std::vector<int>& positions) {
    const auto& record = m_runner->lastRecord();
    if (!m_blindPending || !record || positions.size() != m_order.size()) return;
    std::vector<std::optional<std::int64_t>> responses;
    QStringList names;
    for (const int position : positions) {
        const int column = m_order.at(static_cast<size_t>(position));
        responses.push_back(responseOf(*record, m_runner->result(column), column));
        if (!responses.back()) {
            showNote(
                tr("Answer %1 made no call, so it cannot be ranked; vote on a pair instead.").arg(letterAt(position)),
                true);
            return;
        }
        names << tr("%1 (%2)").arg(letterAt(position), m_targets[static_cast<size_t>(column)].label());
    }
    // A ranking says, of every pair, which is better: the win rates count it pair by pair.
    std::vector<core::VoteRecord> votes;
    const std::int64_t now = QDateTime::currentMSecsSinceEpoch();
    for (size_t better = 0; better < responses.size(); ++better)
        for (size_t worse = better + 1; worse < responses.size(); ++worse) {
            core::VoteRecord v;
            v.leftResponseId = *responses[better];
            v.rightResponseId = *responses[worse];
            v.winner = core::VoteWinner::Left;
            v.blind = true;
            v.note = m_voteBar->note().toStdString();
            v.createdAtMs = now;
            votes.push_back(v);
        }
    recordVotes(std::move(votes), tr("Ranking recorded: %1.").arg(names.join(QStringLiteral(" > "))));
}

void ComparePage::recordVotes(std::vector<core::VoteRecord> votes, const QString& recordedNote) {
    const std::filesystem::path database = m_runner->setup().database;
    const std::int64_t runId = m_runner->lastRecord()->runId;
    const std::string seedTag = "blind-seed:" + std::to_string(m_seed);
    m_voteBar->setBusy(true);
    Job* job = m_workbench.jobs->start<std::int64_t>(
        tr("Record the vote"),
        [database, votes = std::move(votes), runId, seedTag](JobControl&) -> core::Result<std::int64_t> {
            auto store = core::Store::open(database);
            if (!store) return store.problems();
            // The shuffle's seed stays with the run, so the order shown can be told again.
            if (core::Status s = store->tagRun(runId, seedTag); !s) return s.problems();
            std::int64_t last = 0;
            for (const core::VoteRecord& v : votes) {
                auto id = store->addVote(v);
                if (!id) return id.problems();
                last = *id;
            }
            return last;
        },
        [this, recordedNote](std::int64_t&) {
            revealAll(true);
            showNote(recordedNote);
            emit voteRecorded();
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_voteBar->setBusy(false);
        showNote(tr("The vote was not recorded: %1").arg(toQString(problems.front().toString())), true);
    });
}

}  // namespace switchyard::ui
