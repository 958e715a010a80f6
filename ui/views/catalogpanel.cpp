#include "ui/views/catalogpanel.h"

#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPainter>
#include <QPixmap>
#include <QVBoxLayout>

#include "ui/models/catalogmodel.h"
#include "ui/models/displayformat.h"
#include "ui/models/modeldrag.h"

namespace switchyard::ui {

namespace {
QPixmap providerDot(const QString& provider) {
    QPixmap pixmap(10, 10);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(providerColor(provider));
    painter.drawEllipse(QRectF(1, 1, 8, 8));
    return pixmap;
}
}  // namespace

CatalogDragModel::CatalogDragModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setFilterRole(CatalogModel::SearchRole);
    setFilterKeyColumn(CatalogModel::IdColumn);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setSortRole(CatalogModel::SortRole);
}

QVariant CatalogDragModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const QModelIndex source = mapToSource(index);
    const auto cell = [&](int column, int cellRole = Qt::DisplayRole) {
        return sourceModel()->index(source.row(), column).data(cellRole);
    };
    switch (role) {
        case Qt::DisplayRole: {
            const QString name = cell(CatalogModel::NameColumn).toString();
            const QString id = cell(CatalogModel::IdColumn).toString();
            return tr("%1\n%2\n%3 in \u00b7 %4 out")
                .arg(name.isEmpty() ? id : name, id, cell(CatalogModel::InputColumn).toString(),
                     cell(CatalogModel::OutputColumn).toString());
        }
        case Qt::FontRole:
            return {};
        case Qt::DecorationRole:
            return providerDot(cell(CatalogModel::ProviderColumn).toString());
        case Qt::ToolTipRole:
            return tr("%1 from %2, %3 context. Drag it onto a tier to add it as a fallback, onto a primary to make it "
                      "primary.")
                .arg(cell(CatalogModel::IdColumn).toString(), cell(CatalogModel::ProviderColumn).toString(),
                     cell(CatalogModel::ContextColumn).toString());
        default:
            return QSortFilterProxyModel::data(index, role);
    }
}

Qt::ItemFlags CatalogDragModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = QSortFilterProxyModel::flags(index);
    if (index.isValid()) flags |= Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
    return flags;
}

QStringList CatalogDragModel::mimeTypes() const { return {kModelDragMimeType}; }

QMimeData* CatalogDragModel::mimeData(const QModelIndexList& indexes) const {
    for (const QModelIndex& index : indexes)
        if (index.isValid()) return encodeModelDrag({index.data(CatalogModel::ModelIdRole).toString()});
    return nullptr;
}

CatalogPanel::CatalogPanel(CatalogModel* catalog, QWidget* parent)
    : QWidget(parent),
      m_model(new CatalogDragModel(this)),
      m_filter(new QLineEdit(this)),
      m_list(new QListView(this)),
      m_empty(new QLabel(this)) {
    setObjectName(QStringLiteral("catalogPanel"));
    m_model->setSourceModel(catalog);
    m_model->sort(CatalogModel::ProviderColumn);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 14, 14, 14);
    layout->setSpacing(6);
    auto* title = new QLabel(tr("CATALOG"), this);
    title->setObjectName(QStringLiteral("panelHeading"));
    auto* hint =
        new QLabel(tr("Drag a model onto a tier to add it as a fallback, onto a primary card to make it primary. "
                      "Prices per 1M tokens."),
                   this);
    hint->setObjectName(QStringLiteral("panelHint"));
    hint->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(hint);
    m_filter->setObjectName(QStringLiteral("catalogPanelFilter"));
    m_filter->setPlaceholderText(tr("Filter models (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setProperty("localUndo", true);  // a filter, not the workspace: Ctrl+Z undoes its text
    layout->addWidget(m_filter);

    m_list->setObjectName(QStringLiteral("catalogPanelList"));
    m_list->setModel(m_model);
    m_list->setModelColumn(CatalogModel::IdColumn);
    m_list->setDragEnabled(true);
    m_list->setDragDropMode(QAbstractItemView::DragOnly);
    m_list->setDefaultDropAction(Qt::CopyAction);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setSpacing(2);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_list, 1);
    m_empty->setObjectName(QStringLiteral("panelHint"));
    m_empty->setWordWrap(true);
    m_empty->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    layout->addWidget(m_empty);

    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_model->setFilterFixedString(text);
        updateEmptyState();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &CatalogPanel::updateEmptyState);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &CatalogPanel::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &CatalogPanel::updateEmptyState);
    updateEmptyState();
}

QString CatalogPanel::selectedModelId() const {
    const QModelIndex current = m_list->currentIndex();
    return current.isValid() ? current.data(CatalogModel::ModelIdRole).toString() : QString();
}

void CatalogPanel::updateEmptyState() {
    const bool empty = m_model->rowCount() == 0;
    m_empty->setVisible(empty);
    if (!empty) return;
    m_empty->setText(m_filter->text().isEmpty() ? tr("The catalog is empty: add models on the Catalog page (Ctrl+7).")
                                                : tr("No model matches \u201c%1\u201d.").arg(m_filter->text()));
}

}  // namespace switchyard::ui
