#include "ui/models/requesttablemodel.h"

#include <QDateTime>
#include <QTimeZone>

#include "ui/models/displayformat.h"
#include "ui/widgets/dashboard/dashboardcharts.h"

namespace switchyard::ui {

RequestTableModel::RequestTableModel(QObject* parent) : QAbstractTableModel(parent) {}

int RequestTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int RequestTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString voteSummary(const core::RequestRow& row) {
    QStringList parts;
    if (row.votesWon > 0) parts << QObject::tr("%1 won").arg(row.votesWon);
    if (row.votesLost > 0) parts << QObject::tr("%1 lost").arg(row.votesLost);
    if (row.votesTied > 0) parts << QObject::tr("%n tie(s)", nullptr, static_cast<int>(row.votesTied));
    return parts.join(QStringLiteral(", "));
}

QVariant RequestTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount) return {};
    const core::RequestRow& r = m_rows[static_cast<size_t>(index.row())];
    if (role == RequestIdRole) return QVariant::fromValue<qint64>(r.requestId);
    if (role == RunIdRole) return QVariant::fromValue<qint64>(r.runId);
    const bool tooltip = role == Qt::ToolTipRole;
    if (role != Qt::DisplayRole && !tooltip) {
        if (role == Qt::TextAlignmentRole && (index.column() == Cost || index.column() == Checks))
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    }
    switch (static_cast<Column>(index.column())) {
        case Time:
            return QDateTime::fromMSecsSinceEpoch(r.createdAtMs, QTimeZone::utc())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        case Prompt: {
            const QString prompt = toQString(r.prompt);
            return tooltip ? prompt.left(2000) : prompt.simplified().left(300);
        }
        case Route:
            return toQString(r.route.label());
        case Rule:
            return toQString(r.rule);
        case Model:
            return toQString(r.model);
        case Cost:
            // "≈": a stream ended without its usage block; the tokens priced are the tokenizer's count.
            if (!r.usageEstimated) return exactUsd(r.cost);
            return tooltip ? QObject::tr(
                                 "%1 USD, usage estimated: a response streamed without its usage block, so "
                                 "its tokens were counted with the exact tokenizer and priced from that count")
                                 .arg(exactUsd(r.cost))
                           : QStringLiteral("\u2248 ") + exactUsd(r.cost);
        case Checks:
            return r.checksTotal == 0 ? QString() : QObject::tr("%1 of %2").arg(r.checksPassed).arg(r.checksTotal);
        case Vote:
            return voteSummary(r);
        case ColumnCount:
            break;
    }
    return {};
}

QVariant RequestTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
        case Time:
            return tr("Time (UTC)");
        case Prompt:
            return tr("Prompt");
        case Route:
            return tr("Route");
        case Rule:
            return tr("Decided by");
        case Model:
            return tr("Answered by");
        case Cost:
            return tr("Cost (USD)");
        case Checks:
            return tr("Checks passed");
        case Vote:
            return tr("Votes");
        default:
            return {};
    }
}

void RequestTableModel::setRows(std::vector<core::RequestRow> rows) {
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void RequestTableModel::appendRows(std::vector<core::RequestRow> rows) {
    if (rows.empty()) return;
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    for (auto& r : rows) m_rows.push_back(std::move(r));
    endInsertRows();
}

void RequestTableModel::clear() { setRows({}); }

}  // namespace switchyard::ui
