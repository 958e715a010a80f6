#include "ui/widgets/dashboard/chartcard.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QPainter>
#include <QSaveFile>
#include <QStackedWidget>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>

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
      m_empty(new QLabel(emptyText, this)) {
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
    m_view->setChart(chart);  // the view owns it now
    delete old;
    return chart;
}

void ChartCard::setTable(ChartTable table) {
    m_table = std::move(table);
    m_body->setCurrentWidget(m_table.rows.empty() ? static_cast<QWidget*>(m_empty) : m_view);
    m_export->setEnabled(!m_table.rows.empty());
}

bool ChartCard::isEmpty() const { return m_table.rows.empty(); }

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
