#pragma once
// What one edit of the workspace changed, precisely enough for a model to emit row signals
// (beginMoveRows, beginInsertRows, dataChanged) instead of resetting. The document announces
// each change twice: aboutToChange before the mutation (models call begin*Rows there) and
// changed after it (models call end*Rows, views refresh their numbers).
//
// Indices name positions in the workspace's vectors *before* the change for removals and
// moves, and *after* it for insertions: the same convention as QAbstractItemModel's
// beginRemoveRows / beginInsertRows / beginMoveRows. For a move, `toRow` is the destination
// child as beginMoveRows takes it (the row the item is inserted before, counted before the
// removal).

#include <QFlags>
#include <QMetaType>

namespace switchyard::ui {

// The parts of a workspace a change may touch; a listener filters on these first.
enum class WorkspaceField : unsigned {
    Identity = 1u << 0,  // name, description
    Catalog = 1u << 1,
    Providers = 1u << 2,
    Tiers = 1u << 3,
    Policy = 1u << 4,
    Datasets = 1u << 5,
    Simulation = 1u << 6,  // sample log, monthly volume, carry-over, run database
    All = 0x7fu,
};
Q_DECLARE_FLAGS(WorkspaceFields, WorkspaceField)
Q_DECLARE_OPERATORS_FOR_FLAGS(WorkspaceFields)

struct WorkspaceChange {
    enum class Kind {
        Reset,          // a whole new workspace (open, new, a multi-part edit): models reset
        Fields,         // something within `fields` changed; no finer position is known
        TierInserted,   // tier `tier`
        TierRemoved,    // tier `tier`
        TierMoved,      // tier `tier` to before `toTier`
        TierChanged,    // tier `tier`: its name or description
        SlotInserted,   // model slot `row` of tier `tier` (0 = primary)
        SlotRemoved,    // model slot `row` of tier `tier`
        SlotMoved,      // slot `row` of tier `tier` to before slot `toRow` of tier `toTier`
        SlotChanged,    // slot `row` of tier `tier` now names another model
        RuleInserted,   // rule `row`
        RuleRemoved,    // rule `row`
        RuleMoved,      // rule `row` to before `toRow`
        RuleChanged,    // rule `row`
        ModelInserted,  // catalog model `row`
        ModelRemoved,   // catalog model `row`
        ModelChanged,   // catalog model `row`
        ProviderInserted,
        ProviderRemoved,
        ProviderChanged,
    };

    Kind kind = Kind::Reset;
    WorkspaceFields fields = WorkspaceField::All;
    int tier = -1;
    int row = -1;
    int toTier = -1;
    int toRow = -1;

    static WorkspaceChange reset() { return {}; }
    static WorkspaceChange of(WorkspaceFields fields) { return {Kind::Fields, fields}; }

    // The change that takes this one back (an insertion's inverse is a removal of the same
    // position; a move's inverse moves the item back).
    [[nodiscard]] WorkspaceChange inverse() const;
    [[nodiscard]] bool touches(WorkspaceFields f) const { return (fields & f) != 0; }
    bool operator==(const WorkspaceChange&) const = default;
};

}  // namespace switchyard::ui

Q_DECLARE_METATYPE(switchyard::ui::WorkspaceFields)
Q_DECLARE_METATYPE(switchyard::ui::WorkspaceChange)
