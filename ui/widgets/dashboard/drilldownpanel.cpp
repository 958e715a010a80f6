#include "ui/widgets/dashboard/drilldownpanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/models/requesttablemodel.h"
#include "ui/models/savedsimulationroutemodel.h"

namespace switchyard::ui {

DrillDownPanel::DrillDownPanel(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_state(new QLabel(this)),
      m_more(new QPushButton(tr("Load more"), this)),
      m_open(new QPushButton(tr("Open in Compare"), this)),
      m_table(new QTableView(this)),
      m_model(new RequestTableModel(this)),
      m_simulation(new SavedSimulationRouteModel(this)) {
    setObjectName(QStringLiteral("drillDownPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 8, 24, 8);
    auto* top = new QHBoxLayout;
    m_title->setObjectName(QStringLiteral("drillDownTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_state->setObjectName(QStringLiteral("drillDownState"));
    top->addWidget(m_title);
    top->addWidget(m_state, 1);
    m_more->setObjectName(QStringLiteral("drillDownMore"));
    m_open->setObjectName(QStringLiteral("drillDownOpen"));
    m_open->setToolTip(tr("Reopen the selected request's run read-only in the Compare page (Enter)"));
    top->addWidget(m_more);
    top->addWidget(m_open);
    layout->addLayout(top);
    m_table->setObjectName(QStringLiteral("drillDownTable"));
    useModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    layout->addWidget(m_table, 1);
    connect(m_more, &QPushButton::clicked, this, &DrillDownPanel::moreRequested);
    connect(m_open, &QPushButton::clicked, this, &DrillDownPanel::openCurrent);
    connect(m_table, &QTableView::activated, this, &DrillDownPanel::openCurrent);  // Enter, double click
    clear();
}

void DrillDownPanel::useModel(QAbstractItemModel* model) {
    if (m_table->model() == model) return;
    QItemSelectionModel* old = m_table->selectionModel();
    m_table->setModel(model);
    delete old;  // the view does not delete the selection model it made for the previous model
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    if (model == m_model)
        header->setSectionResizeMode(RequestTableModel::Prompt, QHeaderView::Stretch);
    else
        header->setSectionResizeMode(SavedSimulationRouteModel::Route, QHeaderView::Stretch);
}

bool DrillDownPanel::showsSimulation() const { return m_table->model() == m_simulation; }

void DrillDownPanel::showSimulationLoading(const QString& title) {
    useModel(m_simulation);
    m_title->setText(tr("Routes of %1").arg(title));
    m_state->setText(tr("Reading\u2026"));
    m_simulation->clear();
    m_more->hide();
    m_open->setEnabled(false);
}

void DrillDownPanel::showSimulationRoutes(std::vector<core::SimulationRouteRow> rows) {
    useModel(m_simulation);
    m_simulation->setRows(std::move(rows));
    const int shown = m_simulation->rowCount();
    m_state->setText(shown == 0 ? tr("\u2014 no routes saved")
                                : tr("\u2014 %n route(s), as the simulation saved them (a simulation keeps "
                                     "per-route totals, not the log's requests)",
                                     nullptr, shown));
    if (shown > 0) m_table->selectRow(0);
}

void DrillDownPanel::showLoading(const QString& title) {
    useModel(m_model);
    m_title->setText(tr("Requests behind %1").arg(title));
    m_state->setText(tr("Reading\u2026"));
    m_model->clear();
    m_more->hide();
    m_open->setEnabled(false);
}

void DrillDownPanel::showPage(core::RequestPage page, bool append) {
    m_total = page.total;
    if (append)
        m_model->appendRows(std::move(page.rows));
    else
        m_model->setRows(std::move(page.rows));
    const int shown = m_model->rowCount();
    if (shown == 0)
        m_state->setText(tr("\u2014 no requests"));
    else if (m_total)
        m_state->setText(tr("\u2014 %1 of %2 requests").arg(shown).arg(*m_total));
    else
        m_state->setText(page.hasMore ? tr("\u2014 the first %1 requests").arg(shown)
                                      : tr("\u2014 %1 requests").arg(shown));
    m_more->setVisible(page.hasMore);
    m_open->setEnabled(shown > 0);
    if (shown > 0 && !m_table->currentIndex().isValid()) m_table->selectRow(0);
}

void DrillDownPanel::showProblem(const QString& text) {
    m_state->setText(text);
    m_more->hide();
}

void DrillDownPanel::clear() {
    useModel(m_model);
    m_simulation->clear();
    m_title->setText(tr("Requests"));
    m_state->setText(tr("\u2014 click a bar or a point to list the requests behind it"));
    m_model->clear();
    m_more->hide();
    m_open->setEnabled(false);
}

QString DrillDownPanel::title() const { return m_title->text(); }
QString DrillDownPanel::stateText() const { return m_state->text(); }

void DrillDownPanel::openCurrent() {
    if (showsSimulation()) return;  // routes, not requests: nothing to reopen
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid()) return;
    emit openRequested(index.data(RequestTableModel::RunIdRole).toLongLong());
}

}  // namespace switchyard::ui
