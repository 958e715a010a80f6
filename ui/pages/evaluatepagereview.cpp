// EvaluatePage, the Review and Rankings tabs: the run's blind review queue (core/eval/
// reviewqueue.h: pairs where a vote tells most, sides shuffled by the run's stored seed), votes
// recorded in the store's votes table like Compare's (blind), skip, undo of this session's
// votes; and every model ranked by all votes (Bradley-Terry with bootstrap intervals, win
// rates with Wilson intervals).
#include <QDateTime>
#include <QRandomGenerator>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/models/evalresultmodel.h"
#include "ui/pages/evaluatepage.h"
#include "ui/widgets/compare/votebar.h"
#include "ui/widgets/eval/rankingtable.h"
#include "ui/widgets/eval/reviewpanel.h"

namespace switchyard::ui {

namespace {

// What the reveal says about one side once the vote is in.
QString revealed(const core::EvalAnswer& a) {
    return QObject::tr("%1: %2, %3, %4 tokens out, %5 ms")
        .arg(toQString(a.model), targetLabel(toQString(a.target)), toQString(a.cost.toDisplay()),
             QString::number(a.tokensOut), QString::number(a.latencyMs));
}

}  // namespace

QWidget* EvaluatePage::buildReviewTab() {
    auto* tab = new QWidget(this);
    auto* layout = new QVBoxLayout(tab);
    layout->setContentsMargins(0, 0, 0, 0);
    m_review = new ReviewPanel(tab);
    layout->addWidget(m_review);
    connect(m_review, &ReviewPanel::voted, this, &EvaluatePage::vote);
    connect(m_review, &ReviewPanel::skipped, this, &EvaluatePage::skip);
    connect(m_review, &ReviewPanel::undoRequested, this, &EvaluatePage::undoLastVote);
    return tab;
}

QWidget* EvaluatePage::buildRankingsTab() {
    m_ranking = new RankingTable(this);
    return m_ranking;
}

void EvaluatePage::loadReview() {
    if (m_currentRun <= 0) return;
    const std::filesystem::path database = runDatabase();
    const std::int64_t runId = m_currentRun;
    const std::uint64_t newSeed = QRandomGenerator::global()->generate64();
    m_reviewLoading = true;
    m_review->setBusy(true);
    const std::uint64_t ranking = ++m_rankingGeneration;
    Job* job = m_workbench.jobs->start<ReviewData>(
        tr("Read the review queue of run %1").arg(runId),
        [database, runId, newSeed](JobControl&) { return loadReviewData(database, runId, newSeed); },
        [this, ranking](ReviewData& loaded) {
            if (loaded.queue.runId != m_currentRun) return;
            if (m_seed != loaded.queue.seed) m_undo.clear();  // another run: its votes are not this session's
            m_seed = loaded.queue.seed;
            m_queue = std::move(loaded.queue.pairs);
            m_position = 0;
            showRanking(ranking, loaded.ranking);
            showCurrentPair();
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_review->setRevealText(tr("The review queue cannot be read: %1").arg(toQString(problems.front().toString())),
                                true);
    });
    connect(job, &Job::ended, this, [this] {
        m_reviewLoading = false;
        m_review->setBusy(false);
        emit reviewLoaded();
    });
}

void EvaluatePage::showCurrentPair() {
    m_review->setUndoAvailable(!m_undo.empty());
    if (m_queue.empty()) {
        m_review->showPair(nullptr, 0, 0,
                           m_currentRun > 0 ? tr("Nothing left to review in this run: every pair of answers by two "
                                                 "different models has a vote.")
                                            : tr("Choose an eval run to review its answers."));
        return;
    }
    if (m_position >= static_cast<int>(m_queue.size())) m_position = 0;
    m_review->showPair(&m_queue[static_cast<size_t>(m_position)], m_position, static_cast<int>(m_queue.size()));
}

void EvaluatePage::vote(core::VoteWinner winner) {
    if (m_queue.empty() || m_reviewLoading) return;
    const core::ReviewPair pair = m_queue[static_cast<size_t>(m_position)];
    core::VoteRecord v;
    v.leftResponseId = *pair.left.responseId;
    v.rightResponseId = *pair.right.responseId;
    v.winner = winner;
    v.blind = true;
    v.note = m_review->note().toStdString();
    v.createdAtMs = QDateTime::currentMSecsSinceEpoch();
    const std::filesystem::path database = runDatabase();
    const int position = m_position;
    m_review->setBusy(true);
    Job* job = m_workbench.jobs->start<std::int64_t>(
        tr("Record the vote"), [database, v](JobControl&) { return recordVote(database, v); },
        [this, pair, position, winner](std::int64_t& id) {
            m_undo.push_back({id, pair, position});
            const auto it = std::find_if(m_queue.begin(), m_queue.end(), [&](const core::ReviewPair& p) {
                return p.left.responseId == pair.left.responseId && p.right.responseId == pair.right.responseId;
            });
            if (it != m_queue.end()) m_queue.erase(it);
            m_review->clearNote();
            m_review->setRevealText(tr("Recorded: %1.")
                                        .arg(describeVerdict(winner, QStringLiteral("A"), revealed(pair.left),
                                                             QStringLiteral("B"), revealed(pair.right))));
            showCurrentPair();
            refreshRanking();
            emit voteRecorded();
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_review->setRevealText(tr("The vote was not recorded: %1").arg(toQString(problems.front().toString())), true);
    });
    connect(job, &Job::ended, this, [this] { m_review->setBusy(false); });
}

void EvaluatePage::refreshRanking() {
    const std::filesystem::path db = runDatabase();
    const std::uint64_t generation = ++m_rankingGeneration;
    m_workbench.jobs->start<std::vector<core::VoteRanking>>(
        tr("Rank the models"), [db](JobControl&) { return loadRanking(db); },
        [this, generation](std::vector<core::VoteRanking>& ranking) { showRanking(generation, ranking); });
}

void EvaluatePage::showRanking(std::uint64_t generation, const std::vector<core::VoteRanking>& ranking) {
    // Rankings are computed on workers and may end out of order (two quick votes): only the one
    // asked for last, which has seen every vote, is shown.
    if (generation == m_rankingGeneration) m_ranking->setRanking(ranking);
}

void EvaluatePage::skip() {
    if (m_queue.size() < 2) return;
    m_position = (m_position + 1) % static_cast<int>(m_queue.size());
    m_review->setRevealText(tr("Skipped: that pair comes back after the others."));
    showCurrentPair();
}

void EvaluatePage::undoLastVote() {
    if (m_undo.empty()) return;
    const LastVote last = m_undo.back();
    const std::filesystem::path database = runDatabase();
    m_review->setBusy(true);
    Job* job = m_workbench.jobs->start<bool>(
        tr("Take the vote back"),
        [database, id = last.voteId](JobControl&) -> core::Result<bool> {
            if (core::Status s = takeBackVote(database, id); !s) return s.problems();
            return true;
        },
        [this, last](bool&) {
            m_undo.pop_back();
            const int at = std::min(last.position, static_cast<int>(m_queue.size()));
            m_queue.insert(m_queue.begin() + at, last.pair);
            m_position = at;
            m_review->setRevealText(tr("Vote taken back: the pair is shown again, blind."));
            showCurrentPair();
            refreshRanking();
            emit voteTakenBack();
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_review->setRevealText(tr("The vote was not taken back: %1").arg(toQString(problems.front().toString())),
                                true);
    });
    connect(job, &Job::ended, this, [this] { m_review->setBusy(false); });
}

}  // namespace switchyard::ui
