#pragma once
// The workspace's tiers as a two-level tree: each top-level row is a tier (cheapest first),
// its children are the models it tries in order: row 0 the primary, then the fallbacks.
// The tier board shows each tier's children as a column of cards; the drag-drop editing of
// the Workbench GUI will move and insert these child rows.

#include <QAbstractItemModel>

namespace switchyard::core {
struct Model;
struct Tier;
}  // namespace switchyard::core

namespace switchyard::ui {

class WorkspaceDocument;
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
        CachedInputPriceRole,           // "$0.075" or an em dash
        ContextWindowRole,              // "128K"
    };

    explicit TierModel(WorkspaceDocument* document, QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    enum class Pending { None, Insert, Remove, Move, Reset };
    void beginChange(const WorkspaceChange& change);
    void endChange(const WorkspaceChange& change);
    [[nodiscard]] const core::Tier& tierAt(int row) const;
    [[nodiscard]] QVariant tierData(const core::Tier& tier, int column, int role) const;
    [[nodiscard]] QVariant slotData(const core::Tier& tier, int slot, int column, int role) const;
    [[nodiscard]] const core::Model* catalogModel(const std::string& id) const;

    WorkspaceDocument* m_document;
    Pending m_pending = Pending::None;
};

}  // namespace switchyard::ui
