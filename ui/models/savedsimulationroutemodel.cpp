#include "ui/models/savedsimulationroutemodel.h"

#include <QLocale>

#include "ui/models/displayformat.h"
#include "ui/widgets/dashboard/dashboardcharts.h"

namespace switchyard::ui {

SavedSimulationRouteModel::SavedSimulationRouteModel(QObject* parent) : QAbstractTableModel(parent) {}

int SavedSimulationRouteModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SavedSimulationRouteModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SavedSimulationRouteModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const core::SimulationRouteRow& r = m_rows[static_cast<size_t>(index.row())];
    if (role == Qt::TextAlignmentRole)
        return index.column() == Route ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                       : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    const QLocale english(QLocale::English);
    switch (static_cast<Column>(index.column())) {
        case Route:
            return toQString(r.route);
        case Requests:
            return english.toString(static_cast<qlonglong>(r.requests));
        case Share:
            return percent(r.share);
        case TokensIn:
            return english.toString(static_cast<qlonglong>(r.tokensIn));
        case TokensOut:
            return english.toString(static_cast<qlonglong>(r.tokensOut));
        case Cost:
            return exactUsd(r.cost);
        case Baseline:
            return exactUsd(r.baselineCost);
        case Savings:
            return exactUsd(r.savings);
        case ColumnCount:
            break;
    }
    return {};
}

QVariant SavedSimulationRouteModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case Route:
            return tr("Route");
        case Requests:
            return tr("Requests");
        case Share:
            return tr("Share");
        case TokensIn:
            return tr("Tokens in");
        case TokensOut:
            return tr("Tokens out");
        case Cost:
            return tr("Cost (USD)");
        case Baseline:
            return tr("Baseline cost (USD)");
        case Savings:
            return tr("Savings (USD)");
        default:
            break;
    }
    return {};
}

void SavedSimulationRouteModel::setRows(std::vector<core::SimulationRouteRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void SavedSimulationRouteModel::clear() { setRows({}); }

}  // namespace switchyard::ui
