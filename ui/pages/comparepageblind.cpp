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
                     .arg(m_targets[static_cast<size_t>(i)].label(), QString::number(std::abs(saved), 'f', 0), baseline.label());
    }
    return parts.join(QStringLiteral(", "));
}

void ComparePage::recorded() {
    if (!m_blindRun) {
        m_note->setText(m_note->text() + QStringLiteral(" \u00b7 ") + m_runner->recordNote());
        return;
    }
    m_blindRun = false;
    if (!m_runner->lastRecord()) {
        revealAll(true);
        showNote(tr("The blind comparison could not be recorded, so there is nothing to vote on: %1").arg(m_runner->recordNote()), true);
        return;
    }
    QStringList letters;
    for (int i = 0; i < columnCount(); ++i) letters << QString(QChar(u'A' + i));
    m_voteBar->setLetters(letters);
    m_voteBar->setBusy(false);
    m_voteBar->show();
    m_blindPending = true;
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
    const int top = static_cast<QScrollArea*>(m_splitter->widget(0))->widget()->sizeHint().height();
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
        const CompareColumn* c = m_columns[m_order.size() == m_columns.size() ? static_cast<size_t>(m_order[position]) : position];
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

void ComparePage::vote(core::VoteWinner winner) {
    const auto& record = m_runner->lastRecord();
    if (!m_blindPending || !record) return;
    const int leftColumn = m_order.at(static_cast<size_t>(m_voteBar->leftPosition()));
    const int rightColumn = m_order.at(static_cast<size_t>(m_voteBar->rightPosition()));
    // The response that stands for a column: its answer, else its last attempt.
    const auto responseOf = [&](int column) -> std::optional<std::int64_t> {
        const auto it = std::find(record->columns.begin(), record->columns.end(), column);
        const core::RouteExecution* run = m_runner->result(column);
        if (it == record->columns.end() || !run || run->attempts.empty()) return std::nullopt;
        const auto& ids = record->responseIds[static_cast<size_t>(it - record->columns.begin())];
        const size_t attempt = run->answer.value_or(run->attempts.size() - 1);
        return attempt < ids.size() ? std::optional(ids[attempt]) : std::nullopt;
    };
    const auto left = responseOf(leftColumn);
    const auto right = responseOf(rightColumn);
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
    const std::filesystem::path database = m_runner->setup().database;
    const std::int64_t runId = record->runId;
    const std::string seedTag = "blind-seed:" + std::to_string(m_seed);
    m_voteBar->setBusy(true);
    Job* job = m_workbench.jobs->start<std::int64_t>(
        tr("Record the vote"),
        [database, v, runId, seedTag](JobControl&) -> core::Result<std::int64_t> {
            auto store = core::Store::open(database);
            if (!store) return store.problems();
            // The shuffle's seed stays with the run, so the order shown can be told again.
            if (core::Status s = store->tagRun(runId, seedTag); !s) return s.problems();
            return store->addVote(v);
        },
        [this, winner, leftColumn, rightColumn](std::int64_t&) {
            const QString a = m_targets[static_cast<size_t>(leftColumn)].label();
            const QString b = m_targets[static_cast<size_t>(rightColumn)].label();
            const QString la = QString(QChar(u'A' + m_voteBar->leftPosition()));
            const QString lb = QString(QChar(u'A' + m_voteBar->rightPosition()));
            QString verdict;
            switch (winner) {
            case core::VoteWinner::Left: verdict = tr("%1 (%2) better than %3 (%4)").arg(la, a, lb, b); break;
            case core::VoteWinner::Right: verdict = tr("%3 (%4) better than %1 (%2)").arg(la, a, lb, b); break;
            case core::VoteWinner::Tie: verdict = tr("%1 (%2) and %3 (%4) tie").arg(la, a, lb, b); break;
            case core::VoteWinner::BothBad: verdict = tr("%1 (%2) and %3 (%4) both bad").arg(la, a, lb, b); break;
            }
            revealAll(true);
            showNote(tr("Vote recorded: %1.").arg(verdict));
            emit voteRecorded();
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_voteBar->setBusy(false);
        showNote(tr("The vote was not recorded: %1").arg(toQString(problems.front().toString())), true);
    });
}

}  // namespace switchyard::ui
