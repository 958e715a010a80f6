#include "ui/document/workspacechange.h"

namespace switchyard::ui {

namespace {

// Where an item moved by beginMoveRows(source row `from`, destination `to`) ends up, when source
// and destination share a parent: the destination counts rows before the removal.
int landedRow(int from, int to) { return to > from ? to - 1 : to; }

// The beginMoveRows destination that moves the item now at `at` back to row `original`.
int destinationBack(int at, int original) { return original > at ? original + 1 : original; }

}  // namespace

WorkspaceChange WorkspaceChange::inverse() const {
    WorkspaceChange back = *this;
    switch (kind) {
        case Kind::TierInserted:
            back.kind = Kind::TierRemoved;
            break;
        case Kind::TierRemoved:
            back.kind = Kind::TierInserted;
            break;
        case Kind::SlotInserted:
            back.kind = Kind::SlotRemoved;
            break;
        case Kind::SlotRemoved:
            back.kind = Kind::SlotInserted;
            break;
        case Kind::RuleInserted:
            back.kind = Kind::RuleRemoved;
            break;
        case Kind::RuleRemoved:
            back.kind = Kind::RuleInserted;
            break;
        case Kind::ModelInserted:
            back.kind = Kind::ModelRemoved;
            break;
        case Kind::ModelRemoved:
            back.kind = Kind::ModelInserted;
            break;
        case Kind::ProviderInserted:
            back.kind = Kind::ProviderRemoved;
            break;
        case Kind::ProviderRemoved:
            back.kind = Kind::ProviderInserted;
            break;
        case Kind::TierMoved: {
            const int at = landedRow(tier, toTier);
            back.tier = at;
            back.toTier = destinationBack(at, tier);
            break;
        }
        case Kind::RuleMoved: {
            const int at = landedRow(row, toRow);
            back.row = at;
            back.toRow = destinationBack(at, row);
            break;
        }
        case Kind::SlotMoved: {
            if (tier == toTier) {
                const int at = landedRow(row, toRow);
                back.row = at;
                back.toRow = destinationBack(at, row);
            } else {
                back.tier = toTier;
                back.row = toRow;
                back.toTier = tier;
                back.toRow = row;
            }
            break;
        }
        default:
            break;
    }
    return back;
}

}  // namespace switchyard::ui
