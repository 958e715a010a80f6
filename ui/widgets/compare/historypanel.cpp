#include "ui/widgets/compare/historypanel.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

#include "core/store/comparehistory.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/comparehistorymodel.h"

namespace switchyard::ui {

namespace {

struct HistoryRead {
    std::vector<core::CompareHistoryEntry> entries;
    std::vector<std::string> models;
};

core::Result<HistoryRead> readHistory(const std::filesystem::path& database, const core::CompareHistoryFilter& filter) {
    HistoryRead out;
    std::error_code ec;
    if (!std::filesystem::exists(database, ec)) return out;  // nothing recorded yet: not an error
    auto store = core::Store::open(database);
    if (!store) return store.problems();
    auto entries = core::listComparisons(*store, filter);
    if (!entries) return entries.problems();
    auto models = core::comparedModels(*store);
    if (!models) return models.problems();
    out.entries = std::move(*entries);
    out.models = std::move(*models);
    return out;
}

}  // namespace

HistoryPanel::HistoryPanel(JobRunner* jobs, QWidget* parent)
    : QWidget(parent),
      m_jobs(jobs),
      m_model(new CompareHistoryModel(this)),
      m_search(new QLineEdit(this)),
      m_modelFilter(new QComboBox(this)),
      m_voteFilter(new QComboBox(this)),
      m_list(new QListView(this)),
      m_state(new QLabel(this)),
      m_typing(new QTimer(this)) {
    setObjectName(QStringLiteral("compareHistory"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(6);
    auto* title = new QLabel(tr("History"), this);
    title->setObjectName(QStringLiteral("historyTitle"));
    layout->addWidget(title);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("Search the prompts"));
    m_search->setAccessibleName(tr("Search the prompts of past comparisons"));
    m_search->setClearButtonEnabled(true);
    layout->addWidget(m_search);
    auto* filters = new QHBoxLayout;
    m_modelFilter->setObjectName(QStringLiteral("historyModel"));
    m_modelFilter->setAccessibleName(tr("Only comparisons with this model"));
    m_modelFilter->addItem(tr("All models"), QString());
    m_voteFilter->setObjectName(QStringLiteral("historyVote"));
    m_voteFilter->setAccessibleName(tr("Only comparisons with this vote"));
    const std::pair<QString, core::VoteFilter> votes[] = {
        {tr("Any vote"), core::VoteFilter::Any}, {tr("Not voted"), core::VoteFilter::NotVoted},
        {tr("Voted"), core::VoteFilter::Voted},  {tr("One better"), core::VoteFilter::LeftOrRight},
        {tr("Tie"), core::VoteFilter::Tie},      {tr("Both bad"), core::VoteFilter::BothBad}};
    for (const auto& [text, filter] : votes) m_voteFilter->addItem(text, static_cast<int>(filter));
    filters->addWidget(m_modelFilter, 1);
    filters->addWidget(m_voteFilter, 1);
    layout->addLayout(filters);
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setAccessibleName(tr("Past comparisons"));
    m_list->setModel(m_model);
    // Rows wrap to the panel's width: a prompt and its models are read, not scrolled sideways.
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setResizeMode(QListView::Adjust);
    m_list->setAlternatingRowColors(true);
    m_list->setSpacing(2);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    layout->addWidget(m_list, 1);
    m_state->setObjectName(QStringLiteral("historyState"));
    m_state->setWordWrap(true);
    layout->addWidget(m_state);

    m_typing->setSingleShot(true);
    m_typing->setInterval(250);
    connect(m_typing, &QTimer::timeout, this, &HistoryPanel::refresh);
    connect(m_search, &QLineEdit::textChanged, m_typing, qOverload<>(&QTimer::start));
    connect(m_modelFilter, &QComboBox::activated, this, &HistoryPanel::refresh);
    connect(m_voteFilter, &QComboBox::activated, this, &HistoryPanel::refresh);
    connect(m_list, &QListView::activated, this, &HistoryPanel::reopen);
}

void HistoryPanel::setDatabase(const std::filesystem::path& database) {
    if (database == m_database) return;
    m_database = database;
    refresh();
}

void HistoryPanel::setMasked(bool masked) {
    m_masked = masked;
    m_model->setMasked(masked);
    if (masked) {
        // The model names of other comparisons would tell what is being judged.
        const QSignalBlocker block(m_modelFilter);
        while (m_modelFilter->count() > 1) m_modelFilter->removeItem(1);
        m_modelFilter->setCurrentIndex(0);
    }
    m_modelFilter->setEnabled(!masked);
    if (!masked) refresh();
}

void HistoryPanel::refresh() {
    const std::uint64_t generation = ++m_generation;
    if (m_database.empty()) {
        m_model->setEntries({});
        m_state->setText(tr("An unsaved workspace records no comparisons: save it first."));
        emit loaded();
        return;
    }
    core::CompareHistoryFilter filter;
    filter.text = m_search->text().trimmed().toStdString();
    filter.model = m_modelFilter->currentData().toString().toStdString();
    filter.vote = static_cast<core::VoteFilter>(m_voteFilter->currentData().toInt());
    const bool filtered = !filter.text.empty() || !filter.model.empty() || filter.vote != core::VoteFilter::Any;
    m_loading = true;
    m_state->setText(tr("Reading\u2026"));
    Job* job = m_jobs->start<HistoryRead>(
        tr("Read the comparison history"),
        [database = m_database, filter](JobControl&) { return readHistory(database, filter); },
        [this, generation, filtered](HistoryRead& read) {
            if (generation != m_generation) return;
            m_model->setEntries(std::move(read.entries));
            if (!m_masked) {
                const QString current = m_modelFilter->currentData().toString();
                const QSignalBlocker block(m_modelFilter);
                while (m_modelFilter->count() > 1) m_modelFilter->removeItem(1);
                for (const std::string& m : read.models)
                    m_modelFilter->addItem(QString::fromStdString(m), QString::fromStdString(m));
                m_modelFilter->setCurrentIndex(std::max(0, m_modelFilter->findData(current)));
            }
            m_state->setText(m_model->rowCount() > 0 ? tr("%n comparison(s). Enter or a double click opens one.",
                                                          nullptr, m_model->rowCount())
                             : filtered              ? tr("No comparison matches these filters.")
                                                     : tr("No comparisons yet: each run is kept here."));
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_generation) return;
        m_state->setText(
            tr("The history could not be read: %1").arg(QString::fromStdString(problems.front().toString())));
    });
    connect(job, &Job::ended, this, [this, generation] {
        if (generation != m_generation) return;
        m_loading = false;
        emit loaded();
    });
}

QString HistoryPanel::stateText() const { return m_state->text(); }

void HistoryPanel::reopen(const QModelIndex& index) {
    if (!index.isValid()) return;
    emit reopenRequested(index.data(CompareHistoryModel::RunIdRole).toLongLong());
}

}  // namespace switchyard::ui
