#include "ui/widgets/streamtextview.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QTextLayout>
#include <algorithm>
#include <cmath>

namespace switchyard::ui {

namespace {

constexpr int kMargin = 6;
// A growing paragraph keeps at most this many lines in the piece laid out again on append:
// fewer lay out less per append, more freeze (lay out twice) less often.
constexpr int kTailLines = 6;

}  // namespace

StreamTextView::StreamTextView(QWidget* parent) : QAbstractScrollArea(parent) {
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setCursor(Qt::IBeamCursor);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
}

StreamTextView::~StreamTextView() = default;

void StreamTextView::setText(const QString& text) {
    m_text = text;
    m_anchor = m_cursor = -1;
    m_lastLayoutChars = 0;
    layoutFrom(0);
    updateScrollBar();
    verticalScrollBar()->setValue(0);
    viewport()->update();
}

void StreamTextView::append(const QString& more) {
    if (more.isEmpty()) return;
    QScrollBar* bar = verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_text += more;
    m_lastLayoutChars = 0;
    // Only the last piece can change: it holds the last lines of the last paragraph.
    layoutFrom(m_laidWidth == lineWidth() && !m_pieces.empty() ? m_pieces.size() - 1 : 0, true);
    updateScrollBar();
    if (atEnd) bar->setValue(bar->maximum());
    viewport()->update();
}

void StreamTextView::setPlaceholderText(const QString& text) {
    m_placeholder = text;
    if (m_text.isEmpty()) viewport()->update();
}

qreal StreamTextView::lineWidth() const { return std::max(1, viewport()->width() - 2 * kMargin); }

StreamTextView::Piece StreamTextView::makePiece(int start, int length, int maxLines, qreal top) {
    Piece piece;
    piece.start = start;
    piece.top = top;
    piece.layout = std::make_unique<QTextLayout>(m_text.mid(start, length), font());
    QTextOption option;
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    piece.layout->setTextOption(option);
    piece.layout->setCacheEnabled(true);
    const qreal width = lineWidth();
    qreal y = 0;
    int lines = 0;
    piece.layout->beginLayout();
    while (maxLines == 0 || lines < maxLines) {
        QTextLine line = piece.layout->createLine();
        if (!line.isValid()) break;
        line.setLineWidth(width);
        line.setPosition(QPointF(0, y));
        y += line.height();
        piece.length = line.textStart() + line.textLength();
        ++lines;
    }
    piece.layout->endLayout();
    piece.height = y;
    m_lastLayoutChars += length;
    return piece;
}

void StreamTextView::layoutFrom(std::size_t firstPiece, bool growing) {
    int pos = 0;
    qreal top = 0;
    if (firstPiece < m_pieces.size()) {
        pos = m_pieces[firstPiece].start;
        top = m_pieces[firstPiece].top;
    }
    m_pieces.erase(m_pieces.begin() + static_cast<std::ptrdiff_t>(std::min(firstPiece, m_pieces.size())),
                   m_pieces.end());
    m_laidWidth = lineWidth();
    if (m_text.isEmpty()) return;
    while (true) {
        const qsizetype newline = m_text.indexOf(QLatin1Char('\n'), pos);
        const bool lastParagraph = newline < 0;
        const int end = lastParagraph ? static_cast<int>(m_text.size()) : static_cast<int>(newline);
        Piece piece = makePiece(pos, end - pos, 0, top);
        const int lines = piece.layout->lineCount();
        if (growing && lastParagraph && lines > kTailLines) {
            // Freeze every line but the last: appending cannot move them, so later appends lay
            // out only the last line and what follows it.
            Piece frozen = makePiece(pos, end - pos, lines - 1, top);
            top += frozen.height;
            const int tailStart = pos + frozen.length;
            m_pieces.push_back(std::move(frozen));
            piece = makePiece(tailStart, end - tailStart, 0, top);
        }
        top += piece.height;
        m_pieces.push_back(std::move(piece));
        if (lastParagraph) break;
        pos = end + 1;
    }
}

qreal StreamTextView::documentHeight() const {
    return m_pieces.empty() ? 0 : m_pieces.back().top + m_pieces.back().height;
}

void StreamTextView::updateScrollBar() {
    QScrollBar* bar = verticalScrollBar();
    const int height = viewport()->height();
    bar->setRange(0, std::max(0, static_cast<int>(std::ceil(documentHeight() + 2 * kMargin)) - height));
    bar->setPageStep(height);
    bar->setSingleStep(fontMetrics().lineSpacing());
}

std::vector<int> StreamTextView::lineStarts() const {
    std::vector<int> starts;
    for (const Piece& piece : m_pieces)
        for (int i = 0; i < piece.layout->lineCount(); ++i)
            starts.push_back(piece.start + piece.layout->lineAt(i).textStart());
    return starts;
}

void StreamTextView::paintEvent(QPaintEvent* event) {
    QPainter painter(viewport());
    const QRect area = event->rect();
    if (m_text.isEmpty()) {
        if (m_placeholder.isEmpty()) return;
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(viewport()->rect().adjusted(kMargin, kMargin, -kMargin, -kMargin),
                         Qt::TextWordWrap | Qt::AlignTop | Qt::AlignLeft, m_placeholder);
        return;
    }
    painter.setPen(palette().color(QPalette::Text));
    const qreal offset = kMargin - verticalScrollBar()->value();
    const int selStart = std::min(m_anchor, m_cursor);
    const int selEnd = std::max(m_anchor, m_cursor);
    QTextLayout::FormatRange selection;
    selection.format.setBackground(palette().brush(QPalette::Highlight));
    selection.format.setForeground(palette().brush(QPalette::HighlightedText));
    // The first piece reaching into the area; pieces are in order from the top.
    auto it = std::partition_point(m_pieces.begin(), m_pieces.end(),
                                   [&](const Piece& p) { return p.top + p.height + offset < area.top(); });
    for (; it != m_pieces.end() && it->top + offset <= area.bottom(); ++it) {
        QList<QTextLayout::FormatRange> selections;
        if (selStart >= 0 && selEnd > it->start && selStart < it->start + it->length) {
            selection.start = std::max(selStart, it->start) - it->start;
            selection.length = std::min(selEnd, it->start + it->length) - it->start - selection.start;
            selections << selection;
        }
        it->layout->draw(&painter, QPointF(kMargin, it->top + offset), selections, area);
    }
}

void StreamTextView::resizeEvent(QResizeEvent* event) {
    QAbstractScrollArea::resizeEvent(event);
    QScrollBar* bar = verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum() && bar->maximum() > 0;
    if (m_laidWidth != lineWidth()) layoutFrom(0);
    updateScrollBar();
    if (atEnd) bar->setValue(bar->maximum());
}

bool StreamTextView::viewportEvent(QEvent* event) {
    // The viewport narrows when the scroll bar appears: the lines are wrapped again.
    if (event->type() == QEvent::Resize && m_laidWidth != lineWidth()) {
        QScrollBar* bar = verticalScrollBar();
        const bool atEnd = bar->value() == bar->maximum() && bar->maximum() > 0;
        layoutFrom(0);
        updateScrollBar();
        if (atEnd) bar->setValue(bar->maximum());
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void StreamTextView::changeEvent(QEvent* event) {
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange) {
        layoutFrom(0);
        updateScrollBar();
        viewport()->update();
    }
}

int StreamTextView::positionAt(const QPoint& point) const {
    if (m_pieces.empty()) return 0;
    const qreal y = point.y() - kMargin + verticalScrollBar()->value();
    if (y < 0) return 0;
    const auto it =
        std::partition_point(m_pieces.begin(), m_pieces.end(), [y](const Piece& p) { return p.top + p.height <= y; });
    if (it == m_pieces.end()) return static_cast<int>(m_text.size());
    for (int i = 0; i < it->layout->lineCount(); ++i) {
        const QTextLine line = it->layout->lineAt(i);
        if (y - it->top < line.y() + line.height() || i + 1 == it->layout->lineCount())
            return it->start + line.xToCursor(point.x() - kMargin);
    }
    return it->start;
}

QString StreamTextView::selectedText() const {
    if (m_anchor < 0 || m_anchor == m_cursor) return {};
    const int start = std::min(m_anchor, m_cursor);
    return m_text.mid(start, std::max(m_anchor, m_cursor) - start);
}

void StreamTextView::selectAll() {
    m_anchor = 0;
    m_cursor = static_cast<int>(m_text.size());
    viewport()->update();
}

void StreamTextView::copy() const {
    const QString selected = selectedText();
    if (!selected.isEmpty()) QApplication::clipboard()->setText(selected);
}

void StreamTextView::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QAbstractScrollArea::mousePressEvent(event);
    m_anchor = m_cursor = positionAt(event->position().toPoint());
    viewport()->update();
}

void StreamTextView::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton) || m_anchor < 0) return QAbstractScrollArea::mouseMoveEvent(event);
    m_cursor = positionAt(event->position().toPoint());
    viewport()->update();
}

void StreamTextView::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton) return QAbstractScrollArea::mouseDoubleClickEvent(event);
    const int at = positionAt(event->position().toPoint());
    const auto inWord = [this](int i) { return i >= 0 && i < m_text.size() && m_text.at(i).isLetterOrNumber(); };
    int start = at;
    int end = at;
    while (inWord(start - 1)) --start;
    while (inWord(end)) ++end;
    m_anchor = start;
    m_cursor = end;
    viewport()->update();
}

void StreamTextView::keyPressEvent(QKeyEvent* event) {
    if (event->matches(QKeySequence::Copy)) return copy();
    if (event->matches(QKeySequence::SelectAll)) return selectAll();
    QAbstractScrollArea::keyPressEvent(event);
}

void StreamTextView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    QAction* copyAction = menu.addAction(tr("Copy"));
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setEnabled(!selectedText().isEmpty());
    QAction* all = menu.addAction(tr("Select All"));
    all->setShortcut(QKeySequence::SelectAll);
    QAction* chosen = menu.exec(event->globalPos());
    if (chosen == copyAction)
        copy();
    else if (chosen == all)
        selectAll();
}

}  // namespace switchyard::ui
