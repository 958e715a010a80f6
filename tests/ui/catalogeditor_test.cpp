// Catalog editing through the real table: a price typed into the cell editor changes the
// workspace and the live cost, and Undo restores both; values the catalog refuses keep the
// editor open with the reason and change nothing; models are added, duplicated and removed
// (not while something uses them); LiteLLM's price list is imported after a summary, in one
// undo step. QAbstractItemModelTester watches the CatalogModel throughout.
#include <QAbstractItemModelTester>
#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

#include "tests/ui/testworkspace.h"
#include "ui/app/mainwindow.h"
#include "ui/app/noninteractiveprompts.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/catalogmodel.h"
#include "ui/pages/catalogpage.h"
#include "ui/services/livecosting.h"
#include "ui/views/catalogcelldelegate.h"
#include "ui/views/catalogimportdialog.h"
#include "ui/views/catalogview.h"
#include "ui/widgets/coststrip.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {

struct Window {
    MainWindow window{std::make_unique<NonInteractivePrompts>()};
    QAbstractItemModelTester tester{window.catalogModel(), QAbstractItemModelTester::FailureReportingMode::QtTest};
    QTemporaryDir dir;

    bool open(const QString& path) {
        if (!window.openWorkspace(path)) return false;
        window.resize(1440, 900);
        window.show();
        window.showView(MainWindow::View::Catalog);
        window.activateWindow();  // shortcuts and focus need an active window
        return QTest::qWaitForWindowExposed(&window) && QTest::qWaitForWindowActive(&window);
    }
    bool open(const core::Workspace& ws) { return open(test::writeWorkspace(dir, QStringLiteral("catalog.json"), ws)); }

    CatalogView* view() const { return window.catalogView(); }
    CatalogPage* page() const { return window.page<CatalogPage>(); }
    const core::Workspace& workspace() const { return window.document()->workspace(); }
    QUndoStack* undo() const { return window.document()->undoStack(); }
    const core::Model& model(const std::string& id) const { return *workspace().catalog.find(id); }
    int row(const char* id) const { return window.catalogModel()->rowOf(QString::fromLatin1(id)); }

    // Double-clicks the cell, as a user opens its editor, and returns the editor.
    QLineEdit* openEditor(const char* id, int column) const {
        QTableView* table = view()->table();
        const QModelIndex shown = view()->proxy()->mapFromSource(window.catalogModel()->index(row(id), column));
        table->scrollTo(shown);
        const QPoint at = table->visualRect(shown).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, at);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, at);
        return editor();
    }
    // The open cell editor (a closed one lingers, hidden, until its deferred deletion).
    QLineEdit* editor() const {
        for (auto* e : view()->table()->viewport()->findChildren<QLineEdit*>(QStringLiteral("catalogCellEditor")))
            if (e->isVisible()) return e;
        return nullptr;
    }
    // Types `text` over the editor's selected text and presses Return.
    static void type(QLineEdit* editor, const QString& text) {
        QTest::keyClick(editor, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClicks(editor, text);
        QTest::keyClick(editor, Qt::Key_Return);
        QCoreApplication::processEvents();  // the view commits and closes the editor queued
    }
    bool editing() const { return editor() != nullptr; }

    bool costed() const {
        LiveCosting* costing = window.workbench().costing;
        return !costing->isRunning() && costing->current() &&
               costing->current()->revision == window.document()->revision();
    }
};

core::Price price(const char* text) { return *core::Price::parse(text); }

}  // namespace

class CatalogEditorTest final : public QObject {
    Q_OBJECT

private slots:
    void aPriceTypedIntoTheCellRecostsLiveAndUndoRestoresBoth() {
        Window w;
        QVERIFY(w.open(QString::fromStdString(core::demoWorkspacePath().string())));
        QTRY_VERIFY_WITH_TIMEOUT(w.costed(), 30'000);
        LiveCosting* costing = w.window.workbench().costing;
        const core::Money costBefore = costing->current()->report.routedCost;
        const QString stripBefore = w.window.costStrip()->projectionText();
        // The default tier's primary serves traffic in the demo, so its price moves the bill.
        const auto& ws = w.workspace();
        const std::string id = ws.findTier(ws.policy.defaultTier)->primary;
        const core::Price original = w.model(id).prices.input;
        const core::Workspace before = ws;

        QLineEdit* editor = w.openEditor(id.c_str(), CatalogModel::InputColumn);
        QVERIFY(editor);
        QCOMPARE(editor->text(), QString::fromStdString(original.toString()));  // the exact price, no "$"
        Window::type(editor, QStringLiteral("40"));
        QVERIFY(!w.editing());
        QCOMPARE(w.model(id).prices.input, price("40"));
        QCOMPARE(w.undo()->count(), 1);
        QCOMPARE(w.view()->table()->currentIndex().data().toString(), QStringLiteral("$40.00"));

        QTRY_VERIFY_WITH_TIMEOUT(w.costed(), 30'000);
        QVERIFY(costing->current()->report.routedCost > costBefore);
        QVERIFY(w.window.costStrip()->projectionText() != stripBefore);
        QVERIFY2(w.window.costStrip()->deltaText().contains(u'+'), qPrintable(w.window.costStrip()->deltaText()));

        // A second commit of the same cell merges into the same undo step.
        editor = w.openEditor(id.c_str(), CatalogModel::InputColumn);
        QVERIFY(editor);
        Window::type(editor, QStringLiteral("$45.5"));
        QCOMPARE(w.model(id).prices.input, price("45.5"));
        QCOMPARE(w.undo()->count(), 1);
        // Another cell of the row is a step of its own.
        editor = w.openEditor(id.c_str(), CatalogModel::MaxOutputColumn);
        QVERIFY(editor);
        Window::type(editor, QStringLiteral("4K"));
        QCOMPARE(w.model(id).maxOutput, 4000);
        QCOMPARE(w.undo()->count(), 2);

        w.undo()->undo();
        w.undo()->undo();
        QCOMPARE(w.workspace(), before);
        QTRY_VERIFY_WITH_TIMEOUT(w.costed(), 30'000);
        QCOMPARE(costing->current()->report.routedCost, costBefore);
        QCOMPARE(w.window.costStrip()->projectionText(), stripBefore);
    }

    void refusedValuesKeepTheEditorOpenWithTheReasonAndChangeNothing() {
        Window w;
        QVERIFY(w.open(test::sampleWorkspace()));
        const core::Workspace before = w.workspace();
        CatalogCellDelegate* delegate = w.view()->cellDelegate();

        QLineEdit* editor = w.openEditor("small-a", CatalogModel::InputColumn);
        QVERIFY(editor);
        Window::type(editor, QStringLiteral("-1"));
        QVERIFY(w.editing());
        QVERIFY(delegate->note() && delegate->note()->isVisible());
        QVERIFY2(delegate->note()->text().contains(QStringLiteral("price cannot be negative")),
                 qPrintable(delegate->note()->text()));
        QCOMPARE(w.workspace(), before);
        QCOMPARE(w.undo()->count(), 0);
        QTest::keyClick(editor, Qt::Key_Escape);
        QTRY_VERIFY(!w.editing());
        QVERIFY(!delegate->note());

        // small-a writes up to 16,384 tokens: a context window of 8,000 cannot hold that.
        editor = w.openEditor("small-a", CatalogModel::ContextColumn);
        QVERIFY(editor);
        QCOMPARE(editor->text(), QStringLiteral("128000"));
        Window::type(editor, QStringLiteral("8000"));
        QVERIFY(w.editing());
        QVERIFY2(delegate->note()->text().contains(QStringLiteral("cannot exceed the context window (8000)")),
                 qPrintable(delegate->note()->text()));
        QCOMPARE(w.workspace(), before);
        // Correcting the value in the open editor commits it.
        Window::type(editor, QStringLiteral("20000"));
        QVERIFY(!w.editing());
        QCOMPARE(w.model("small-a").contextWindow, 20000);
        w.undo()->undo();
        QCOMPARE(w.workspace(), before);

        editor = w.openEditor("mid-a", CatalogModel::OutputColumn);
        QVERIFY(editor);
        Window::type(editor, QStringLiteral("cheap"));
        QVERIFY2(delegate->note()->text().contains(QStringLiteral("is not a price")),
                 qPrintable(delegate->note()->text()));
        // Leaving the cell with the refused value drops it and says why under the table.
        w.view()->filterEdit()->setFocus();
        QTRY_VERIFY(!w.editing());
        QVERIFY(w.view()->statusLine()->isVisible());
        QVERIFY2(w.view()->statusLine()->text().startsWith(QStringLiteral("Not changed:")),
                 qPrintable(w.view()->statusLine()->text()));
        QCOMPARE(w.workspace(), before);

        // An id another model has is refused by setData too (the path a paste would take).
        CatalogModel* model = w.window.catalogModel();
        QVERIFY(!model->setData(model->index(w.row("mid-a"), CatalogModel::IdColumn), QStringLiteral("big-a")));
        QVERIFY(!model->lastRefusal().empty());
        QCOMPARE(QString::fromStdString(model->lastRefusal().front().pointer), QStringLiteral("/catalog/2/id"));
        QCOMPARE(w.workspace(), before);
        QCOMPARE(w.undo()->index(), 0);  // the one step there is was undone above
        QVERIFY(!w.undo()->canUndo());
    }

    void modelsAreAddedDuplicatedAndRemovedButNotWhileInUse() {
        Window w;
        QVERIFY(w.open(test::sampleWorkspace()));
        const core::Workspace before = w.workspace();
        CatalogPage* page = w.page();
        QCOMPARE(page->addModelAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+N")));
        QCOMPARE(page->duplicateAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+D")));
        QCOMPARE(page->importAction()->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+I")));

        // Add: a new row at the end with its id open for typing.
        page->addModelAction()->trigger();
        QCOMPARE(w.workspace().catalog.size(), 6u);
        QCOMPARE(w.workspace().catalog.models().back().id, std::string("new-model"));
        QLineEdit* editor = w.editor();
        QVERIFY(editor);
        Window::type(editor, QStringLiteral("house-model"));
        QCOMPARE(w.workspace().catalog.models().back().id, std::string("house-model"));
        QCOMPARE(w.undo()->count(), 2);

        // Duplicate with Ctrl+D on the table.
        w.view()->selectRow(w.row("small-b"));
        w.view()->table()->setFocus();
        QTest::keyClick(w.view()->table(), Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(w.workspace().catalog.size(), 7u);
        QCOMPARE(w.workspace().catalog.models()[2].id, std::string("small-b-copy"));
        QCOMPARE(w.view()->selectedRows(), QList<int>{2});

        // Remove a model tiers use: refused, naming them.
        w.view()->selectRow(w.row("small-a"));
        QVERIFY(page->deleteSelection());
        const QString status = w.view()->statusLine()->text();
        QVERIFY2(
            status.contains(QStringLiteral("tier \"simple\"")) && status.contains(QStringLiteral("tier \"medium\"")),
            qPrintable(status));
        QVERIFY(w.workspace().catalog.find("small-a"));
        QCOMPARE(w.undo()->count(), 3);

        // The copy nobody uses goes with Delete.
        w.view()->selectRow(w.row("small-b-copy"));
        w.view()->table()->setFocus();
        QTest::keyClick(w.view()->table(), Qt::Key_Delete);
        QVERIFY(!w.workspace().catalog.find("small-b-copy"));
        QCOMPARE(w.undo()->count(), 4);

        while (w.undo()->canUndo()) w.undo()->undo();
        QCOMPARE(w.workspace(), before);
    }

    void importingLiteLlmShowsWhatChangesAndAppliesAsOneStep() {
        core::Workspace ws = test::sampleWorkspace();
        // gpt-4o-mini at an older input price (the list says 0.15): changed.
        ws.catalog.models().push_back(test::makeModel("gpt-4o-mini", "openai", "GPT-4o mini", "0.2", "0.6", "0.075",
                                                      5000, 128000, 16384, "o200k_base"));
        // claude-sonnet-4-5 exactly as the list prices it: unchanged.
        core::Model sonnet = test::makeModel("claude-sonnet-4-5", "anthropic", "Claude Sonnet 4.5", "3", "15", "0.3", 0,
                                             200000, 64000, "estimate");
        sonnet.prices.cacheWrite = price("3.75");
        sonnet.prices.longContext.push_back({200000, price("6"), price("22.5"), std::nullopt, std::nullopt});
        ws.catalog.models().push_back(sonnet);
        // gemini/gemini-2.5-pro is not in the catalog: added. The list's embedding and image
        // entries and its model without prices are skipped (2 + 1).
        Window w;
        QVERIFY(w.open(ws));
        const core::Workspace before = w.workspace();

        Job* job =
            w.page()->importLiteLlmFile(QStringLiteral(SWITCHYARD_TEST_DATA_DIR "/litellm/model_prices_small.json"));
        QVERIFY(job);
        QTRY_VERIFY_WITH_TIMEOUT(w.page()->importDialog() != nullptr, 10'000);
        CatalogImportDialog* dialog = w.page()->importDialog();
        QCOMPARE(dialog->countsText(),
                 QStringLiteral("1 added  \u00b7  1 changed  \u00b7  1 unchanged  \u00b7  3 skipped"));
        QCOMPARE(dialog->list()->topLevelItemCount(), 2);
        QCOMPARE(dialog->list()->topLevelItem(0)->text(0), QStringLiteral("gpt-4o-mini"));
        QVERIFY2(dialog->list()->topLevelItem(0)->text(2).contains(QStringLiteral("input $0.20 \u2192 $0.15")),
                 qPrintable(dialog->list()->topLevelItem(0)->text(2)));
        QCOMPARE(dialog->list()->topLevelItem(1)->text(0), QStringLiteral("gemini/gemini-2.5-pro"));
        QCOMPARE(w.workspace(), before);  // nothing applied yet

        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QCOMPARE(w.workspace().catalog.size(), before.catalog.size() + 1);
        QCOMPARE(w.model("gpt-4o-mini").prices.input, price("0.15"));
        QCOMPARE(w.model("gpt-4o-mini").name, std::string("GPT-4o mini"));  // our name stays
        QCOMPARE(w.model("gemini/gemini-2.5-pro").provider, std::string("google"));
        QCOMPARE(w.model("claude-sonnet-4-5"), sonnet);
        QCOMPARE(w.undo()->count(), 1);
        QVERIFY(w.view()->statusLine()->text().contains(QStringLiteral("1 added")));

        w.undo()->undo();
        QCOMPARE(w.workspace(), before);
        w.undo()->redo();
        QCOMPARE(w.workspace().catalog.size(), before.catalog.size() + 1);
    }

    void aFileThatIsNoPriceListIsReportedAndChangesNothing() {
        Window w;
        QVERIFY(w.open(test::sampleWorkspace()));
        const core::Workspace before = w.workspace();
        const QString bad = w.dir.filePath(QStringLiteral("prices.json"));
        QVERIFY(test::writeBytes(bad, "[1, 2"));
        Job* job = w.page()->importLiteLlmFile(bad);
        QSignalSpy ended(job, &Job::ended);
        QVERIFY(ended.wait(10'000));
        QVERIFY(!w.page()->importDialog());
        QVERIFY2(w.view()->statusLine()->text().contains(QStringLiteral("prices.json")),
                 qPrintable(w.view()->statusLine()->text()));
        QCOMPARE(w.workspace(), before);
    }
};

SWITCHYARD_UI_TEST_MAIN(CatalogEditorTest)
#include "catalogeditor_test.moc"
