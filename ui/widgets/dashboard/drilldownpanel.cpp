#include "ui/widgets/dashboard/drilldownpanel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/models/requesttablemodel.h"

namespace switchyard::ui {

DrillDownPanel::DrillDownPanel(QWidget* parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_state(new QLabel(this)),
      m_more(new QPushButton(tr("Load more"), this)),
      m_open(new QPushButton(tr("Open in Compare"), this)),
      m_table(new QTableView(this)),
      m_model(new RequestTableModel(this)) {
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
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(RequestTableModel::Prompt, QHeaderView::Stretch);
    layout->addWidget(m_table, 1);
    connect(m_more, &QPushButton::clicked, this, &DrillDownPanel::moreRequested);
    connect(m_open, &QPushButton::clicked, this, &DrillDownPanel::openCurrent);
    connect(m_table, &QTableView::activated, this, &DrillDownPanel::openCurrent);  // Enter, double click
    clear();
}

void DrillDownPanel::showLoading(const QString& title) {
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
    m_title->setText(tr("Requests"));
    m_state->setText(tr("\u2014 click a bar or a point to list the requests behind it"));
    m_model->clear();
    m_more->hide();
    m_open->setEnabled(false);
}

QString DrillDownPanel::title() const { return m_title->text(); }
QString DrillDownPanel::stateText() const { return m_state->text(); }

void DrillDownPanel::openCurrent() {
    const QModelIndex index = m_table->currentIndex();
    if (!index.isValid()) return;
    emit openRequested(index.data(RequestTableModel::RunIdRole).toLongLong());
}

}  // namespace switchyard::ui
