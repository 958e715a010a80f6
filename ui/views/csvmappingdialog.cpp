#include "ui/views/csvmappingdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "core/eval/datasetimport.h"
#include "core/simulate/csvpreview.h"
#include "core/simulate/trafficrecord.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {
constexpr size_t kPreviewRows = 8;
constexpr int kFieldColumns = 3;  // the field choices sit in this many columns
}  // namespace

CsvMappingFields CsvMappingFields::traffic() {
    return {core::csvTrafficFields(),
            QObject::tr("Simulate"),
            {QStringLiteral("prompt"), QStringLiteral("input_tokens")},
            QObject::tr("Map at least the prompt or input_tokens: without either every request is empty.")};
}

CsvMappingFields CsvMappingFields::dataset() {
    return {core::datasetCsvFields(),
            QObject::tr("Import"),
            {QStringLiteral("prompt"), QStringLiteral("messages")},
            QObject::tr("Map the prompt or the messages: an item without either has nothing to ask.")};
}

CsvMappingDialog::CsvMappingDialog(JobRunner* jobs, QString file, QWidget* parent,
                                   const std::map<std::string, std::string>& remembered, CsvMappingFields fields)
    : QDialog(parent),
      m_file(std::move(file)),
      m_remembered(remembered),
      m_fieldSet(std::move(fields)),
      m_preview(new QTableWidget(this)),
      m_status(new QLabel(tr("Reading the first rows\u2026"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setObjectName(QStringLiteral("csvMappingDialog"));
    setWindowTitle(tr("Map CSV Columns \u2014 %1").arg(QFileInfo(m_file).fileName()));
    m_preview->setObjectName(QStringLiteral("csvPreview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->verticalHeader()->setDefaultSectionSize(24);
    m_preview->horizontalHeader()->setDefaultSectionSize(140);
    m_preview->setWordWrap(false);
    m_status->setWordWrap(true);
    m_buttons->button(QDialogButtonBox::Ok)->setText(m_fieldSet.acceptText);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(false);

    auto* fieldsBox = new QGroupBox(
        tr("Which column holds each field (fields left at \u201cnot in the file\u201d are read as absent)"), this);
    auto* grid = new QGridLayout(fieldsBox);
    grid->setHorizontalSpacing(14);
    int i = 0;
    for (const std::string& field : m_fieldSet.fields) {
        auto* combo = new QComboBox(fieldsBox);
        combo->setObjectName(QStringLiteral("field_") + toQString(field));
        combo->addItem(tr("not in the file"), QString());
        combo->setMinimumContentsLength(14);
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        auto* label = new QLabel(toQString(field) + QLatin1Char(':'), fieldsBox);
        label->setBuddy(combo);
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        grid->addWidget(label, i / kFieldColumns, (i % kFieldColumns) * 2);
        grid->addWidget(combo, i / kFieldColumns, (i % kFieldColumns) * 2 + 1);
        m_fields[toQString(field)] = combo;
        connect(combo, &QComboBox::currentIndexChanged, this, &CsvMappingDialog::updateHighlight);
        ++i;
    }

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("The first rows of %1:").arg(QFileInfo(m_file).fileName()), this));
    layout->addWidget(m_preview, 1);
    layout->addWidget(fieldsBox);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(1000, 640);

    const std::filesystem::path path(m_file.toStdU16String());
    Job* job = jobs->start<core::CsvPreview>(
        tr("Read the first rows of %1").arg(m_file),
        [path](JobControl&) { return core::readCsvPreview(path, kPreviewRows); },
        [self = QPointer<CsvMappingDialog>(this)](core::CsvPreview& p) {
            if (self) self->showPreview(p.header, p.rows);  // closed before the file was read: nothing to show
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_status->setText(tr("The file cannot be previewed: %1")
                              .arg(problems.empty() ? QString() : toQString(problems.front().toString())));
        m_status->setStyleSheet(QStringLiteral("color: #b3261e;"));
    });
}

QString CsvMappingDialog::headerKeyOf(const QString& file) { return QFileInfo(file).absoluteFilePath(); }

void CsvMappingDialog::showPreview(const std::vector<std::string>& header,
                                   const std::vector<std::vector<std::string>>& rows) {
    m_columns.clear();
    for (const auto& h : header) m_columns << toQString(h);
    m_preview->setColumnCount(static_cast<int>(header.size()));
    m_preview->setHorizontalHeaderLabels(m_columns);
    m_preview->setRowCount(static_cast<int>(rows.size()));
    for (int r = 0; r < static_cast<int>(rows.size()); ++r)
        for (int c = 0; c < static_cast<int>(rows[static_cast<size_t>(r)].size()) && c < m_preview->columnCount();
             ++c) {
            QString text = toQString(rows[static_cast<size_t>(r)][static_cast<size_t>(c)]);
            auto* item = new QTableWidgetItem(text.left(200).replace(QLatin1Char('\n'), QStringLiteral(" \u21b5 ")));
            item->setToolTip(text.left(2000));
            m_preview->setItem(r, c, item);
        }
    for (auto& [field, combo] : m_fields) {
        combo->blockSignals(true);
        for (const QString& column : m_columns) combo->addItem(column, column);
        // The remembered choice, else a column of the field's own name (what the reader does unmapped).
        const auto it = m_remembered.find(field.toStdString());
        const QString want = it != m_remembered.end() ? toQString(it->second) : field;
        combo->setCurrentIndex(std::max(0, combo->findData(want)));
        combo->blockSignals(false);
    }
    m_loaded = true;
    m_status->setText(tr("%1 columns; %n row(s) shown.", nullptr, static_cast<int>(rows.size())).arg(m_columns.size()));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(true);
    updateHighlight();
    emit loaded();
}

void CsvMappingDialog::updateHighlight() {
    if (!m_loaded) return;
    // The preview's header says which field each column feeds.
    QStringList labels = m_columns;
    for (const auto& [field, combo] : m_fields) {
        const int c = static_cast<int>(m_columns.indexOf(combo->currentData().toString()));
        if (c >= 0 && !combo->currentData().toString().isEmpty())
            labels[c] = m_columns[c] + QStringLiteral("\n\u2192 ") + field;
    }
    m_preview->setHorizontalHeaderLabels(labels);
    bool any = false;
    for (const auto& [field, combo] : m_fields)
        any = any || (!combo->currentData().toString().isEmpty() && m_fieldSet.anyOf.contains(field));
    if (!any) m_status->setText(m_fieldSet.missingAdvice);
}

std::map<std::string, std::string> CsvMappingDialog::mapping() const {
    std::map<std::string, std::string> m;
    for (const auto& [field, combo] : m_fields)
        if (const QString column = combo->currentData().toString(); !column.isEmpty())
            m[field.toStdString()] = column.toStdString();
    return m;
}

QComboBox* CsvMappingDialog::fieldCombo(const QString& field) const {
    const auto it = m_fields.find(field);
    return it == m_fields.end() ? nullptr : it->second;
}

}  // namespace switchyard::ui
