#include "ui/widgets/compare/datasetpicker.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/store/store.h"
#include "ui/jobs/jobrunner.h"

namespace switchyard::ui {

namespace {

constexpr int kMaxShown = 500;  // rows listed at once; a search narrows the rest

core::Result<std::vector<core::DatasetInfo>> readDatasets(const std::filesystem::path& database) {
    std::error_code ec;
    if (database.empty() || !std::filesystem::exists(database, ec)) return std::vector<core::DatasetInfo>{};
    core::StoreOptions options;
    options.create = false;
    auto store = core::Store::open(database, options);
    if (!store) return store.problems();
    return store->datasets();
}

struct ReadItems {
    std::vector<core::StoredItem> items;
    std::vector<QString> haystacks;  // per item: what a search looks in, lower-cased
};

core::Result<ReadItems> readItems(const std::filesystem::path& database, std::int64_t id) {
    core::StoreOptions options;
    options.create = false;
    auto store = core::Store::open(database, options);
    if (!store) return store.problems();
    auto items = store->datasetItems(id);
    if (!items) return items.problems();
    ReadItems out;
    out.haystacks.reserve(items->size());
    for (const core::StoredItem& stored : *items) {
        const core::DatasetItem& item = stored.item;
        QString hay =
            QString::fromStdString(item.key + '\n' + item.prompt + '\n' + item.expected + '\n' + item.taskType);
        for (const std::string& tag : item.tags) hay += QLatin1Char('\n') + QString::fromStdString(tag);
        out.haystacks.push_back(hay.toLower());
    }
    out.items = std::move(*items);
    return out;
}

QString oneLine(const std::string& text, int limit) {
    QString s = QString::fromStdString(text).simplified();
    return s.size() > limit ? s.left(limit - 1) + u'\u2026' : s;
}

}  // namespace

DatasetPicker::DatasetPicker(JobRunner* jobs, std::filesystem::path database, QWidget* parent)
    : QDialog(parent),
      m_jobs(jobs),
      m_database(std::move(database)),
      m_datasets(new QComboBox(this)),
      m_search(new QLineEdit(this)),
      m_items(new QListWidget(this)),
      m_state(new QLabel(this)) {
    setObjectName(QStringLiteral("datasetPicker"));
    setWindowTitle(tr("Pick from a dataset"));
    resize(760, 520);
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_datasets->setObjectName(QStringLiteral("pickDataset"));
    m_datasets->setAccessibleName(tr("Dataset"));
    form->addRow(tr("&Dataset"), m_datasets);
    m_search->setObjectName(QStringLiteral("pickSearch"));
    m_search->setPlaceholderText(tr("Search the prompts, keys, tags and reference answers"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the items"));
    form->addRow(tr("&Search"), m_search);
    layout->addLayout(form);
    m_items->setObjectName(QStringLiteral("pickItems"));
    m_items->setAccessibleName(tr("Items of the dataset"));
    // Two lines a row, cut rather than wrapped: a search through thousands of items re-lists
    // them on every keystroke, and uniform rows lay out at once.
    m_items->setWordWrap(false);
    m_items->setUniformItemSizes(true);
    m_items->setTextElideMode(Qt::ElideRight);
    m_items->setAlternatingRowColors(true);
    layout->addWidget(m_items, 1);
    m_state->setObjectName(QStringLiteral("pickState"));
    m_state->setWordWrap(true);
    m_state->setTextFormat(Qt::PlainText);
    layout->addWidget(m_state);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Fill the composer"));
    m_ok->setObjectName(QStringLiteral("pickOk"));
    m_ok->setEnabled(false);
    layout->addWidget(buttons);

    connect(buttons, &QDialogButtonBox::accepted, this, &DatasetPicker::pick);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_items, &QListWidget::itemActivated, this, &DatasetPicker::pick);
    connect(m_items, &QListWidget::currentRowChanged, this, [this](int row) { m_ok->setEnabled(row >= 0); });
    connect(m_search, &QLineEdit::textChanged, this, &DatasetPicker::filter);
    // Down from the search goes to the list, so the keyboard never has to leave it for long.
    m_search->installEventFilter(this);
    connect(m_datasets, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index < 0 || index >= static_cast<int>(m_infos.size())) return;
        loadItems(m_infos[static_cast<size_t>(index)].id);
    });
    m_search->setFocus();
    loadDatasets();
}

QString DatasetPicker::stateText() const { return m_state->text(); }

void DatasetPicker::setLoading(bool loading, const QString& state) {
    m_loading = loading;
    m_state->setText(state);
}

void DatasetPicker::loadDatasets() {
    const std::uint64_t generation = ++m_generation;
    setLoading(true, tr("Reading the datasets\u2026"));
    QPointer<DatasetPicker> self(this);
    Job* job = m_jobs->start<std::vector<core::DatasetInfo>>(
        tr("Read the datasets"), [database = m_database](JobControl&) { return readDatasets(database); },
        [self, generation](std::vector<core::DatasetInfo>& infos) {
            if (!self || generation != self->m_generation) return;
            self->m_infos = std::move(infos);
            std::erase_if(self->m_infos, [](const core::DatasetInfo& d) { return d.synthetic || d.items == 0; });
            if (self->m_infos.empty()) {
                self->setLoading(false, tr("No datasets yet: import one on the Evaluate page (JSONL or CSV, or a "
                                           "sample of the traffic log), then pick its items here."));
                emit self->loaded();
                return;
            }
            const QSignalBlocker block(self->m_datasets);
            for (const core::DatasetInfo& d : self->m_infos)
                self->m_datasets->addItem(
                    tr("%1 (%n item(s))", nullptr, static_cast<int>(d.items)).arg(QString::fromStdString(d.name)));
            self->m_datasets->setCurrentIndex(0);
            self->loadItems(self->m_infos.front().id);
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_generation) return;
        setLoading(false,
                   tr("The datasets could not be read: %1").arg(QString::fromStdString(problems.front().toString())));
        emit loaded();
    });
}

void DatasetPicker::loadItems(std::int64_t datasetId) {
    const std::uint64_t generation = ++m_generation;
    m_items->clear();
    m_loaded.clear();
    m_haystacks.clear();
    m_ok->setEnabled(false);
    setLoading(true, tr("Reading the items\u2026"));
    QPointer<DatasetPicker> self(this);
    Job* job = m_jobs->start<ReadItems>(
        tr("Read a dataset's items"),
        [database = m_database, datasetId](JobControl&) { return readItems(database, datasetId); },
        [self, generation](ReadItems& read) {
            if (!self || generation != self->m_generation) return;
            self->m_loaded = std::move(read.items);
            self->m_haystacks = std::move(read.haystacks);
            self->m_loading = false;
            self->filter();
            emit self->loaded();
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_generation) return;
        setLoading(false,
                   tr("The items could not be read: %1").arg(QString::fromStdString(problems.front().toString())));
        emit loaded();
    });
}

void DatasetPicker::filter() {
    if (m_loading) return;
    m_items->clear();
    const QString needle = m_search->text().trimmed();
    const QString lowered = needle.toLower();
    int matched = 0;
    for (size_t i = 0; i < m_loaded.size(); ++i) {
        if (!lowered.isEmpty() && !m_haystacks[i].contains(lowered)) continue;
        if (++matched > kMaxShown) continue;
        const core::DatasetItem& item = m_loaded[i].item;
        QString text =
            tr("%1 \u00b7 %2").arg(QString::fromStdString(item.key), oneLine(item.prompt, 160)) + QLatin1Char('\n') +
            (item.expected.empty() ? tr("No reference answer") : tr("Reference: %1").arg(oneLine(item.expected, 120)));
        auto* row = new QListWidgetItem(text, m_items);
        row->setData(Qt::UserRole, static_cast<qulonglong>(i));
        row->setToolTip(QString::fromStdString(item.prompt));
    }
    if (m_items->count() > 0) m_items->setCurrentRow(0);
    if (m_loaded.empty())
        m_state->setText(tr("This dataset has no items."));
    else if (matched == 0)
        m_state->setText(tr("No item matches \u201c%1\u201d.").arg(needle));
    else if (matched > kMaxShown)
        m_state->setText(tr("The first %1 of %2 matching items: search to narrow them.").arg(kMaxShown).arg(matched));
    else
        m_state->setText(tr("%n item(s). Enter or a double click fills the composer.", nullptr, matched));
}

void DatasetPicker::pick() {
    QListWidgetItem* row = m_items->currentItem();
    if (!row) return;
    const auto index = static_cast<size_t>(row->data(Qt::UserRole).toULongLong());
    if (index >= m_loaded.size()) return;
    m_picked = m_loaded[index].item;
    const int dataset = m_datasets->currentIndex();
    if (dataset >= 0) m_pickedChecks = m_infos[static_cast<size_t>(dataset)].checksJson;
    m_pickedSource =
        tr("dataset \u201c%1\u201d, item %2")
            .arg(dataset >= 0 ? QString::fromStdString(m_infos[static_cast<size_t>(dataset)].name) : QString(),
                 QString::fromStdString(m_picked->key));
    accept();
}

bool DatasetPicker::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_search && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Down && m_items->count() > 0) {
            m_items->setFocus();
            return true;
        }
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && m_items->currentItem()) {
            pick();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

}  // namespace switchyard::ui
