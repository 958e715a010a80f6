#include "ui/views/catalogview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/models/catalogmodel.h"
#include "ui/views/catalogcelldelegate.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

CatalogView::CatalogView(CatalogModel* model, QWidget* parent)
    : QWidget(parent),
      m_model(model),
      m_proxy(new QSortFilterProxyModel(this)),
      m_header(new ViewHeader(tr("Catalog"),
                              tr("Prices in USD per 1M tokens, as published. Double-click a cell to edit it; hover a "
                                 "price for its source."),
                              this)),
      m_filter(new QLineEdit(this)),
      m_count(new QLabel(this)),
      m_table(new QTableView(this)),
      m_delegate(new CatalogCellDelegate(model, m_proxy, this)),
      m_status(new QLabel(this)) {
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CatalogModel::SortRole);
    m_proxy->setFilterRole(CatalogModel::SearchRole);
    m_proxy->setFilterKeyColumn(CatalogModel::IdColumn);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    // An edited price keeps its row where it is until the user sorts again.
    m_proxy->setDynamicSortFilter(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    m_filter->setObjectName(QStringLiteral("catalogFilter"));
    m_filter->setPlaceholderText(tr("Filter by model or provider"));
    m_filter->setToolTip(tr("Matches the id, name, provider and tokenizer (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setProperty("localUndo", true);  // a filter, not the workspace: Ctrl+Z undoes its text
    m_filter->setMinimumWidth(230);
    m_filter->setMaximumWidth(360);
    m_count->setObjectName(QStringLiteral("viewSubtitle"));
    m_count->setMinimumWidth(m_count->fontMetrics().horizontalAdvance(tr("%1 of %2 models").arg(888).arg(888)));
    m_count->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_header->addTrailingWidget(m_count);
    m_header->addTrailingWidget(m_filter);
    layout->addWidget(m_header);

    m_table->setObjectName(QStringLiteral("catalogTable"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(m_delegate);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::AnyKeyPressed);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(CatalogModel::ProviderColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setFrameShape(QFrame::NoFrame);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 14);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // The display name is in the id's tooltip; the column is one right-click away.
    m_table->horizontalHeader()->hideSection(CatalogModel::NameColumn);
    m_table->horizontalHeader()->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table->horizontalHeader(), &QWidget::customContextMenuRequested, this, &CatalogView::showColumnMenu);
    layout->addWidget(m_table, 1);

    m_status->setObjectName(QStringLiteral("catalogStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->setContentsMargins(24, 8, 24, 8);
    m_status->hide();
    layout->addWidget(m_status);

    connect(m_delegate, &CatalogCellDelegate::refused, this,
            [this](const QString& message) { showStatus(message, true); });
    connect(m_model, &CatalogModel::editRefused, this, [this](const QModelIndex&, const core::Problems& problems) {
        showStatus(tr("Not changed: %1").arg(cellMessage(problems, false)), true);
    });
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &CatalogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &CatalogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &CatalogView::updateCount);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &CatalogView::updateCount);
    updateCount();
}

QList<int> CatalogView::selectedRows() const {
    QList<int> rows;
    for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
        rows << m_proxy->mapToSource(index).row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void CatalogView::selectRow(int row, int column) {
    const QModelIndex source = m_model->index(row, column);
    if (!source.isValid()) return;
    QModelIndex shown = m_proxy->mapFromSource(source);
    if (!shown.isValid()) {
        m_filter->clear();
        shown = m_proxy->mapFromSource(source);
    }
    m_table->selectionModel()->setCurrentIndex(shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(shown);
}

void CatalogView::editCell(int row, int column) {
    selectRow(row, column);
    m_table->setFocus(Qt::OtherFocusReason);
    m_table->edit(m_table->currentIndex());
}

void CatalogView::showStatus(const QString& text, bool problem) {
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("QLabel#catalogStatus { background: #fff4f2; color: #9b2c1f;"
                                                     " border-top: 1px solid #f0c8c1; }")
                                    : QStringLiteral("QLabel#catalogStatus { background: #f3f7f3; color: #2f5d36;"
                                                     " border-top: 1px solid #d3e4d5; }"));
    m_status->setVisible(!text.isEmpty());
}

void CatalogView::showColumnMenu(const QPoint& position) {
    QHeaderView* header = m_table->horizontalHeader();
    QMenu menu(this);
    for (int column = 0; column < m_model->columnCount(); ++column) {
        QAction* action = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(column));
        action->setEnabled(column != CatalogModel::IdColumn);
        connect(action, &QAction::toggled, header,
                [header, column](bool shown) { header->setSectionHidden(column, !shown); });
    }
    menu.exec(header->mapToGlobal(position));
}

void CatalogView::updateCount() {
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    m_count->setText(shown == total ? tr("%1 models").arg(total) : tr("%1 of %2 models").arg(shown).arg(total));
}

}  // namespace switchyard::ui
