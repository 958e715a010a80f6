#pragma once
// One chart of the Dashboard in a card: a title with its units, the chart (or, when there is no
// data, a sentence saying how to get some), and an Export menu that writes the chart as PNG or
// SVG and the table behind it as CSV. The card keeps that table (a header and rows of text),
// set with the chart, so what is exported is exactly what is drawn.
//
// Keyboard: Tab focuses the chart; the arrow keys move between its bars or points (each named
// with its figures under the title, and highlighted), Enter lists the requests behind the one in
// focus. A chart over days zooms (Ctrl+wheel, + and -, 0 or "Reset zoom" to see every day); the
// zoom is kept in days, so a refresh with new data keeps it.

#include <QFrame>
#include <QStringList>
#include <cstdint>
#include <functional>
#include <optional>
#include <utility>
#include <vector>

class QLabel;
class QPushButton;
class QStackedWidget;
class QToolButton;
class QValueAxis;

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

// A bar or point the keyboard can reach, in reading order.
struct ChartTarget {
    QString text;                    // what it is, with its exact figures
    std::function<void(bool)> mark;  // highlights it (true) or not
    std::function<void()> activate;  // Enter: lists what is behind it (empty: nothing)
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
    void setNote(const QString& note);       // under the title: what the filter leaves out
    void setEmptyText(const QString& text);  // the sentence shown while the table is empty
    [[nodiscard]] QString emptyText() const;
    void setPrompts(UserPrompts* prompts) { m_prompts = prompts; }

    // The bars or points the arrow keys move between (set with each drawing).
    void setTargets(std::vector<ChartTarget> targets);
    [[nodiscard]] int targetCount() const { return static_cast<int>(m_targets.size()); }
    [[nodiscard]] int currentTarget() const { return m_current; }
    [[nodiscard]] QString focusText() const;

    // The bottom axis is days: x = day - originDay. Makes the chart zoomable along it.
    void setDayAxis(std::int64_t originDay);
    [[nodiscard]] bool isZoomed() const { return m_zoomDays.has_value(); }
    // The days in sight when zoomed (first, last; fractional at the edges).
    [[nodiscard]] std::optional<std::pair<double, double>> zoomedDays() const { return m_zoomDays; }
    // factor < 1 zooms in around `centre` (an x value; NaN: the middle of what is in sight).
    void zoomBy(double factor, double centre);
    void resetZoom();

    // The exports; false with nothing written when the file cannot be.
    bool exportPng(const QString& path) const;
    bool exportSvg(const QString& path) const;
    bool exportCsv(const QString& path) const;

signals:
    void exported(const QString& path, bool ok);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void chooseAndExport(const QString& suffix);
    void moveTo(int index);
    void showFocus(bool focused);
    [[nodiscard]] QValueAxis* dayAxis() const;
    void applyZoom();

    QString m_key;
    QLabel* m_title;
    QLabel* m_note;
    QToolButton* m_export;
    QStackedWidget* m_body;
    QChartView* m_view;
    QLabel* m_empty;
    QLabel* m_focus;
    QPushButton* m_resetZoom;
    ChartTable m_table;
    UserPrompts* m_prompts = nullptr;
    std::vector<ChartTarget> m_targets;
    int m_current = -1;
    std::optional<std::int64_t> m_dayOrigin;              // set: the bottom axis is days
    std::pair<double, double> m_fullRange{0, 0};          // the whole x range, as drawn
    std::optional<std::pair<double, double>> m_zoomDays;  // in days, kept across redraws
};

// RFC 4180: a field with a comma, quote or line break in quotes, its quotes doubled.
QString csvField(const QString& text);

}  // namespace switchyard::ui
