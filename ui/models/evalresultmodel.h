#pragma once
// The Evaluate page's results table: one row per (item, target) answer of an eval run, filtered
// by a check (passed or failed it), a target (tier, model, the policy) and whether a person has
// voted on the answer. Read-only; the rows are core::EvalAnswer values read on a worker.

#include <QAbstractTableModel>
#include <vector>

#include "core/eval/evalanswers.h"

namespace switchyard::ui {

struct EvalResultFilter {
    enum class Check { Any, PassedAll, FailedAny, Failed, Passed };
    Check check = Check::Any;
    QString checkName;  // for Failed / Passed
    QString target;     // empty: every target
    enum class Vote { Any, Voted, NotVoted };
    Vote vote = Vote::Any;
};

class EvalResultModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EvalResultModel)

public:
    enum Column { Item, Prompt, Target, Model, Result, Checks, Cost, Votes, ColumnCount };

    explicit EvalResultModel(QObject* parent = nullptr);

    void setAnswers(std::vector<core::EvalAnswer> answers);
    void setFilter(const EvalResultFilter& filter);
    [[nodiscard]] const EvalResultFilter& filter() const { return m_filter; }
    [[nodiscard]] const std::vector<core::EvalAnswer>& answers() const { return m_answers; }
    // The answer a row shows.
    [[nodiscard]] const core::EvalAnswer& answerAt(int row) const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

private:
    [[nodiscard]] bool accepts(const core::EvalAnswer& answer) const;
    void refilter();

    std::vector<core::EvalAnswer> m_answers;
    std::vector<int> m_rows;  // indices into m_answers that pass the filter
    EvalResultFilter m_filter;
};

// "1 item", "6 items", "7,697 items": `many` holds %1 for the number.
QString countText(std::int64_t n, const QString& one, const QString& many);

// "tier:simple" reads "simple (tier)", "model:x" reads "x", "policy" reads "the policy".
QString targetLabel(const QString& target);

}  // namespace switchyard::ui
