#include "ui/models/tiermodel.h"

#include <QMimeData>
#include <QStringList>
#include <utility>

#include "core/policy/contextreach.h"
#include "core/workspace/workspaceedits.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/models/modeldrag.h"

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
    QStringList lines{
        QStringLiteral("%1 (%2), %3").arg(toQString(model.name), toQString(model.id), toQString(model.provider)),
        TierModel::tr("Per 1M tokens: %1 input, %2 output, %3 cached input")
            .arg(formatPrice(prices.input), formatPrice(prices.output), formatOptionalPrice(prices.cacheRead)),
        TierModel::tr("Context %1, max output %2")
            .arg(formatTokenCount(model.contextWindow), formatTokenCount(model.maxOutput))};
    if (!model.priceDate.empty()) lines << TierModel::tr("Prices read %1").arg(toQString(model.priceDate));
    return lines.join(u'\n');
}
}  // namespace

TierModel::TierModel(WorkspaceDocument* document, QObject* parent) : QAbstractItemModel(parent), m_document(document) {
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
        case Pending::Insert:
            endInsertRows();
            break;
        case Pending::Remove:
            endRemoveRows();
            break;
        case Pending::Move:
            endMoveRows();
            break;
        case Pending::Reset:
            endResetModel();
            return;
        case Pending::None:
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
            break;
    }
    // A rule, a context window or a card can change which tiers warn about context length. A
    // rename or description cannot (a rename follows every reference), and its row's
    // dataChanged above covers the tier.
    if (change.kind != Kind::TierChanged && rowCount() > 0 &&
        change.touches(WorkspaceFields(WorkspaceField::Policy) | WorkspaceField::Catalog | WorkspaceField::Tiers))
        emit dataChanged(index(0, 0), index(rowCount() - 1, 0), {ContextWarningRole});
    // Card rows renumber their slot badges after an insertion, removal or move.
    if (pending == Pending::Insert || pending == Pending::Remove || pending == Pending::Move) {
        for (int tierRow : {change.tier, change.toTier}) {
            if (tierRow < 0 || tierRow >= rowCount()) continue;
            const QModelIndex tier = index(tierRow, 0);
            if (rowCount(tier) > 0)
                emit dataChanged(index(0, 0, tier), index(rowCount(tier) - 1, ColumnCount - 1, tier), {SlotRole});
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
        case Qt::DisplayRole:
            return column == NameColumn ? toQString(tier.name) : QVariant();
        case Qt::ToolTipRole:
            return toQString(tier.description);
        case IsTierRole:
            return true;
        case TierNameRole:
            return toQString(tier.name);
        case TierDescriptionRole:
            return toQString(tier.description);
        case ContextWarningRole:
            return tierWarning(m_document->workspace().tierIndex(tier.name));
        default:
            return {};
    }
}

QString TierModel::tierWarning(int row) const {
    const core::Workspace& ws = m_document->workspace();
    for (const auto& warning : core::tierContextWarnings(ws))
        if (warning.tier == row) return toQString(core::describeContextWarning(ws, warning));
    return {};
}

QModelIndex TierModel::slotIndex(int tier, int slot) const { return index(slot, 0, index(tier, 0)); }

Qt::ItemFlags TierModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags flags = QAbstractItemModel::flags(index);
    if (!index.isValid()) return flags;
    if (index.internalId() == kTierLevel) return flags | Qt::ItemIsDropEnabled;
    // Cards drag; only the primary takes drops on itself ("make primary"), between the others a
    // drop inserts.
    flags |= Qt::ItemIsDragEnabled | Qt::ItemNeverHasChildren;
    if (index.row() == 0) flags |= Qt::ItemIsDropEnabled;
    return flags;
}

QStringList TierModel::mimeTypes() const { return {kModelDragMimeType}; }

QMimeData* TierModel::mimeData(const QModelIndexList& indexes) const {
    for (const QModelIndex& index : indexes) {
        if (!index.isValid() || index.internalId() == kTierLevel) continue;
        const int tier = static_cast<int>(index.internalId() - 1);
        return encodeModelDrag({toQString(slotModelId(tierAt(tier), index.row())), tier, index.row()});
    }
    return nullptr;
}

// Where a drop lands: a row under a tier is an insertion slot (-1: after the last card); a drop
// on a card takes that card's slot. A card moved within its tier gets a beginMoveRows
// destination, so a card dropped on one below it lands after it, in its place.
bool TierModel::resolveDrop(const ModelDrag& drag, int row, const QModelIndex& parent, int* tier, int* slot) const {
    if (!parent.isValid()) return false;
    const bool onCard = parent.internalId() != kTierLevel;
    *tier = onCard ? static_cast<int>(parent.internalId() - 1) : parent.row();
    if (*tier < 0 || *tier >= rowCount()) return false;
    const int cards = slotCount(tierAt(*tier));
    if (onCard) {
        *slot = parent.row();
        if (!drag.fromCatalog() && drag.fromTier == *tier && *slot > drag.fromSlot) ++*slot;
    } else {
        *slot = row < 0 || row > cards ? cards : row;
    }
    return true;
}

QString TierModel::dropRefusal(const QMimeData* data, int row, const QModelIndex& parent) const {
    const std::optional<ModelDrag> drag = decodeModelDrag(data);
    if (!drag) return tr("Only models can be dropped here.");
    int tier = -1;
    int slot = -1;
    if (!resolveDrop(*drag, row, parent, &tier, &slot)) return tr("Drop the model on a tier.");
    const QString key = QStringLiteral("%1/%2/%3/%4/%5/%6")
                            .arg(drag->modelId)
                            .arg(drag->fromTier)
                            .arg(drag->fromSlot)
                            .arg(tier)
                            .arg(slot)
                            .arg(m_document->revision());
    if (key == m_refusalKey) return m_refusal;
    // The same core edit the drop runs, on a copy: its verdict, in its words.
    core::Workspace copy = m_document->workspace();
    const core::Status status =
        drag->fromCatalog()
            ? core::insertTierModel(copy, static_cast<size_t>(tier), static_cast<size_t>(slot),
                                    drag->modelId.toStdString())
            : core::moveTierModel(copy, static_cast<size_t>(drag->fromTier), static_cast<size_t>(drag->fromSlot),
                                  static_cast<size_t>(tier), static_cast<size_t>(slot));
    m_refusalKey = key;
    m_refusal = status ? QString() : toQString(status.problems().front().message);
    return m_refusal;
}

bool TierModel::canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int,
                                const QModelIndex& parent) const {
    if (!m_commands || (action != Qt::CopyAction && action != Qt::MoveAction)) return false;
    return dropRefusal(data, row, parent).isEmpty();
}

bool TierModel::dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                             const QModelIndex& parent) {
    if (!canDropMimeData(data, action, row, column, parent)) return false;
    const ModelDrag drag = *decodeModelDrag(data);
    int tier = -1;
    int slot = -1;
    if (!resolveDrop(drag, row, parent, &tier, &slot)) return false;
    const core::Status status = drag.fromCatalog() ? m_commands->addModelToTier(tier, slot, drag.modelId.toStdString())
                                                   : m_commands->moveModel(drag.fromTier, drag.fromSlot, tier, slot);
    return status.ok();
}

QVariant TierModel::slotData(const core::Tier& tier, int slot, int column, int role) const {
    const std::string& id = slotModelId(tier, slot);
    const core::Model* model = catalogModel(id);
    switch (role) {
        case Qt::DisplayRole:
            switch (column) {
                case NameColumn:
                    return model ? toQString(model->name) : toQString(id);
                case ModelIdColumn:
                    return toQString(id);
                case ProviderColumn:
                    return model ? toQString(model->provider) : QVariant();
                case InputColumn:
                    return model ? formatPrice(model->prices.input) : QVariant();
                case OutputColumn:
                    return model ? formatPrice(model->prices.output) : QVariant();
                default:
                    return {};
            }
        case Qt::ToolTipRole:
            return model ? cardToolTip(*model) : tr("%1 is not in the workspace's catalog").arg(toQString(id));
        case Qt::TextAlignmentRole:
            if (column == InputColumn || column == OutputColumn)
                return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
            return {};
        case IsTierRole:
            return false;
        case TierNameRole:
            return toQString(tier.name);
        case ModelIdRole:
            return toQString(id);
        case ModelNameRole:
            return model && !model->name.empty() ? toQString(model->name) : toQString(id);
        case ProviderRole:
            return model ? toQString(model->provider) : QString();
        case SlotRole:
            return slot;
        case InCatalogRole:
            return model != nullptr;
        case InputPriceRole:
            return model ? formatPrice(model->prices.input) : QString();
        case OutputPriceRole:
            return model ? formatPrice(model->prices.output) : QString();
        case CachedInputPriceRole:
            return model ? formatOptionalPrice(model->prices.cacheRead) : QString();
        case ContextWindowRole:
            return model ? formatTokenCount(model->contextWindow) : QString();
        default:
            return {};
    }
}

QVariant TierModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case NameColumn:
            return tr("Tier / model");
        case ModelIdColumn:
            return tr("Model id");
        case ProviderColumn:
            return tr("Provider");
        case InputColumn:
            return tr("Input /1M");
        case OutputColumn:
            return tr("Output /1M");
        default:
            return {};
    }
}

}  // namespace switchyard::ui
