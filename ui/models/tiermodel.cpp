#include "ui/models/tiermodel.h"

#include <QStringList>
#include <utility>

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
    connect(m_document, &WorkspaceDocument::aboutToChange, this, &TierModel::beginChange);
    connect(m_document, &WorkspaceDocument::changed, this, &TierModel::endChange);
}

// Tier-level structure changes (a tier added, removed or moved) reset the model: a model row's
// internal id names its tier's row, so moving a tier would leave the persistent indexes of its
// cards pointing at another tier. They are rare and the board rebuilds its columns for them
// anyway. Card edits, the frequent ones, emit exact row signals and keep selection and scroll.
void TierModel::beginChange(const WorkspaceChange& change) {
    using Kind = WorkspaceChange::Kind;
    m_pending = Pending::None;
    switch (change.kind) {
    case Kind::SlotInserted:
        beginInsertRows(index(change.tier, 0), change.row, change.row);
        m_pending = Pending::Insert;
        return;
    case Kind::SlotRemoved:
        beginRemoveRows(index(change.tier, 0), change.row, change.row);
        m_pending = Pending::Remove;
        return;
    case Kind::SlotMoved:
        if (beginMoveRows(index(change.tier, 0), change.row, change.row, index(change.toTier, 0), change.toRow))
            m_pending = Pending::Move;
        return;
    case Kind::TierChanged:
    case Kind::SlotChanged:
        return;
    default:
        if (change.touches(WorkspaceField::Tiers)) {
            beginResetModel();
            m_pending = Pending::Reset;
        }
        return;
    }
}

void TierModel::endChange(const WorkspaceChange& change) {
    using Kind = WorkspaceChange::Kind;
    const Pending pending = std::exchange(m_pending, Pending::None);
    switch (pending) {
    case Pending::Insert: endInsertRows(); return;
    case Pending::Remove: endRemoveRows(); return;
    case Pending::Move: endMoveRows(); return;
    case Pending::Reset: endResetModel(); return;
    case Pending::None: break;
    }
    if (change.kind == Kind::TierChanged) {
        emit dataChanged(index(change.tier, 0), index(change.tier, ColumnCount - 1));
    } else if (change.kind == Kind::SlotChanged) {
        const QModelIndex tier = index(change.tier, 0);
        emit dataChanged(index(change.row, 0, tier), index(change.row, ColumnCount - 1, tier));
    } else if (change.touches(WorkspaceField::Catalog)) {
        // Names and prices on the cards may have changed.
        for (int row = 0; row < rowCount(); ++row) {
            const QModelIndex tier = index(row, 0);
            const int cards = rowCount(tier);
            if (cards > 0) emit dataChanged(index(0, 0, tier), index(cards - 1, ColumnCount - 1, tier));
        }
    }
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
