#include "ui/views/driftdialog.h"

#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/workspace/simulationsettings.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"

namespace switchyard::ui {
namespace {

enum Column { Dimension, Psi, ChiSquare, Flag, Mover, Affects, Columns };

QString percent(double v) { return QString::number(100.0 * v, 'f', 1) + QLatin1Char('%'); }

}  // namespace

DriftDialog::DriftDialog(const Workbench& workbench, QWidget* parent)
    : QDialog(parent),
      m_workbench(workbench),
      m_oldLog(new QLineEdit(this)),
      m_newLog(new QLineEdit(this)),
      m_compare(new QPushButton(tr("Compare"), this)),
      m_table(new QTableWidget(0, Columns, this)),
      m_status(new QLabel(this)) {
    setObjectName(QStringLiteral("drift"));
    setWindowTitle(tr("Traffic drift"));
    auto* intro = new QLabel(tr("A new traffic log against the previous one, both routed by this policy: task-type "
                                "shares, input length, each rule's match rate and the classifier's label mix. Flagged "
                                "at PSI 0.1 or more (0.25: major) or when a chi-square test rejects at 1%."),
                             this);
    intro->setWordWrap(true);
    const core::Workspace& ws = m_workbench.document->workspace();
    m_oldLog->setObjectName(QStringLiteral("driftOld"));
    m_oldLog->setPlaceholderText(tr("The previous traffic log"));
    m_newLog->setObjectName(QStringLiteral("driftNew"));
    m_newLog->setPlaceholderText(tr("The new traffic log"));
    m_newLog->setText(QString::fromStdString(
        core::sampleLogPath(m_workbench.document->filePath().toStdString(), ws.simulation).string()));
    auto row = [this](QLineEdit* edit) {
        auto* browse = new QPushButton(tr("Browse…"), this);
        connect(browse, &QPushButton::clicked, this, [this, edit] {
            const QString file = QFileDialog::getOpenFileName(this, tr("Traffic log"), edit->text(),
                                                              tr("Traffic logs (*.jsonl *.json *.csv);;All files (*)"));
            if (!file.isEmpty()) edit->setText(file);
        });
        auto* layout = new QHBoxLayout;
        layout->addWidget(edit, 1);
        layout->addWidget(browse);
        return layout;
    };
    auto* form = new QFormLayout;
    auto* oldLabel = new QLabel(tr("&Previous log:"), this);
    oldLabel->setBuddy(m_oldLog);
    auto* newLabel = new QLabel(tr("&New log:"), this);
    newLabel->setBuddy(m_newLog);
    form->addRow(oldLabel, row(m_oldLog));
    form->addRow(newLabel, row(m_newLog));

    m_compare->setObjectName(QStringLiteral("driftCompare"));
    m_compare->setDefault(true);
    connect(m_compare, &QPushButton::clicked, this, &DriftDialog::compare);
    connect(m_oldLog, &QLineEdit::returnPressed, this, &DriftDialog::compare);
    connect(m_newLog, &QLineEdit::returnPressed, this, &DriftDialog::compare);

    m_table->setObjectName(QStringLiteral("driftTable"));
    m_table->setHorizontalHeaderLabels(
        {tr("Dimension"), tr("PSI"), tr("Chi-square (p)"), tr("Flag"), tr("Moved most"), tr("Affects")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_status->setObjectName(QStringLiteral("driftStatus"));
    m_status->setWordWrap(true);
    m_status->setMinimumHeight(2 * m_status->fontMetrics().lineSpacing() + 6);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_status->setText(tr("Give the previous log and Compare."));

    auto* close = new QPushButton(tr("Close"), this);
    connect(close, &QPushButton::clicked, this, &QDialog::close);
    auto* bottom = new QHBoxLayout;
    bottom->addStretch();
    bottom->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_compare, 0, Qt::AlignLeft);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    layout->addLayout(bottom);
    resize(1100, 560);
}

void DriftDialog::compare() {
    if (m_running) return;
    const QString oldFile = m_oldLog->text().trimmed(), newFile = m_newLog->text().trimmed();
    if (oldFile.isEmpty() || newFile.isEmpty()) {
        m_status->setText(tr("Give both logs: the previous one and the new one."));
        return;
    }
    m_running = true;
    m_compare->setEnabled(false);
    m_status->setText(tr("Reading both logs…"));
    auto workspace = m_workbench.document->snapshot();
    const std::string o = oldFile.toStdString(), n = newFile.toStdString();
    Job* job = m_workbench.jobs->start<core::DriftReport>(
        tr("Traffic drift"),
        [workspace, o, n](JobControl&) -> core::Result<core::DriftReport> {
            auto policy = core::Policy::compile(*workspace);
            if (!policy) return policy.problems();
            return core::compareTraffic(*policy, o, n);
        },
        [this](core::DriftReport& report) { showReport(report); });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_table->setRowCount(0);
        QStringList lines;
        for (const auto& p : problems) lines << QString::fromStdString(p.toString());
        m_status->setText(lines.join(QLatin1Char('\n')));
    });
    connect(job, &Job::ended, this, [this] {
        m_running = false;
        m_compare->setEnabled(true);
    });
}

void DriftDialog::showReport(const core::DriftReport& report) {
    m_table->setRowCount(static_cast<int>(report.dimensions.size()));
    for (int r = 0; r < static_cast<int>(report.dimensions.size()); ++r) {
        const core::DriftDimension& d = report.dimensions[static_cast<std::size_t>(r)];
        auto cell = [&](int column, const QString& text, bool right = false) {
            auto* item = new QTableWidgetItem(text);
            if (right) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            item->setToolTip(QString::fromStdString(d.message));
            m_table->setItem(r, column, item);
        };
        cell(Dimension, QString::fromStdString(d.name));
        cell(Psi, QString::number(d.psi, 'f', 3), true);
        cell(ChiSquare,
             d.chiSquare.degreesOfFreedom > 0
                 ? tr("%1 on %2 df (p %3)")
                       .arg(QString::number(d.chiSquare.statistic, 'f', 2))
                       .arg(d.chiSquare.degreesOfFreedom)
                       .arg(d.chiSquare.pValue < 0.0001 ? tr("< 0.0001") : QString::number(d.chiSquare.pValue, 'f', 4))
                 : tr("no test (one category)"),
             true);
        cell(Flag, d.flagged ? QString::fromStdString(d.severity) : tr("stable"));
        QString mover;
        for (const auto& c : d.categories)
            if (c.name == d.mover)
                mover = tr("%1: %2 → %3").arg(QString::fromStdString(c.name), percent(c.oldShare), percent(c.newShare));
        cell(Mover, mover);
        QStringList affects;
        if (d.flagged) {
            for (const auto& rule : d.rules) affects << tr("rule “%1”").arg(QString::fromStdString(rule));
            for (const auto& tier : d.tiers) affects << tr("tier %1").arg(QString::fromStdString(tier));
        }
        cell(Affects, affects.join(QStringLiteral(", ")));
        if (d.flagged) {
            QFont bold = m_table->font();
            bold.setBold(true);
            m_table->item(r, Flag)->setFont(bold);
        }
    }
    QString text = tr("%1 of %2 dimensions flagged; previous log %3 requests, new log %4 requests.")
                       .arg(report.flagged())
                       .arg(report.dimensions.size())
                       .arg(report.oldLog.requests)
                       .arg(report.newLog.requests);
    for (const auto* log : {&report.oldLog, &report.newLog})
        if (log->malformed > 0 && !log->problems.empty())
            text += QLatin1Char(' ') + tr("%1: %2 malformed line(s) left out, the first at line %3.")
                                           .arg(QString::fromStdString(log->file))
                                           .arg(log->malformed)
                                           .arg(log->problems.front().line);
    m_status->setText(text);
}

}  // namespace switchyard::ui
