#include "ui/models/simulationroutemodel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <algorithm>

#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

SimulationRouteModel::SimulationRouteModel(WorkspaceDocument* document, WorkspaceCommands* commands, QObject* parent)
    : QAbstractTableModel(parent), m_document(document), m_commands(commands) {
    // Budgets come from the workspace: undo, redo or Settings change them too.
    connect(m_document, &WorkspaceDocument::changed, this, [this](const WorkspaceChange& change) {
        if (change.touches(WorkspaceField::Simulation)) budgetsChanged();
    });
}

void SimulationRouteModel::setResult(const core::SimulationReport& report, const core::CostProjection& projection) {
    std::vector<Row> rows;
    for (const auto& r : report.routes) {
        Row row{r, {}};
        for (const auto& line : projection.routes)
            if (line.key == r.route) row.monthly = line.monthlyCost;
        rows.push_back(std::move(row));
    }
    // The same routes in the same order (a lever or volume edit): new numbers, no reset, so the
    // selection and an open budget editor stay.
    const bool sameRoutes = rows.size() == m_rows.size() &&
                            std::equal(rows.begin(), rows.end(), m_rows.begin(),
                                       [](const Row& a, const Row& b) { return a.totals.route == b.totals.route; });
    if (sameRoutes && !rows.empty()) {
        m_rows = std::move(rows);
        m_requests = report.requests;
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    m_requests = report.requests;
    endResetModel();
}

void SimulationRouteModel::clear() {
    beginResetModel();
    m_rows.clear();
    m_requests = 0;
    endResetModel();
}

std::optional<core::Money> SimulationRouteModel::budgetOf(const std::string& route) const {
    const auto& budgets = m_document->workspace().simulation.routeBudgets;
    const auto it = budgets.find(route);
    return it == budgets.end() ? std::nullopt : std::optional<core::Money>(it->second);
}

bool SimulationRouteModel::overBudget(const Row& row) const {
    const auto budget = budgetOf(row.totals.route);
    return budget && row.monthly > *budget;
}

QStringList SimulationRouteModel::overBudgetRoutes() const {
    QStringList routes;
    for (const auto& row : m_rows)
        if (overBudget(row)) routes << toQString(row.totals.route);
    return routes;
}

void SimulationRouteModel::budgetsChanged() {
    if (!m_rows.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int SimulationRouteModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SimulationRouteModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant SimulationRouteModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const Row& row = m_rows[static_cast<size_t>(index.row())];
    const core::RouteTotals& t = row.totals;
    const double share = m_requests > 0 ? static_cast<double>(t.requests) / static_cast<double>(m_requests) : 0;
    const auto budget = budgetOf(t.route);
    const QLocale english(QLocale::English);
    if (role == OverBudgetRole) return overBudget(row);
    if (role == ValueRole) {
        switch (index.column()) {
            case Route:
                return toQString(t.route);
            case Requests:
                return static_cast<qlonglong>(t.requests);
            case Share:
                return share;
            case Tokens:
                return static_cast<qlonglong>(t.inputTokens + t.outputTokens);
            case Cost:
                return t.cost.usd();
            case Savings:
                return (t.baselineCost - t.cost).usd();
            case CascadeCalls:
                return static_cast<qlonglong>(t.cascadeExtraCalls);
            case Monthly:
                return row.monthly.usd();
            case Budget:
                return budget ? QVariant(budget->usd()) : QVariant();
            default:
                return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Route:
                return toQString(t.route);
            case Requests:
                return english.toString(static_cast<qlonglong>(t.requests));
            case Share:
                return formatShare(share);
            case Tokens:
                return tr("%1 / %2").arg(formatTokenCount(t.inputTokens), formatTokenCount(t.outputTokens));
            case Cost:
                return formatUsd(t.cost.usd());
            case Savings:
                return formatUsd((t.baselineCost - t.cost).usd());
            case CascadeCalls:
                return english.toString(static_cast<qlonglong>(t.cascadeExtraCalls));
            case Monthly:
                return formatUsd(row.monthly.usd());
            case Budget:
                return budget ? (overBudget(row) ? tr("%1 \u26a0 over").arg(formatUsd(budget->usd()))
                                                 : formatUsd(budget->usd()))
                              : tr("none");
            default:
                return {};
        }
    }
    if (role == Qt::EditRole && index.column() == Budget)
        return budget ? toQString(budget->toExactString()) : QString();
    if (role == Qt::TextAlignmentRole && index.column() != Route)
        return QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    if (role == Qt::ForegroundRole && index.column() == Budget) {
        if (overBudget(row)) return QBrush(QColor(0xb3, 0x26, 0x1e));
        if (!budget) return QBrush(QColor(0x80, 0x80, 0x80));
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == Route) return toQString(t.route);  // whole, when the column elides it
        if (index.column() == Tokens)
            return tr("%1 input and %2 output tokens")
                .arg(english.toString(static_cast<qlonglong>(t.inputTokens)),
                     english.toString(static_cast<qlonglong>(t.outputTokens)));
        if (index.column() == Budget)
            return overBudget(row) ? tr("Projected %1 a month is above the budget of %2 (double-click to edit)")
                                         .arg(formatUsd(row.monthly.usd()), formatUsd(budget->usd()))
                                   : tr("Monthly budget for this route, in USD (double-click to edit; empty: none)");
        if (index.column() == CascadeCalls)
            return tr("Calls to a higher tier after an answer failed the cascade's checks (%1)")
                .arg(formatUsd(t.cascadeExtraCost.usd()));
        if (index.column() == Savings)
            return tr("The same requests at the baseline model cost %1").arg(formatUsd(t.baselineCost.usd()));
    }
    return {};
}

QVariant SimulationRouteModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(
            Qt::Alignment((section == Route ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter));
    // Two-line titles: the table's columns are as narrow as their numbers, so it fits beside the
    // payback panel at 1440 px without scrolling sideways.
    if (role == Qt::DisplayRole) {
        switch (section) {
            case Route:
                return tr("Route");
            case Requests:
                return tr("Requests");
            case Share:
                return tr("Share");
            case Tokens:
                return tr("Tokens\nin / out");
            case Cost:
                return tr("Cost");
            case Savings:
                return tr("Savings");
            case CascadeCalls:
                return tr("Cascade\ncalls");
            case Monthly:
                return tr("Per\nmonth");
            case Budget:
                return tr("Budget\n/ month");
            default:
                return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case Route:
                return tr("Tier / model: the tier the policy chose and the model that answered");
            case Requests:
                return tr("Requests of the log sent along this route");
            case Share:
                return tr("Share of the log's requests");
            case Tokens:
                return tr("Input and output tokens of those requests");
            case Cost:
                return tr("What those requests cost along this route, in USD, before the levers");
            case Savings:
                return tr("The same requests at the baseline model, less this cost, in USD");
            case CascadeCalls:
                return tr("Calls to a higher tier after an answer failed the cascade's checks");
            case Monthly:
                return tr("Projected spend a month at the stated monthly volume, in USD");
            case Budget:
                return tr("Monthly budget for the route, in USD (double-click a cell to edit)");
            default:
                return {};
        }
    }
    return {};
}

Qt::ItemFlags SimulationRouteModel::flags(const QModelIndex& index) const {
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == Budget) f |= Qt::ItemIsEditable;
    return f;
}

bool SimulationRouteModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != Qt::EditRole || !index.isValid() || index.column() != Budget || index.row() >= rowCount()) return false;
    const std::string route = m_rows[static_cast<size_t>(index.row())].totals.route;
    QString text = value.toString().trimmed();
    if (text.startsWith(QLatin1Char('$'))) text.remove(0, 1);
    text.remove(QLatin1Char(','));
    core::SimulationSettings settings = m_document->workspace().simulation;
    if (text.isEmpty()) {
        if (!settings.routeBudgets.erase(route)) return false;
    } else {
        const auto amount = core::Money::parseUsd(text.toStdString());
        if (!amount || *amount < core::Money{}) return false;
        if (const auto it = settings.routeBudgets.find(route);
            it != settings.routeBudgets.end() && it->second == *amount)
            return false;
        settings.routeBudgets[route] = *amount;
    }
    return m_commands->setSimulationSettings(std::move(settings)).ok();
}

}  // namespace switchyard::ui
