#include "ui/models/evalresultmodel.h"

#include <QBrush>
#include <QColor>

#include "ui/models/displayformat.h"

namespace switchyard::ui {

QString countText(std::int64_t n, const QString& one, const QString& many) {
    return n == 1 ? one : many.arg(formatCount(n));
}

QString targetLabel(const QString& target) {
    if (target == QLatin1String("policy")) return QObject::tr("the policy");
    if (target.startsWith(QLatin1String("tier:"))) return QObject::tr("%1 (tier)").arg(target.mid(5));
    if (target.startsWith(QLatin1String("model:"))) return target.mid(6);
    return target;
}

EvalResultModel::EvalResultModel(QObject* parent) : QAbstractTableModel(parent) {}

void EvalResultModel::setAnswers(std::vector<core::EvalAnswer> answers) {
    beginResetModel();
    m_answers = std::move(answers);
    m_rows.clear();
    for (int i = 0; i < static_cast<int>(m_answers.size()); ++i)
        if (accepts(m_answers[static_cast<size_t>(i)])) m_rows.push_back(i);
    endResetModel();
}

void EvalResultModel::setFilter(const EvalResultFilter& filter) {
    m_filter = filter;
    refilter();
}

void EvalResultModel::refilter() {
    beginResetModel();
    m_rows.clear();
    for (int i = 0; i < static_cast<int>(m_answers.size()); ++i)
        if (accepts(m_answers[static_cast<size_t>(i)])) m_rows.push_back(i);
    endResetModel();
}

bool EvalResultModel::accepts(const core::EvalAnswer& a) const {
    if (!m_filter.target.isEmpty() && toQString(a.target) != m_filter.target) return false;
    if (m_filter.vote == EvalResultFilter::Vote::Voted && a.votes == 0) return false;
    if (m_filter.vote == EvalResultFilter::Vote::NotVoted && a.votes > 0) return false;
    switch (m_filter.check) {
        case EvalResultFilter::Check::Any:
            return true;
        case EvalResultFilter::Check::PassedAll:
            return a.passed;
        case EvalResultFilter::Check::FailedAny:
            return !a.passed;
        case EvalResultFilter::Check::Failed:
        case EvalResultFilter::Check::Passed: {
            const bool wantPassed = m_filter.check == EvalResultFilter::Check::Passed;
            for (const auto& c : a.checks)
                if (toQString(c.name) == m_filter.checkName) return c.passed == wantPassed;
            return false;
        }
    }
    return true;
}

const core::EvalAnswer& EvalResultModel::answerAt(int row) const {
    return m_answers.at(static_cast<size_t>(m_rows.at(static_cast<size_t>(row))));
}

int EvalResultModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int EvalResultModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

namespace {

QString resultText(const core::EvalAnswer& a) {
    if (!a.errorClass.empty()) return QObject::tr("no answer (%1)").arg(toQString(a.errorClass));
    for (const auto& c : a.checks)
        if (c.error) return QObject::tr("check error");
    return a.passed ? QObject::tr("passed") : QObject::tr("failed");
}

QString failedChecks(const core::EvalAnswer& a) {
    QStringList failed;
    for (const auto& c : a.checks)
        if (!c.passed) failed << toQString(c.name) + (c.error ? QObject::tr(" (error)") : QString());
    if (a.checks.empty()) return QObject::tr("no checks");
    return failed.isEmpty() ? countText(static_cast<std::int64_t>(a.checks.size()), QObject::tr("passed"),
                                        QObject::tr("all %1 passed"))
                            : failed.join(QStringLiteral(", "));
}

QString oneLine(const std::string& text) {
    QString s = toQString(text).simplified();
    return s.size() > 120 ? s.left(119) + QChar(0x2026) : s;
}

}  // namespace

QVariant EvalResultModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const core::EvalAnswer& a = answerAt(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Item:
                return toQString(a.itemKey);
            case Prompt:
                return oneLine(a.prompt);
            case Target:
                return targetLabel(toQString(a.target));
            case Model:
                return toQString(a.model);
            case Result:
                return resultText(a);
            case Checks:
                return failedChecks(a);
            case Cost:
                return toQString(a.cost.toDisplay());
            case Votes:
                return static_cast<qlonglong>(a.votes);
            default:
                return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Prompt) return toQString(a.prompt).left(2000);
    if (role == Qt::ToolTipRole && index.column() == Checks) {
        QStringList lines;
        for (const auto& c : a.checks)
            lines << QStringLiteral("%1: %2 \u2014 %3")
                         .arg(toQString(c.name),
                              c.error    ? tr("error")
                              : c.passed ? tr("passed")
                                         : tr("failed"),
                              toQString(c.detail));
        return lines.join(QLatin1Char('\n'));
    }
    if (role == Qt::ForegroundRole && index.column() == Result)
        return QBrush(a.passed ? QColor(0x1b, 0x6e, 0x3a) : QColor(0xb3, 0x26, 0x1e));
    if (role == Qt::TextAlignmentRole && (index.column() == Cost || index.column() == Votes))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant EvalResultModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case Item:
            return tr("Item");
        case Prompt:
            return tr("Prompt");
        case Target:
            return tr("Target");
        case Model:
            return tr("Answered by");
        case Result:
            return tr("Result");
        case Checks:
            return tr("Failed checks");
        case Cost:
            return tr("Cost");
        case Votes:
            return tr("Votes");
        default:
            return {};
    }
}

}  // namespace switchyard::ui
