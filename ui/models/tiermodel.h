#pragma once
// The workspace's tiers as a two-level tree: each top-level row is a tier (cheapest first),
// its children are the models it tries in order: row 0 the primary, then the fallbacks.
// The tier board shows each tier's children as a column of cards.
//
// Drag and drop: a card drags as a ModelDrag (ui/models/modeldrag.h) that names its tier and
// slot; the catalog panel drags the same type without them. A drop between cards (a row under a
// tier) puts the model at that slot, a drop on a card takes the card's place (on the primary:
// makes it primary), a drop on the tier itself appends it as the last fallback. Drops run
// through WorkspaceCommands (addModelToTier from the catalog, moveModel for a card) as one undo
// step; canDropMimeData runs the same core edit on a copy first, so a drop the edit would refuse
// is refused while hovering, and dropRefusal() says why in the edit's own words.

#include <QAbstractItemModel>

namespace switchyard::core {
struct Model;
struct Tier;
}  // namespace switchyard::core

namespace switchyard::ui {

class WorkspaceCommands;
class WorkspaceDocument;
struct ModelDrag;
struct WorkspaceChange;

class TierModel final : public QAbstractItemModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TierModel)

public:
    enum Column { NameColumn, ModelIdColumn, ProviderColumn, InputColumn, OutputColumn, ColumnCount };
    enum Role {
        IsTierRole = Qt::UserRole + 1,  // true on tier rows, false on model rows
        TierNameRole,                   // both levels
        TierDescriptionRole,            // tier rows
        ModelIdRole,                    // model rows
        ModelNameRole,                  // model rows: display name, or the id if not in the catalog
        ProviderRole,                   // model rows
        SlotRole,                       // model rows: 0 = primary, n = n-th fallback
        InCatalogRole,                  // model rows: false if the id is not in the catalog
        InputPriceRole,                 // model rows: "$0.15"
        OutputPriceRole,
        CachedInputPriceRole,  // "$0.075" or an em dash
        ContextWindowRole,     // "128K"
        ContextWarningRole,    // tier rows: why prompts can reach it that a model cannot hold, or empty
    };

    explicit TierModel(WorkspaceDocument* document, QObject* parent = nullptr);
    // Drops edit through these commands; without them the model takes no drops.
    void setCommands(WorkspaceCommands* commands) { m_commands = commands; }

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    Qt::ItemFlags flags(const QModelIndex& index) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::MoveAction; }
    Qt::DropActions supportedDropActions() const override { return Qt::CopyAction | Qt::MoveAction; }
    QStringList mimeTypes() const override;
    QMimeData* mimeData(const QModelIndexList& indexes) const override;
    bool canDropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                         const QModelIndex& parent) const override;
    bool dropMimeData(const QMimeData* data, Qt::DropAction action, int row, int column,
                      const QModelIndex& parent) override;
    // Why a drop there is refused ("tier "simple" already has small-a"), empty if it is not.
    [[nodiscard]] QString dropRefusal(const QMimeData* data, int row, const QModelIndex& parent) const;

    // The model row of `tier`'s slot, and the tier and slot of a model row.
    [[nodiscard]] QModelIndex slotIndex(int tier, int slot) const;

private:
    enum class Pending { None, Insert, Remove, Move, Reset };
    void beginChange(const WorkspaceChange& change);
    void endChange(const WorkspaceChange& change);
    [[nodiscard]] const core::Tier& tierAt(int row) const;
    [[nodiscard]] QVariant tierData(const core::Tier& tier, int column, int role) const;
    [[nodiscard]] QVariant slotData(const core::Tier& tier, int slot, int column, int role) const;
    [[nodiscard]] const core::Model* catalogModel(const std::string& id) const;
    [[nodiscard]] bool resolveDrop(const ModelDrag& drag, int row, const QModelIndex& parent, int* tier,
                                   int* slot) const;
    [[nodiscard]] QString tierWarning(int row) const;

    WorkspaceDocument* m_document;
    WorkspaceCommands* m_commands = nullptr;
    // The last hover's verdict: drag-move events repeat the same question many times a second.
    mutable QString m_refusalKey;
    mutable QString m_refusal;
    Pending m_pending = Pending::None;
};

}  // namespace switchyard::ui
