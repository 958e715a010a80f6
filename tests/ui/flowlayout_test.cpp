// FlowLayout, the Dashboard's filter row: wide enough, its items sit on one row in order; narrower,
// they wrap onto new rows instead of widening the window; a label and its field, kept in one
// widget, never land on different rows; the row's minimum width is its widest item's.

#include <QComboBox>
#include <QTest>
#include <QWidget>

#include "testworkspace.h"
#include "ui/widgets/flowlayout.h"

using namespace switchyard::ui;

namespace {

struct Row {
    QWidget window;
    FlowLayout* flow = nullptr;
    QList<QWidget*> items;

    Row() {
        flow = new FlowLayout(16, 6);
        window.setLayout(flow);
        for (int i = 0; i < 6; ++i) {
            // A label beside a combo box, as the Dashboard adds each filter.
            auto* combo = new QComboBox;
            combo->addItem(QStringLiteral("All traffic %1").arg(i));
            addLabelledItem(flow, &window, QStringLiteral("Filter %1").arg(i), combo);
            items.append(flow->itemAt(i)->widget());
        }
    }

    int rows() const {
        QList<int> tops;
        for (const QWidget* item : items)
            if (!tops.contains(item->geometry().top())) tops.append(item->geometry().top());
        return static_cast<int>(tops.size());
    }
};

}  // namespace

class FlowLayoutTest : public QObject {
    Q_OBJECT

private slots:
    void oneRowWhenWideInOrder() {
        Row row;
        row.window.resize(row.flow->sizeHint().width() + 40, 200);
        row.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&row.window));
        QCOMPARE(row.rows(), 1);
        for (int i = 1; i < row.items.size(); ++i)
            QVERIFY(row.items[i]->geometry().left() > row.items[i - 1]->geometry().right());
    }

    void wrapsWhenNarrowAndKeepsEachPairWhole() {
        Row row;
        const int oneRow = row.flow->sizeHint().width();
        const int narrow = oneRow / 2;
        row.window.resize(narrow, 300);
        row.window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&row.window));
        QVERIFY2(row.rows() >= 2, "a row twice too long for the window wraps");
        for (const QWidget* item : row.items) {
            QVERIFY(item->geometry().right() < row.window.width());
            // The label and its combo box stay side by side inside their pair.
            const auto children = item->findChildren<QWidget*>();
            QCOMPARE(children.size(), 2);
            QCOMPARE(children[0]->geometry().center().y() / 4, children[1]->geometry().center().y() / 4);
        }
        // The layout asks for the height its rows take.
        QVERIFY(row.flow->heightForWidth(narrow) > row.flow->heightForWidth(oneRow + 40));
    }

    void minimumWidthIsTheWidestItem() {
        Row row;
        int widest = 0;
        for (const QWidget* item : row.items) widest = std::max(widest, item->minimumSizeHint().width());
        QCOMPARE(row.flow->minimumSize().width(),
                 widest + row.flow->contentsMargins().left() + row.flow->contentsMargins().right());
        QVERIFY(row.flow->minimumSize().width() < row.flow->sizeHint().width() / 3);
    }
};

SWITCHYARD_UI_TEST_MAIN(FlowLayoutTest)
#include "flowlayout_test.moc"
