#include "ui/models/catalogmodel.h"

#include <QFont>
#include <utility>

#include "core/catalog/catalog.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

bool isNumeric(int column) {
    return column >= CatalogModel::InputColumn && column <= CatalogModel::MaxOutputColumn;
}

bool isExactTokenizer(const core::Model& model) { return model.tokenizer != "estimate" && !model.tokenizer.empty(); }

// Missing prices sort below every real price.
QVariant priceKey(const std::optional<core::Price>& price) {
    return price ? QVariant(static_cast<qlonglong>(price->nanoUsdPerMillion())) : QVariant(qlonglong{-1});
}

}  // namespace

CatalogModel::CatalogModel(WorkspaceDocument* document, QObject* parent)
    : QAbstractTableModel(parent), m_document(document) {
    connect(m_document, &WorkspaceDocument::aboutToChange, this, &CatalogModel::beginChange);
    connect(m_document, &WorkspaceDocument::changed, this, &CatalogModel::endChange);
}

void CatalogModel::beginChange(const WorkspaceChange& change) {
    using Kind = WorkspaceChange::Kind;
    m_pending = Pending::None;
    if (!change.touches(WorkspaceField::Catalog)) return;
    switch (change.kind) {
    case Kind::ModelInserted:
        beginInsertRows({}, change.row, change.row);
        m_pending = Pending::Insert;
        return;
    case Kind::ModelRemoved:
        beginRemoveRows({}, change.row, change.row);
        m_pending = Pending::Remove;
        return;
    case Kind::ModelChanged: return;
    default:
        beginResetModel();
        m_pending = Pending::Reset;
        return;
    }
}

void CatalogModel::endChange(const WorkspaceChange& change) {
    switch (std::exchange(m_pending, Pending::None)) {
    case Pending::Insert: endInsertRows(); return;
    case Pending::Remove: endRemoveRows(); return;
    case Pending::Reset: endResetModel(); return;
    case Pending::None: break;
    }
    if (change.kind == WorkspaceChange::Kind::ModelChanged && change.touches(WorkspaceField::Catalog))
        emit dataChanged(index(change.row, 0), index(change.row, ColumnCount - 1));
}

int CatalogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_document->workspace().catalog.size());
}

int CatalogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

const core::Model& CatalogModel::modelAt(int row) const {
    return m_document->workspace().catalog.models().at(static_cast<size_t>(row));
}

QVariant CatalogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const core::Model& model = modelAt(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(model, index.column());
    case Qt::ToolTipRole: return toolTip(model, index.column());
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(isNumeric(index.column()) ? Qt::AlignRight | Qt::AlignVCenter
                                                             : Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (index.column() == IdColumn) {
            QFont font;
            font.setWeight(QFont::DemiBold);
            return font;
        }
        return {};
    case SortRole: return sortKey(model, index.column());
    case SearchRole:
        return toQString(model.id + ' ' + model.name + ' ' + model.provider + ' ' + model.tokenizer);
    case ModelIdRole: return toQString(model.id);
    default: return {};
    }
}

QVariant CatalogModel::display(const core::Model& model, int column) const {
    const auto& prices = model.prices;
    switch (column) {
    case IdColumn: return toQString(model.id);
    case NameColumn: return toQString(model.name);
    case ProviderColumn: return toQString(model.provider);
    case InputColumn: return formatPrice(prices.input);
    case OutputColumn: return formatPrice(prices.output);
    case CachedInputColumn: return formatOptionalPrice(prices.cacheRead);
    case CacheWriteColumn: return formatOptionalPrice(prices.cacheWrite);
    case BatchDiscountColumn: return formatDiscount(prices.batch);
    case ContextColumn: return formatTokenCount(model.contextWindow);
    case MaxOutputColumn: return formatTokenCount(model.maxOutput);
    case TokenizerColumn:
        return isExactTokenizer(model) ? tr("exact") : tr("estimate");
    default: return {};
    }
}

QVariant CatalogModel::sortKey(const core::Model& model, int column) const {
    const auto& prices = model.prices;
    switch (column) {
    case InputColumn: return priceKey(prices.input);
    case OutputColumn: return priceKey(prices.output);
    case CachedInputColumn: return priceKey(prices.cacheRead);
    case CacheWriteColumn: return priceKey(prices.cacheWrite);
    case BatchDiscountColumn: return prices.batch.basisPoints;
    case ContextColumn: return static_cast<qlonglong>(model.contextWindow);
    case MaxOutputColumn: return static_cast<qlonglong>(model.maxOutput);
    default: return display(model, column).toString().toLower();
    }
}

QVariant CatalogModel::toolTip(const core::Model& model, int column) const {
    switch (column) {
    case InputColumn:
    case OutputColumn: {
        QStringList lines{tr("USD per 1M tokens, read %1").arg(toQString(model.priceDate))};
        for (const auto& tier : model.prices.longContext) {
            lines << tr("Above %1 input tokens: %2 in, %3 out")
                         .arg(formatTokenCount(tier.aboveInputTokens), formatPrice(tier.input), formatPrice(tier.output));
        }
        lines << toQString(model.source);
        return lines.join(u'\n');
    }
    case IdColumn:
    case NameColumn: return toQString(model.name);
    case CachedInputColumn: return tr("USD per 1M input tokens read from the prompt cache");
    case CacheWriteColumn: return tr("USD per 1M tokens written to the prompt cache");
    case BatchDiscountColumn: return tr("Discount of the provider's batch API");
    case TokenizerColumn:
        return isExactTokenizer(model) ? tr("Token counts are exact: %1").arg(toQString(model.tokenizer))
                                       : tr("Token counts are estimated: no public tokenizer");
    default: return {};
    }
}

QVariant CatalogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::TextAlignmentRole) {
        return QVariant::fromValue(isNumeric(section) ? Qt::AlignRight | Qt::AlignVCenter
                                                      : Qt::AlignLeft | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && section >= InputColumn && section <= CacheWriteColumn) {
        return tr("USD per 1M tokens");
    }
    if (role == Qt::ToolTipRole && section == TokenizerColumn) {
        return tr("Whether Switchyard counts this model's tokens exactly, and with which tokenizer");
    }
    if (role != Qt::DisplayRole) return {};
    switch (section) {
    case IdColumn: return tr("Model");
    case NameColumn: return tr("Name");
    case ProviderColumn: return tr("Provider");
    case InputColumn: return tr("Input");
    case OutputColumn: return tr("Output");
    case CachedInputColumn: return tr("Cached input");
    case CacheWriteColumn: return tr("Cache write");
    case BatchDiscountColumn: return tr("Batch");
    case ContextColumn: return tr("Context");
    case MaxOutputColumn: return tr("Max output");
    case TokenizerColumn: return tr("Token count");
    default: return {};
    }
}

}  // namespace switchyard::ui
