#include "ui/widgets/eval/rankingtable.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

#include "ui/models/displayformat.h"

namespace switchyard::ui {

RankingTable::RankingTable(QWidget* parent)
    : QWidget(parent), m_note(new QLabel(this)), m_table(new QTableWidget(0, 6, this)) {
    setObjectName(QStringLiteral("rankingTable"));
    m_table->setObjectName(QStringLiteral("rankingRows"));
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::PlainText);
    m_table->setHorizontalHeaderLabels({tr("Model"), tr("Rating"), tr("Rating, 95% interval"), tr("Votes"),
                                        tr("Win rate"), tr("Win rate, Wilson 95%")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addWidget(m_note);
    layout->addWidget(m_table, 1);
    setRanking({});
}

void RankingTable::setRanking(const std::vector<core::VoteRanking>& ranking) {
    std::int64_t sides = 0;  // every vote has two
    for (const auto& r : ranking) sides += r.votes;
    const std::int64_t votes = sides / 2;
    m_note->setText(
        ranking.empty()
            ? tr("No votes between two different models yet: vote in the review queue or in Compare's blind mode.")
            : tr("%1 between two models in this run database, the review queue's and Compare's alike. Rating: a "
                 "Bradley-Terry "
                 "fit on the public arenas' scale (1000 + 400\u00b7log10 of the strength; Chiang et al., arXiv "
                 "2403.04132), its interval from 200 bootstrap resamples of the votes. A tie counts half a win; in "
                 "the win rate \u201cboth bad\u201d counts none.")
                  .arg(votes == 1 ? tr("1 vote") : tr("%1 votes").arg(votes)));
    m_table->setRowCount(static_cast<int>(ranking.size()));
    const auto cell = [this](int row, int column, const QString& text, bool number) {
        auto* item = new QTableWidgetItem(text);
        if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, column, item);
    };
    for (int row = 0; row < static_cast<int>(ranking.size()); ++row) {
        const core::VoteRanking& r = ranking[static_cast<size_t>(row)];
        cell(row, 0, toQString(r.model), false);
        cell(row, 1, QString::number(r.rating, 'f', 0), true);
        cell(row, 2,
             QStringLiteral("%1 \u2013 %2")
                 .arg(QString::number(r.rating95.low, 'f', 0), QString::number(r.rating95.high, 'f', 0)),
             true);
        cell(row, 3, QString::number(r.votes), true);
        cell(row, 4, formatShare(r.winRate), true);
        cell(row, 5, QStringLiteral("%1 \u2013 %2").arg(formatShare(r.winRate95.low), formatShare(r.winRate95.high)),
             true);
    }
}

}  // namespace switchyard::ui
