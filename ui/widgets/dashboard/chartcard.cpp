#include "ui/widgets/dashboard/chartcard.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QFocusEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSaveFile>
#include <QStackedWidget>
#include <QStyle>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

#include "ui/app/userprompts.h"

namespace switchyard::ui {

ChartCard::ChartCard(const QString& key, const QString& title, const QString& emptyText, QWidget* parent)
    : QFrame(parent),
      m_key(key),
      m_title(new QLabel(title, this)),
      m_note(new QLabel(this)),
      m_export(new QToolButton(this)),
      m_body(new QStackedWidget(this)),
      m_view(new QChartView(this)),
      m_empty(new QLabel(emptyText, this)),
      m_focus(new QLabel(this)),
      m_resetZoom(new QPushButton(tr("Reset zoom"), this)) {
    setObjectName(QStringLiteral("chartCard"));
    setProperty("chart", key);
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 10);
    layout->setSpacing(4);
    auto* top = new QHBoxLayout;
    m_title->setObjectName(QStringLiteral("chartTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_title->setWordWrap(true);
    m_title->setMinimumWidth(80);
    top->addWidget(m_title, 1);
    m_resetZoom->setObjectName(QStringLiteral("chartResetZoom"));
    m_resetZoom->setToolTip(tr("Show every day again (0)"));
    m_resetZoom->setFocusPolicy(Qt::TabFocus);
    m_resetZoom->hide();
    top->addWidget(m_resetZoom);
    m_export->setObjectName(QStringLiteral("chartExport"));
    m_export->setText(tr("Export"));
    m_export->setToolTip(tr("Save this chart as PNG or SVG, or the table behind it as CSV"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_export);
    menu->addAction(tr("Chart as PNG\u2026"), this, [this] { chooseAndExport(QStringLiteral("png")); });
    menu->addAction(tr("Chart as SVG\u2026"), this, [this] { chooseAndExport(QStringLiteral("svg")); });
    menu->addAction(tr("Table as CSV\u2026"), this, [this] { chooseAndExport(QStringLiteral("csv")); });
    m_export->setMenu(menu);
    top->addWidget(m_export);
    layout->addLayout(top);
    m_note->setObjectName(QStringLiteral("chartNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    layout->addWidget(m_note);
    m_focus->setObjectName(QStringLiteral("chartFocus"));
    m_focus->setTextFormat(Qt::PlainText);
    m_focus->setWordWrap(true);
    m_focus->hide();
    layout->addWidget(m_focus);
    m_view->setFocusPolicy(Qt::StrongFocus);
    m_view->setToolTip(QString());
    m_view->installEventFilter(this);
    m_view->viewport()->installEventFilter(this);
    connect(m_resetZoom, &QPushButton::clicked, this, &ChartCard::resetZoom);
    m_view->setRenderHint(QPainter::Antialiasing);
    // The grid decides the width; a long label is elided by the chart, not a reason to scroll.
    m_view->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Expanding);
    m_view->setMinimumSize(200, 200);
    m_view->setObjectName(QStringLiteral("chartView"));
    m_empty->setObjectName(QStringLiteral("chartEmpty"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_body->addWidget(m_empty);
    m_body->addWidget(m_view);
    layout->addWidget(m_body, 1);
    setMinimumHeight(340);
    resetChart();
    setTable({});
}

QChart* ChartCard::chart() const { return m_view->chart(); }

QChart* ChartCard::resetChart() {
    QChart* old = m_view->chart();
    auto* chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    // The targets point into the old chart's series.
    m_targets.clear();
    m_dayOrigin.reset();
    m_view->setChart(chart);  // the view owns it now
    delete old;
    return chart;
}

void ChartCard::setTable(ChartTable table) {
    m_table = std::move(table);
    m_body->setCurrentWidget(m_table.rows.empty() ? static_cast<QWidget*>(m_empty) : m_view);
    m_export->setEnabled(!m_table.rows.empty());
    if (QValueAxis* x = dayAxis()) {
        m_fullRange = {x->min(), x->max()};
        applyZoom();
    } else {
        m_resetZoom->hide();
    }
}

void ChartCard::setTargets(std::vector<ChartTarget> targets) {
    m_targets = std::move(targets);
    // The keyboard keeps its place across a refresh when that place is still there.
    if (m_current >= static_cast<int>(m_targets.size())) m_current = static_cast<int>(m_targets.size()) - 1;
    if (m_view->hasFocus() && m_current >= 0)
        moveTo(m_current);
    else
        showFocus(m_view->hasFocus());
}

QString ChartCard::focusText() const { return m_focus->isVisibleTo(this) ? m_focus->text() : QString(); }

void ChartCard::moveTo(int index) {
    if (m_targets.empty()) {
        m_current = -1;
        showFocus(m_view->hasFocus());
        return;
    }
    index = std::clamp(index, 0, static_cast<int>(m_targets.size()) - 1);
    for (const ChartTarget& t : m_targets)
        if (t.mark) t.mark(false);
    m_current = index;
    const ChartTarget& t = m_targets[static_cast<size_t>(index)];
    if (t.mark) t.mark(true);
    m_focus->setText(tr("%1 of %2: %3").arg(index + 1).arg(m_targets.size()).arg(t.text) +
                     (t.activate ? tr(" \u2014 Enter lists what is behind it") : QString()));
    showFocus(true);
}

void ChartCard::showFocus(bool focused) {
    m_focus->setVisible(focused && m_current >= 0 && !m_targets.empty());
    if (!focused)
        for (const ChartTarget& t : m_targets)
            if (t.mark) t.mark(false);
    setProperty("focused", focused);
    style()->unpolish(this);
    style()->polish(this);
}

void ChartCard::setDayAxis(std::int64_t originDay) { m_dayOrigin = originDay; }

QValueAxis* ChartCard::dayAxis() const {
    if (!m_dayOrigin || !chart()) return nullptr;
    for (QAbstractAxis* axis : chart()->axes(Qt::Horizontal))
        if (auto* value = qobject_cast<QValueAxis*>(axis)) return value;  // QCategoryAxis is one too
    return nullptr;
}

void ChartCard::applyZoom() {
    QValueAxis* x = dayAxis();
    if (!x) return;
    const auto [fullLow, fullHigh] = m_fullRange;
    if (m_zoomDays) {
        const double origin = static_cast<double>(*m_dayOrigin);
        double low = m_zoomDays->first - origin, high = m_zoomDays->second - origin;
        const double width = std::min(high - low, fullHigh - fullLow);
        low = std::clamp(low, fullLow, fullHigh - width);
        high = low + width;
        if (width >= fullHigh - fullLow - 1e-9) {
            m_zoomDays.reset();
        } else {
            m_zoomDays = {low + origin, high + origin};
            x->setRange(low, high);
        }
    }
    if (!m_zoomDays) x->setRange(fullLow, fullHigh);
    m_resetZoom->setVisible(m_zoomDays.has_value());
}

void ChartCard::zoomBy(double factor, double centre) {
    QValueAxis* x = dayAxis();
    if (!x || factor <= 0) return;
    const double low = x->min(), high = x->max();
    if (std::isnan(centre)) centre = (low + high) / 2;
    centre = std::clamp(centre, low, high);
    const double width = std::max(2.0, (high - low) * factor);  // at least two days in sight
    const double newLow = centre - (centre - low) / (high - low) * width;
    const double origin = static_cast<double>(*m_dayOrigin);
    m_zoomDays = {newLow + origin, newLow + width + origin};
    applyZoom();
}

void ChartCard::resetZoom() {
    m_zoomDays.reset();
    applyZoom();
}

bool ChartCard::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_view && event->type() == QEvent::FocusIn) {
        // A click focuses the chart too, but it picks its own bar: the keyboard's mark waits for a key
        // (marking a bar under the press would rebuild the bars the press is landing on).
        if (static_cast<QFocusEvent*>(event)->reason() != Qt::MouseFocusReason) moveTo(m_current < 0 ? 0 : m_current);
    } else if (watched == m_view && event->type() == QEvent::FocusOut) {
        showFocus(false);
    } else if (watched == m_view && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const int last = static_cast<int>(m_targets.size()) - 1;
        if (m_current < 0 && last >= 0 && key->key() != Qt::Key_Tab && key->key() != Qt::Key_Backtab &&
            !m_focus->isVisible()) {
            moveTo(0);  // focused by a click: the first key shows where the keyboard is
            if (key->key() != Qt::Key_Return && key->key() != Qt::Key_Enter) return true;
        }
        switch (key->key()) {
            case Qt::Key_Right:
            case Qt::Key_Down:
                moveTo(m_current + 1);
                return true;
            case Qt::Key_Left:
            case Qt::Key_Up:
                moveTo(m_current - 1);
                return true;
            case Qt::Key_PageDown:
                moveTo(m_current + 10);
                return true;
            case Qt::Key_PageUp:
                moveTo(m_current - 10);
                return true;
            case Qt::Key_Home:
                moveTo(0);
                return true;
            case Qt::Key_End:
                moveTo(last);
                return true;
            case Qt::Key_Return:
            case Qt::Key_Enter:
                if (m_current >= 0 && m_current <= last && m_targets[static_cast<size_t>(m_current)].activate)
                    m_targets[static_cast<size_t>(m_current)].activate();
                return true;
            case Qt::Key_Plus:
            case Qt::Key_Equal:
                zoomBy(0.5, std::nan(""));
                return dayAxis() != nullptr;
            case Qt::Key_Minus:
                zoomBy(2.0, std::nan(""));
                return dayAxis() != nullptr;
            case Qt::Key_0:
                resetZoom();
                return dayAxis() != nullptr;
            default:
                break;
        }
    } else if (watched == m_view->viewport() && event->type() == QEvent::Wheel) {
        auto* wheel = static_cast<QWheelEvent*>(event);
        if (wheel->modifiers() & Qt::ControlModifier && dayAxis() && wheel->angleDelta().y() != 0) {
            const QPointF scene = m_view->mapToScene(wheel->position().toPoint());
            const QPointF value = chart()->mapToValue(chart()->mapFromScene(scene));
            zoomBy(wheel->angleDelta().y() > 0 ? 0.8 : 1.25, value.x());
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}

bool ChartCard::isEmpty() const { return m_table.rows.empty(); }

void ChartCard::setEmptyText(const QString& text) { m_empty->setText(text); }

QString ChartCard::emptyText() const { return m_empty->text(); }

void ChartCard::setNote(const QString& note) {
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

bool ChartCard::exportPng(const QString& path) const {
    // Twice the screen's pixels, so the picture stays sharp in a document.
    QImage image(m_view->size() * 2, QImage::Format_ARGB32);
    image.setDevicePixelRatio(2);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    m_view->render(&painter);
    painter.end();
    return image.save(path, "PNG");
}

bool ChartCard::exportSvg(const QString& path) const {
    QSvgGenerator generator;
    generator.setFileName(path);
    generator.setSize(m_view->size());
    generator.setViewBox(QRect(QPoint(0, 0), m_view->size()));
    generator.setTitle(m_title->text());
    generator.setDescription(tr("Switchyard dashboard chart"));
    QPainter painter;
    if (!painter.begin(&generator)) return false;
    m_view->render(&painter);
    return painter.end() && QFileInfo::exists(path);
}

QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')) &&
        !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool ChartCard::exportCsv(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) return false;
    const auto line = [](const QStringList& fields) {
        QStringList escaped;
        for (const QString& f : fields) escaped << csvField(f);
        return (escaped.join(QLatin1Char(',')) + QStringLiteral("\r\n")).toUtf8();
    };
    file.write(line(m_table.header));
    for (const QStringList& row : m_table.rows) file.write(line(row));
    return file.commit();
}

void ChartCard::chooseAndExport(const QString& suffix) {
    if (!m_prompts) return;
    const QString suggested = QDir::home().filePath(m_key + QLatin1Char('.') + suffix);
    const QString path = m_prompts->chooseExportFile(this, suggested, suffix);
    if (path.isEmpty()) return;
    const bool ok = suffix == QLatin1String("png")   ? exportPng(path)
                    : suffix == QLatin1String("svg") ? exportSvg(path)
                                                     : exportCsv(path);
    if (!ok)
        m_prompts->showNotice(this, tr("Export failed"),
                              tr("%1 could not be written.").arg(QDir::toNativeSeparators(path)));
    emit exported(path, ok);
}

}  // namespace switchyard::ui
