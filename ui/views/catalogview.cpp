#include "ui/views/catalogview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "ui/models/catalogmodel.h"

namespace switchyard::ui {

CatalogView::CatalogView(CatalogModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new QSortFilterProxyModel(this)), m_filter(new QLineEdit(this)),
      m_count(new QLabel(this)), m_table(new QTableView(this)) {
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CatalogModel::SortRole);
    m_proxy->setFilterRole(CatalogModel::SearchRole);
    m_proxy->setFilterKeyColumn(CatalogModel::IdColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* header = new QWidget(this);
    header->setObjectName(QStringLiteral("viewHeader"));
    auto* headerLayout = new QVBoxLayout(header);
    headerLayout->setContentsMargins(24, 18, 24, 12);
    headerLayout->setSpacing(2);
    auto* title = new QLabel(tr("Catalog"), header);
    title->setObjectName(QStringLiteral("viewTitle"));
    auto* subtitle = new QLabel(tr("Prices in USD per 1M tokens, as the providers publish them. Hover a price for "
                                   "its source and long-context prices."),
                                header);
    subtitle->setObjectName(QStringLiteral("viewSubtitle"));
    headerLayout->addWidget(title);
    headerLayout->addWidget(subtitle);
    headerLayout->addSpacing(10);

    auto* filterRow = new QHBoxLayout;
    filterRow->setSpacing(12);
    m_filter->setObjectName(QStringLiteral("catalogFilter"));
    m_filter->setPlaceholderText(tr("Filter by model, name, provider or tokenizer"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(420);
    m_count->setObjectName(QStringLiteral("viewSubtitle"));
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_count);
    filterRow->addStretch(1);
    headerLayout->addLayout(filterRow);
    layout->addWidget(header);

    m_table->setObjectName(QStringLiteral("catalogTable"));
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CatalogModel::ProviderColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setFrameShape(QFrame::NoFrame);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // The display name is in the id's tooltip; the column is one right-click away.
    m_table->horizontalHeader()->hideSection(CatalogModel::NameColumn);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table->horizontalHeader(), &QWidget::customContextMenuRequested, this, &CatalogView::showColumnMenu);
    layout->addWidget(m_table, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &CatalogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &CatalogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &CatalogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &CatalogView::updateCount);
    updateCount();
}

void CatalogView::showColumnMenu(const QPoint& position) {
    QHeaderView* header = m_table->horizontalHeader();
    QMenu menu(this);
    for (int column = 0; column < m_model->columnCount(); ++column) {
        QAction* action = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(column != CatalogModel::IdColumn);
        connect(action, &QAction::toggled, header, [header, column](bool shown) { header->setSectionHidden(column, !shown); });
    }
    menu.exec(header->mapToGlobal(position));
}

void CatalogView::updateCount() {
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("%1 models").arg(total) : tr("%1 of %2 models").arg(shown).arg(total));
}

}  // namespace switchyard::ui
