// StreamTextView, the answer box of the Compare columns: text appended in pieces is shown, wrapped
// and copied exactly as the same text given at once; an append to a long paragraph lays out its
// last lines only; a width change wraps everything again; the view follows the end unless the
// reader scrolled up; the mouse selects, Ctrl+C copies, Ctrl+A selects all.

#include <QApplication>
#include <QClipboard>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTest>

#include "testworkspace.h"
#include "ui/widgets/streamtextview.h"

using namespace switchyard::ui;

namespace {

// Prose with paragraphs, a blank line, a word longer than a line and non-Latin text.
QString sampleText(int words) {
    const QStringList vocabulary{QStringLiteral("cache"),   QStringLiteral("prompt"),  QStringLiteral("tokens"),
                                 QStringLiteral("the"),     QStringLiteral("réponse"), QStringLiteral("premium"),
                                 QStringLiteral("模型"),    QStringLiteral("a"),       QStringLiteral("cost-effective"),
                                 QStringLiteral("routing,")};
    QString text;
    QRandomGenerator random(7);
    for (int i = 0; i < words; ++i) {
        if (i == words / 3)
            text += QStringLiteral("\n\n");
        else if (i == words / 2)
            text += QStringLiteral("\n") + QString(120, QLatin1Char('x')) + QLatin1Char(' ');
        text +=
            vocabulary[static_cast<int>(random.bounded(static_cast<quint32>(vocabulary.size())))] + QLatin1Char(' ');
    }
    return text;
}

// The text in chunks of 1-12 characters, cutting words, as a stream arrives.
QStringList chunksOf(const QString& text) {
    QStringList chunks;
    QRandomGenerator random(11);
    for (qsizetype at = 0; at < text.size();) {
        const qsizetype n = std::min<qsizetype>(1 + random.bounded(12), text.size() - at);
        chunks << text.mid(at, n);
        at += n;
    }
    return chunks;
}

}  // namespace

class StreamTextViewTest final : public QObject {
    Q_OBJECT

private slots:
    void textAppendedInPiecesWrapsAsTheWholeTextGivenAtOnce() {
        const QString text = sampleText(900);
        StreamTextView streamed;
        StreamTextView whole;
        for (StreamTextView* v : {&streamed, &whole}) {
            v->resize(320, 240);
            v->show();
        }
        QVERIFY(QTest::qWaitForWindowExposed(&streamed));
        for (const QString& chunk : chunksOf(text)) streamed.append(chunk);
        whole.setText(text);
        QCOMPARE(streamed.text(), text);
        QVERIFY(whole.lineStarts().size() > 60);  // the sample wraps onto many lines at this width
        QCOMPARE(streamed.lineStarts(), whole.lineStarts());

        // A new width wraps it all again, as a view of that width would.
        streamed.resize(470, 240);
        whole.resize(470, 240);
        StreamTextView fresh;
        fresh.resize(470, 240);
        fresh.show();
        QVERIFY(QTest::qWaitForWindowExposed(&fresh));
        fresh.setText(text);
        QApplication::processEvents();  // the scroll bar the text needs narrows the lines: wrapped again
        QCOMPARE(streamed.viewport()->width(), fresh.viewport()->width());
        QCOMPARE(streamed.lineStarts(), fresh.lineStarts());
        QVERIFY(streamed.lineStarts().size() < whole.lineStarts().size() + 60);
    }

    void anAppendToALongParagraphLaysOutOnlyItsLastLines() {
        StreamTextView view;
        view.resize(320, 240);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QString paragraph;
        while (paragraph.size() < 20'000) paragraph += QStringLiteral("the answer grows by a few words every frame ");
        view.setText(paragraph);
        QCOMPARE(view.lastLayoutChars(), int(paragraph.size()));  // all of it, once
        view.append(QStringLiteral("then "));                     // the paragraph grows: its lines but the last freeze
        int most = 0;
        for (int i = 0; i < 200; ++i) {
            view.append(QStringLiteral("more words "));
            most = std::max(most, view.lastLayoutChars());
        }
        // At most the last few lines (with a freeze: twice): a small part of the paragraph.
        QVERIFY2(most < 2'000, qPrintable(QString::number(most)));
        QCOMPARE(view.text(), paragraph + QStringLiteral("then ") + QStringLiteral("more words ").repeated(200));
    }

    void theViewFollowsTheEndUnlessTheReaderScrolledUp() {
        StreamTextView view;
        view.resize(320, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QStringList chunks = chunksOf(sampleText(600));
        for (int i = 0; i < chunks.size() / 2; ++i) view.append(chunks[i]);
        QScrollBar* bar = view.verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        QCOMPARE(bar->value(), bar->maximum());
        bar->setValue(bar->maximum() / 3);
        const int kept = bar->value();
        for (int i = chunks.size() / 2; i < chunks.size(); ++i) view.append(chunks[i]);
        QCOMPARE(bar->value(), kept);
    }

    void theMouseSelectsAndCtrlCCopies() {
        StreamTextView view;
        view.resize(320, 240);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QString text = sampleText(120);
        for (const QString& chunk : chunksOf(text)) view.append(chunk);
        QApplication::clipboard()->clear();
        view.verticalScrollBar()->setValue(0);  // it followed the end
        // Drag from the first character to the far right of the first line.
        QWidget* port = view.viewport();
        const int y = port->fontMetrics().height() / 2 + 6;
        QTest::mousePress(port, Qt::LeftButton, {}, QPoint(6, y));
        QTest::mouseMove(port, QPoint(port->width() - 2, y));
        QTest::mouseRelease(port, Qt::LeftButton, {}, QPoint(port->width() - 2, y));
        QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
        const QString copied = QApplication::clipboard()->text();
        const int secondLine = view.lineStarts().at(1);
        QVERIFY2(text.startsWith(copied) && copied.size() >= secondLine - 1 && copied.size() <= secondLine,
                 qPrintable(QStringLiteral("%1 | %2 | %3").arg(copied).arg(secondLine).arg(text.left(80))));
        QTest::keyClick(&view, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QApplication::clipboard()->text(), text);
    }
};

SWITCHYARD_UI_TEST_MAIN(StreamTextViewTest)
#include "streamtextview_test.moc"
