#pragma once
// Models ranked by every human vote (the review queue's and Compare's): the Bradley-Terry
// rating with its bootstrap 95% interval, next to the raw win rate with its Wilson 95% interval
// (core/eval/voteranking.h), and one line saying how it was computed.

#include <QWidget>
#include <vector>

#include "core/eval/voteranking.h"

class QLabel;
class QTableWidget;

namespace switchyard::ui {

class RankingTable final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RankingTable)

public:
    explicit RankingTable(QWidget* parent = nullptr);

    void setRanking(const std::vector<core::VoteRanking>& ranking);
    [[nodiscard]] QTableWidget* table() const { return m_table; }

private:
    QLabel* m_note;
    QTableWidget* m_table;
};

}  // namespace switchyard::ui
