#pragma once
// One chart of the Dashboard in a card: a title with its units, the chart (or, when there is no
// data, a sentence saying how to get some), and an Export menu that writes the chart as PNG or
// SVG and the table behind it as CSV. The card keeps that table (a header and rows of text),
// set with the chart, so what is exported is exactly what is drawn.

#include <QFrame>
#include <QStringList>
#include <vector>

class QLabel;
class QStackedWidget;
class QToolButton;

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
QT_END_NAMESPACE

namespace switchyard::ui {

class UserPrompts;

struct ChartTable {
    QStringList header;
    std::vector<QStringList> rows;
};

class ChartCard final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartCard)

public:
    ChartCard(const QString& key, const QString& title, const QString& emptyText, QWidget* parent = nullptr);

    [[nodiscard]] QString key() const { return m_key; }
    [[nodiscard]] QChart* chart() const;
    [[nodiscard]] QChartView* chartView() const { return m_view; }
    // A new, empty chart in the card's view (the old one is deleted); returns it.
    QChart* resetChart();
    // The chart is drawn and `table` is behind it; an empty table shows the empty state.
    void setTable(ChartTable table);
    [[nodiscard]] const ChartTable& table() const { return m_table; }
    [[nodiscard]] bool isEmpty() const;
    void setNote(const QString& note);  // under the title: what the filter leaves out
    void setPrompts(UserPrompts* prompts) { m_prompts = prompts; }

    // The exports; false with nothing written when the file cannot be.
    bool exportPng(const QString& path) const;
    bool exportSvg(const QString& path) const;
    bool exportCsv(const QString& path) const;

signals:
    void exported(const QString& path, bool ok);

private:
    void chooseAndExport(const QString& suffix);

    QString m_key;
    QLabel* m_title;
    QLabel* m_note;
    QToolButton* m_export;
    QStackedWidget* m_body;
    QChartView* m_view;
    QLabel* m_empty;
    ChartTable m_table;
    UserPrompts* m_prompts = nullptr;
};

// RFC 4180: a field with a comma, quote or line break in quotes, its quotes doubled.
QString csvField(const QString& text);

}  // namespace switchyard::ui
