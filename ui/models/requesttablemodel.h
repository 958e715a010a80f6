#pragma once
// The requests behind a Dashboard chart point (core::requestsBehind), one row each: when, the
// prompt, the route and its deciding rule, the model that answered, the cost of every attempt,
// the checks and the votes. Pages append as the user asks for more.

#include <QAbstractTableModel>
#include <vector>

#include "core/store/dashboard.h"

namespace switchyard::ui {

class RequestTableModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RequestTableModel)

public:
    enum Column { Time, Prompt, Route, Rule, Model, Cost, Checks, Vote, ColumnCount };
    enum Role { RequestIdRole = Qt::UserRole + 1, RunIdRole };

    explicit RequestTableModel(QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setRows(std::vector<core::RequestRow> rows);
    void appendRows(std::vector<core::RequestRow> rows);
    void clear();
    [[nodiscard]] const std::vector<core::RequestRow>& rows() const { return m_rows; }

private:
    std::vector<core::RequestRow> m_rows;
};

// "2 won, 1 lost", "1 tie", "" (no vote).
QString voteSummary(const core::RequestRow& row);

}  // namespace switchyard::ui
