#include "ui/views/repricedialog.h"

#include <QBrush>
#include <QColor>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/policy/policy.h"
#include "core/simulate/reprice.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/services/livecosting.h"
#include "ui/services/simulatorrun.h"

namespace switchyard::ui {

namespace {
QString priceText(core::Price p) {
    return QLocale::c().toString(p.usdPerMillion(), 'f', 4).remove(QRegularExpression(QStringLiteral("\\.?0+$")));
}

QTableWidgetItem* cell(const QString& text, bool number = true) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
}  // namespace

RepriceDialog::RepriceDialog(const Workbench& workbench, QWidget* parent)
    : QDialog(parent),
      m_workbench(workbench),
      m_prices(new QTableWidget(this)),
      m_comparison(new QTableWidget(this)),
      m_source(new QLabel(this)),
      m_summary(new QLabel(this)),
      m_recost(new QPushButton(tr("&Re-cost"), this)) {
    setObjectName(QStringLiteral("repriceDialog"));
    setWindowTitle(tr("What If Prices Change?"));
    m_prices->setObjectName(QStringLiteral("repricePrices"));
    m_comparison->setObjectName(QStringLiteral("repriceComparison"));
    m_recost->setObjectName(QStringLiteral("recostButton"));
    m_summary->setObjectName(QStringLiteral("repriceSummary"));
    m_source->setWordWrap(true);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_prices->setColumnCount(3);
    m_prices->setHorizontalHeaderLabels({tr("Model"), tr("Input $/1M"), tr("Output $/1M")});
    m_prices->verticalHeader()->hide();
    m_prices->horizontalHeader()->setSectionResizeMode(ModelColumn, QHeaderView::Stretch);
    m_comparison->setColumnCount(5);
    m_comparison->setHorizontalHeaderLabels(
        {tr("Route"), tr("Requests"), tr("Old cost"), tr("New cost"), tr("Change")});
    m_comparison->verticalHeader()->hide();
    m_comparison->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_comparison->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_prices);
    split->addWidget(m_comparison);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_recost, QDialogButtonBox::ActionRole);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_source);
    layout->addWidget(split, 1);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_recost, &QPushButton::clicked, this, &RepriceDialog::recost);
    resize(1000, 560);
    fillPrices();

    const SimulatorResult* sim = m_workbench.simulator ? m_workbench.simulator->result() : nullptr;
    const LiveCostResult* live = m_workbench.costing ? m_workbench.costing->current() : nullptr;
    if (sim)
        m_source->setText(tr("Edit prices, then Re-cost: the Simulator's last run of %1 is decided again under them.")
                              .arg(QFileInfo(sim->file).fileName()));
    else if (live)
        m_source->setText(
            tr("Edit prices, then Re-cost: the live costing's sample (%n request(s)) is decided again under them.",
               nullptr, static_cast<int>(live->report.requests)));
    else
        m_source->setText(
            tr("No simulation yet: run a traffic log in the Simulator (or set a sample log in Settings) first."));
    m_recost->setEnabled(sim || live);
}

void RepriceDialog::fillPrices() {
    const auto& models = m_workbench.document->workspace().catalog.models();
    m_prices->setRowCount(static_cast<int>(models.size()));
    for (int r = 0; r < static_cast<int>(models.size()); ++r) {
        const core::Model& m = models[static_cast<size_t>(r)];
        m_prices->setItem(r, ModelColumn, cell(toQString(m.id), false));
        for (const auto& [column, price] :
             {std::pair{InputColumn, m.prices.input}, std::pair{OutputColumn, m.prices.output}}) {
            auto* item = new QTableWidgetItem(priceText(price));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_prices->setItem(r, column, item);
        }
    }
}

bool RepriceDialog::editedPrices(std::map<std::string, core::ModelPrices>& out, QString& problem) const {
    const auto& models = m_workbench.document->workspace().catalog.models();
    for (int r = 0; r < m_prices->rowCount() && r < static_cast<int>(models.size()); ++r) {
        const core::Model& m = models[static_cast<size_t>(r)];
        core::ModelPrices p = m.prices;
        for (const int column : {InputColumn, OutputColumn}) {
            const QString text = m_prices->item(r, column)->text().trimmed().remove(QLatin1Char('$'));
            const auto price = core::Price::parse(text.toStdString());
            if (!price) {
                problem = tr("%1: \u201c%2\u201d is not a price in USD per 1M tokens").arg(toQString(m.id), text);
                return false;
            }
            (column == InputColumn ? p.input : p.output) = *price;
        }
        if (!(p == m.prices)) out[m.id] = p;
    }
    return true;
}

void RepriceDialog::recost() {
    std::map<std::string, core::ModelPrices> prices;
    QString problem;
    if (!editedPrices(prices, problem)) {
        m_summary->setText(QStringLiteral("<span style='color:#b3261e'>%1</span>").arg(problem.toHtmlEscaped()));
        return;
    }
    auto edited = core::withPrices(m_workbench.document->workspace(), prices);
    if (!edited) {
        m_summary->setText(toQString(edited.problems().front().message));
        return;
    }
    auto workspace = std::make_shared<const core::Workspace>(std::move(edited).value());
    const SimulatorResult* sim = m_workbench.simulator ? m_workbench.simulator->result() : nullptr;
    const LiveCostResult* live = m_workbench.costing ? m_workbench.costing->current() : nullptr;
    if (!sim && !live) return;
    auto before = std::make_shared<const core::SimulationReport>(sim ? sim->report : live->report);
    const std::filesystem::path file =
        sim ? std::filesystem::path(sim->file.toStdU16String()) : std::filesystem::path();
    const auto columns = sim ? m_workbench.simulator->csvColumns() : std::map<std::string, std::string>{};
    const std::shared_ptr<const core::TrafficSample> sample = sim ? nullptr : live->sample;
    m_recost->setEnabled(false);
    m_summary->setText(tr("Re-costing\u2026"));
    Job* job = m_workbench.jobs->start<core::RepriceComparison>(
        tr("Re-cost under edited prices"),
        [workspace, before, file, columns, sample](JobControl& control) -> core::Result<core::RepriceComparison> {
            auto policy = core::Policy::compile(*workspace);
            if (!policy) return policy.problems();
            core::SimulationOptions options;
            options.cancel = control.stopFlag();
            options.csvColumns = columns;
            options.cacheCarryover = workspace->simulation.cacheCarryover;
            auto after = sample ? core::simulateSample(*policy, *sample, options)
                                : core::simulateTraffic(*policy, file, options);
            if (!after) return after.problems();
            return core::compareRepriced(*before, *after);
        },
        [self = QPointer<RepriceDialog>(this)](core::RepriceComparison& c) {
            if (self) self->showComparison(c);
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_summary->setText(
            tr("Not re-costed: %1").arg(problems.empty() ? QString() : toQString(problems.front().toString())));
    });
    connect(job, &Job::ended, this, [this] { m_recost->setEnabled(true); });
}

void RepriceDialog::showComparison(const core::RepriceComparison& c) {
    m_comparison->setRowCount(static_cast<int>(c.routes.size()));
    const QLocale english(QLocale::English);
    for (int r = 0; r < static_cast<int>(c.routes.size()); ++r) {
        const auto& line = c.routes[static_cast<size_t>(r)];
        m_comparison->setItem(r, 0, cell(toQString(line.route), false));
        m_comparison->setItem(r, 1, cell(english.toString(static_cast<qlonglong>(line.requests))));
        m_comparison->setItem(r, 2, cell(formatUsd(line.oldCost.usd())));
        m_comparison->setItem(r, 3, cell(formatUsd(line.newCost.usd())));
        auto* change = cell(QStringLiteral("%1 (%2%)")
                                .arg(formatUsd(line.change().usd()), english.toString(line.changePercent(), 'f', 1)));
        if (line.change() > core::Money{}) change->setForeground(QColor(0xb3, 0x26, 0x1e));
        m_comparison->setItem(r, 4, change);
    }
    m_comparison->resizeColumnsToContents();
    m_comparison->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_summary->setText(tr("With routing: <b>%1</b> \u2192 <b>%2</b> (%3); baseline %4 \u2192 %5.")
                           .arg(formatUsd(c.oldCost.usd()), formatUsd(c.newCost.usd()), formatUsd(c.change().usd()),
                                formatUsd(c.oldBaseline.usd()), formatUsd(c.newBaseline.usd())));
    emit recosted();
}

QString RepriceDialog::summary() const { return m_summary->text(); }

}  // namespace switchyard::ui
