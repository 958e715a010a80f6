#pragma once
// A read-only, word-wrapped text view for text that grows at its end (a streamed answer).
// QPlainTextEdit lays out a whole paragraph again after every insert, and a model's answer is
// often one long paragraph: six columns appending each frame cost the GUI thread tens of ms
// per frame once the answers grew. Here only the paragraph's last lines are laid out again:
// lines above the last one cannot change when text is appended (greedy line breaking), so
// they are frozen in pieces of a few lines and only painted. A width change lays everything
// out once more. The text shown is exactly the text given; the mouse selects, Ctrl+C copies,
// Ctrl+A selects all.

#include <QAbstractScrollArea>
#include <QString>
#include <memory>
#include <vector>

class QTextLayout;

namespace switchyard::ui {

class StreamTextView final : public QAbstractScrollArea {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StreamTextView)

public:
    explicit StreamTextView(QWidget* parent = nullptr);
    ~StreamTextView() override;

    [[nodiscard]] const QString& text() const { return m_text; }
    [[nodiscard]] QString toPlainText() const { return m_text; }
    void setText(const QString& text);
    // Adds `more` at the end; the view follows the end when it was showing it.
    void append(const QString& more);
    void clear() { setText({}); }
    void setPlaceholderText(const QString& text);
    [[nodiscard]] QString placeholderText() const { return m_placeholder; }
    [[nodiscard]] QString selectedText() const;
    void selectAll();
    void copy() const;

    // Where each shown line starts in text(), top to bottom.
    [[nodiscard]] std::vector<int> lineStarts() const;
    // How many characters the last append() or setText() laid out (an append to a long
    // paragraph lays out its last lines, not the paragraph).
    [[nodiscard]] int lastLayoutChars() const { return m_lastLayoutChars; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool viewportEvent(QEvent* event) override;

private:
    // A run of lines of one paragraph: [start, start + length) of m_text.
    struct Piece {
        int start = 0;
        int length = 0;
        qreal top = 0;
        qreal height = 0;
        std::unique_ptr<QTextLayout> layout;
    };
    // Drops the pieces from `firstPiece` on and lays the text out again from where it started.
    // `growing` (an append): the last paragraph's lines but its last are frozen in a piece of
    // their own, so the next append lays out only the last line and what it brings.
    void layoutFrom(std::size_t firstPiece, bool growing = false);
    // A piece of at most `maxLines` lines (0: all) from `start`; its length is what they hold.
    Piece makePiece(int start, int length, int maxLines, qreal top);
    void updateScrollBar();
    [[nodiscard]] qreal lineWidth() const;
    [[nodiscard]] qreal documentHeight() const;
    [[nodiscard]] int positionAt(const QPoint& viewportPoint) const;

    QString m_text;
    QString m_placeholder;
    std::vector<Piece> m_pieces;
    qreal m_laidWidth = -1;
    int m_anchor = -1;  // selection: where the mouse went down
    int m_cursor = -1;  // and where it is
    int m_lastLayoutChars = 0;
};

}  // namespace switchyard::ui
