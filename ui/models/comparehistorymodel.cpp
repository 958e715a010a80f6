#include "ui/models/comparehistorymodel.h"

#include <QDateTime>
#include <QLocale>
#include <QStringList>

#include "ui/services/comparetarget.h"

namespace switchyard::ui {

CompareHistoryModel::CompareHistoryModel(QObject* parent) : QAbstractListModel(parent) {}

void CompareHistoryModel::setEntries(std::vector<core::CompareHistoryEntry> entries) {
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

void CompareHistoryModel::setMasked(bool masked) {
    if (masked == m_masked) return;
    m_masked = masked;
    if (!m_entries.empty()) emit dataChanged(index(0), index(rowCount() - 1));
}

int CompareHistoryModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

QString CompareHistoryModel::voteText(const core::CompareHistoryEntry& e) {
    if (!e.lastVote) return e.blind ? tr("blind, not voted") : tr("not voted");
    QString text;
    switch (*e.lastVote) {
        case core::VoteWinner::Left:
            text = e.blind ? tr("A better") : tr("left better");
            break;
        case core::VoteWinner::Right:
            text = e.blind ? tr("B better") : tr("right better");
            break;
        case core::VoteWinner::Tie:
            text = tr("tie");
            break;
        case core::VoteWinner::BothBad:
            text = tr("both bad");
            break;
    }
    return e.votes > 1 ? tr("%1 (%n votes)", nullptr, e.votes).arg(text) : text;
}

QString CompareHistoryModel::summary(const core::CompareHistoryEntry& e) const {
    QStringList parts;
    if (m_masked) {
        parts << tr("%n answer(s), names hidden until the vote", nullptr, static_cast<int>(e.models.size()));
    } else {
        // Each column as it was named, with the model that answered when the policy or a tier
        // chose it: "The policy → gpt-4.1-mini vs claude-sonnet-4-5".
        QStringList columns;
        for (size_t i = 0; i < e.models.size(); ++i) {
            const QString model = QString::fromStdString(e.models[i]);
            const auto target =
                i < e.targets.size() ? CompareTarget::fromKey(QString::fromStdString(e.targets[i])) : std::nullopt;
            columns << (target && target->kind != CompareTarget::Kind::Model ? tr("%1 → %2").arg(target->label(), model)
                                                                             : model);
        }
        parts << columns.join(tr(" vs "));
        parts << voteText(e);
    }
    if (e.simulated) parts << tr("Simulated");
    if (e.status == core::RunStatus::Cancelled) parts << tr("cancelled");
    parts << QLocale().toString(QDateTime::fromMSecsSinceEpoch(e.startedAtMs), QStringLiteral("d MMM yyyy HH:mm"));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QVariant CompareHistoryModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const core::CompareHistoryEntry& e = m_entries[static_cast<size_t>(index.row())];
    const QString prompt = QString::fromStdString(e.prompt).simplified();
    switch (role) {
        case Qt::DisplayRole:
            return prompt + QLatin1Char('\n') + summary(e);
        case Qt::ToolTipRole:
            return prompt;
        case Qt::AccessibleTextRole:
            return prompt + QStringLiteral(". ") + summary(e);
        case RunIdRole:
            return QVariant::fromValue<qlonglong>(e.runId);
        case PromptRole:
            return prompt;
        case SummaryRole:
            return summary(e);
        default:
            return {};
    }
}

}  // namespace switchyard::ui
