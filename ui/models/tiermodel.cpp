#include "ui/models/tiermodel.h"

#include <QStringList>

#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {
// internalId of an index: 0 for a tier row, tier row + 1 for a model row under that tier.
constexpr quintptr kTierLevel = 0;

int slotCount(const core::Tier& tier) { return 1 + static_cast<int>(tier.fallbacks.size()); }

const std::string& slotModelId(const core::Tier& tier, int slot) {
    return slot == 0 ? tier.primary : tier.fallbacks.at(static_cast<size_t>(slot - 1));
}
QString cardToolTip(const core::Model& model) {
    const auto& prices = model.prices;
    QStringList lines{QStringLiteral("%1 (%2), %3").arg(toQString(model.name), toQString(model.id), toQString(model.provider)),
                      TierModel::tr("Per 1M tokens: %1 input, %2 output, %3 cached input")
                          .arg(formatPrice(prices.input), formatPrice(prices.output), formatOptionalPrice(prices.cacheRead)),
                      TierModel::tr("Context %1, max output %2")
                          .arg(formatTokenCount(model.contextWindow), formatTokenCount(model.maxOutput))};
    if (!model.priceDate.empty()) lines << TierModel::tr("Prices read %1").arg(toQString(model.priceDate));
    return lines.join(u'\n');
}
}  // namespace

TierModel::TierModel(WorkspaceDocument* document, QObject* parent)
    : QAbstractItemModel(parent), m_document(document) {
    connect(m_document, &WorkspaceDocument::changed, this, [this](WorkspaceFields fields) {
        if (!(fields & (WorkspaceFields(WorkspaceField::Tiers) | WorkspaceField::Catalog))) return;
        beginResetModel();
        endResetModel();
    });
}

const core::Tier& TierModel::tierAt(int row) const {
    return m_document->workspace().tiers.at(static_cast<size_t>(row));
}

const core::Model* TierModel::catalogModel(const std::string& id) const {
    return m_document->workspace().catalog.find(id);
}

QModelIndex TierModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    if (!parent.isValid()) return createIndex(row, column, kTierLevel);
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex TierModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == kTierLevel) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kTierLevel);
}

int TierModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return static_cast<int>(m_document->workspace().tiers.size());
    if (parent.internalId() != kTierLevel || parent.column() != 0) return 0;
    return slotCount(tierAt(parent.row()));
}

int TierModel::columnCount(const QModelIndex&) const { return ColumnCount; }

QVariant TierModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    if (index.internalId() == kTierLevel) return tierData(tierAt(index.row()), index.column(), role);
    return slotData(tierAt(static_cast<int>(index.internalId() - 1)), index.row(), index.column(), role);
}

QVariant TierModel::tierData(const core::Tier& tier, int column, int role) const {
    switch (role) {
    case Qt::DisplayRole: return column == NameColumn ? toQString(tier.name) : QVariant();
    case Qt::ToolTipRole: return toQString(tier.description);
    case IsTierRole: return true;
    case TierNameRole: return toQString(tier.name);
    case TierDescriptionRole: return toQString(tier.description);
    default: return {};
    }
}

QVariant TierModel::slotData(const core::Tier& tier, int slot, int column, int role) const {
    const std::string& id = slotModelId(tier, slot);
    const core::Model* model = catalogModel(id);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn: return model ? toQString(model->name) : toQString(id);
        case ModelIdColumn: return toQString(id);
        case ProviderColumn: return model ? toQString(model->provider) : QVariant();
        case InputColumn: return model ? formatPrice(model->prices.input) : QVariant();
        case OutputColumn: return model ? formatPrice(model->prices.output) : QVariant();
        default: return {};
        }
    case Qt::ToolTipRole: return model ? cardToolTip(*model) : tr("%1 is not in the workspace's catalog").arg(toQString(id));
    case Qt::TextAlignmentRole:
        if (column == InputColumn || column == OutputColumn) return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case IsTierRole: return false;
    case TierNameRole: return toQString(tier.name);
    case ModelIdRole: return toQString(id);
    case ModelNameRole: return model && !model->name.empty() ? toQString(model->name) : toQString(id);
    case ProviderRole: return model ? toQString(model->provider) : QString();
    case SlotRole: return slot;
    case InCatalogRole: return model != nullptr;
    case InputPriceRole: return model ? formatPrice(model->prices.input) : QString();
    case OutputPriceRole: return model ? formatPrice(model->prices.output) : QString();
    case CachedInputPriceRole: return model ? formatOptionalPrice(model->prices.cacheRead) : QString();
    case ContextWindowRole: return model ? formatTokenCount(model->contextWindow) : QString();
    default: return {};
    }
}

QVariant TierModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn: return tr("Tier / model");
    case ModelIdColumn: return tr("Model id");
    case ProviderColumn: return tr("Provider");
    case InputColumn: return tr("Input /1M");
    case OutputColumn: return tr("Output /1M");
    default: return {};
    }
}

}  // namespace switchyard::ui
