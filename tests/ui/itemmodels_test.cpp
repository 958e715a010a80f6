// CatalogModel and TierModel: structure checked by QAbstractItemModelTester, contents against the
// workspace, numeric sorting and the filter through the proxy the catalog view uses.
#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTest>

#include "tests/ui/testworkspace.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/catalogmodel.h"
#include "ui/models/displayformat.h"
#include "ui/models/tiermodel.h"

using namespace switchyard;
using namespace switchyard::ui;

namespace {
using Mode = QAbstractItemModelTester::FailureReportingMode;

void configureLikeCatalogView(QSortFilterProxyModel& proxy, CatalogModel& model) {
    proxy.setSourceModel(&model);
    proxy.setSortRole(CatalogModel::SortRole);
    proxy.setFilterRole(CatalogModel::SearchRole);
    proxy.setFilterKeyColumn(CatalogModel::IdColumn);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
}

QStringList idsInOrder(const QAbstractItemModel& model) {
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(CatalogModel::ModelIdRole).toString();
    return ids;
}
}  // namespace

class ItemModelsTest final : public QObject {
    Q_OBJECT

private slots:
    void catalogModelPassesTheTester() {
        WorkspaceDocument document;
        CatalogModel model(&document);
        QAbstractItemModelTester tester(&model, Mode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        document.reset(test::sampleWorkspace());
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.columnCount(), int(CatalogModel::ColumnCount));
        test::applyEdit(document, WorkspaceField::Catalog, [](core::Workspace& ws) { ws.catalog.models().pop_back(); });
        QCOMPARE(model.rowCount(), 4);
        document.reset(core::Workspace{});
        QCOMPARE(model.rowCount(), 0);
    }

    void catalogProxyPassesTheTesterWhileSortingAndFiltering() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        CatalogModel model(&document);
        QSortFilterProxyModel proxy;
        configureLikeCatalogView(proxy, model);
        QAbstractItemModelTester tester(&proxy, Mode::QtTest);
        for (int column = 0; column < model.columnCount(); ++column) {
            proxy.sort(column, Qt::AscendingOrder);
            proxy.sort(column, Qt::DescendingOrder);
        }
        proxy.setFilterFixedString(QStringLiteral("anthropic"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setFilterFixedString(QString());
        QCOMPARE(proxy.rowCount(), 5);
        document.reset(test::sampleWorkspace());
        QCOMPARE(proxy.rowCount(), 5);
    }

    void catalogShowsEachModelsFacts() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        CatalogModel model(&document);
        auto text = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(text(0, CatalogModel::IdColumn), QStringLiteral("small-a"));
        QCOMPARE(text(0, CatalogModel::NameColumn), QStringLiteral("Small A"));
        QCOMPARE(text(0, CatalogModel::ProviderColumn), QStringLiteral("openai"));
        QCOMPARE(text(0, CatalogModel::InputColumn), QStringLiteral("$0.15"));
        QCOMPARE(text(0, CatalogModel::OutputColumn), QStringLiteral("$0.60"));
        QCOMPARE(text(0, CatalogModel::CachedInputColumn), QStringLiteral("$0.075"));
        QCOMPARE(text(0, CatalogModel::CacheWriteColumn), QStringLiteral("\u2014"));
        QCOMPARE(text(0, CatalogModel::BatchDiscountColumn), QStringLiteral("50%"));
        QCOMPARE(text(0, CatalogModel::ContextColumn), QStringLiteral("128K"));
        QCOMPARE(text(0, CatalogModel::MaxOutputColumn), QStringLiteral("16.4K"));
        QCOMPARE(text(0, CatalogModel::TokenizerColumn), QStringLiteral("exact"));
        QCOMPARE(text(1, CatalogModel::TokenizerColumn), QStringLiteral("estimate"));
        QCOMPARE(text(3, CatalogModel::BatchDiscountColumn), QStringLiteral("\u2014"));
        QCOMPARE(text(2, CatalogModel::InputColumn), QStringLiteral("$3.00"));
    }

    void pricesSortAsNumbers() {
        WorkspaceDocument document;
        document.reset(test::sampleWorkspace());
        CatalogModel model(&document);
        QSortFilterProxyModel proxy;
        configureLikeCatalogView(proxy, model);
        proxy.sort(CatalogModel::InputColumn, Qt::AscendingOrder);
        // As text "$0.28" < "$0.15" would be wrong and "$3.00" < "$5.00" < "$0.10" too.
        QCOMPARE(idsInOrder(proxy), QStringList({"small-b", "small-a", "mid-b", "mid-a", "big-a"}));
        proxy.sort(CatalogModel::CachedInputColumn, Qt::AscendingOrder);
        QCOMPARE(idsInOrder(proxy).first(), QStringLiteral("small-b"));  // no cache price sorts first
        proxy.sort(CatalogModel::ContextColumn, Qt::DescendingOrder);
        QCOMPARE(idsInOrder(proxy).first(), QStringLiteral("small-b"));
    }

    void tierModelPassesTheTester() {
        WorkspaceDocument document;
        TierModel model(&document);
        QAbstractItemModelTester tester(&model, Mode::QtTest);
        document.reset(test::sampleWorkspace());
        test::applyEdit(document, WorkspaceField::Tiers, [](core::Workspace& ws) { ws.tiers[1].fallbacks.clear(); });
        test::applyEdit(document, WorkspaceField::Catalog, [](core::Workspace& ws) { ws.catalog.models().pop_back(); });
        document.reset(core::Workspace{});
        QCOMPARE(model.rowCount(), 0);
    }

    void tierModelMirrorsTheTiers() {
        WorkspaceDocument document;
        const core::Workspace ws = test::sampleWorkspace();
        document.reset(ws);
        TierModel model(&document);
        QCOMPARE(model.rowCount(), int(ws.tiers.size()));
        for (int row = 0; row < model.rowCount(); ++row) {
            const core::Tier& tier = ws.tiers[size_t(row)];
            const QModelIndex tierIndex = model.index(row, 0);
            QVERIFY(tierIndex.data(TierModel::IsTierRole).toBool());
            QCOMPARE(tierIndex.data().toString(), QString::fromStdString(tier.name));
            QCOMPARE(model.rowCount(tierIndex), 1 + int(tier.fallbacks.size()));
            QCOMPARE(model.rowCount(model.index(row, 1)), 0);
            for (int slot = 0; slot < model.rowCount(tierIndex); ++slot) {
                const QModelIndex card = model.index(slot, 0, tierIndex);
                const std::string& expected = slot == 0 ? tier.primary : tier.fallbacks[size_t(slot - 1)];
                QCOMPARE(card.data(TierModel::ModelIdRole).toString(), QString::fromStdString(expected));
                QCOMPARE(card.data(TierModel::SlotRole).toInt(), slot);
                QVERIFY(!card.data(TierModel::IsTierRole).toBool());
                QVERIFY(card.data(TierModel::InCatalogRole).toBool());
                QCOMPARE(model.parent(card), tierIndex);
                QCOMPARE(model.rowCount(card), 0);
            }
        }
        const QModelIndex primary = model.index(0, 0, model.index(0, 0));
        QCOMPARE(primary.data(TierModel::ModelNameRole).toString(), QStringLiteral("Small A"));
        QCOMPARE(primary.data(TierModel::ProviderRole).toString(), QStringLiteral("openai"));
        QCOMPARE(primary.data(TierModel::InputPriceRole).toString(), QStringLiteral("$0.15"));
        QCOMPARE(primary.data(TierModel::CachedInputPriceRole).toString(), QStringLiteral("$0.075"));
        QCOMPARE(primary.data(TierModel::ContextWindowRole).toString(), QStringLiteral("128K"));
    }

    void tierModelMarksModelsMissingFromTheCatalog() {
        WorkspaceDocument document;
        core::Workspace ws = test::sampleWorkspace();
        ws.tiers[2].fallbacks.push_back("gone-model");
        document.reset(ws);
        TierModel model(&document);
        const QModelIndex card = model.index(1, 0, model.index(2, 0));
        QVERIFY(!card.data(TierModel::InCatalogRole).toBool());
        QCOMPARE(card.data(TierModel::ModelNameRole).toString(), QStringLiteral("gone-model"));
    }

    void displayFormats_data() {
        QTest::addColumn<QString>("price");
        QTest::addColumn<QString>("shown");
        QTest::newRow("whole") << "15"
                               << "$15.00";
        QTest::newRow("one decimal") << "2.5"
                                     << "$2.50";
        QTest::newRow("three decimals") << "0.075"
                                        << "$0.075";
        QTest::newRow("four decimals") << "0.0028"
                                       << "$0.0028";
        QTest::newRow("zero") << "0"
                              << "$0.00";
    }

    void displayFormats() {
        QFETCH(QString, price);
        QFETCH(QString, shown);
        QCOMPARE(formatPrice(*core::Price::parse(price.toStdString())), shown);
    }

    void tokenCounts() {
        QCOMPARE(formatTokenCount(8192), QStringLiteral("8,192"));
        QCOMPARE(formatTokenCount(128000), QStringLiteral("128K"));
        QCOMPARE(formatTokenCount(65536), QStringLiteral("65.5K"));
        QCOMPARE(formatTokenCount(1000000), QStringLiteral("1M"));
        QCOMPARE(formatTokenCount(1047576), QStringLiteral("1.05M"));
    }

    void pathsShowTheHomeFolderAsTilde() {
        const QString home = QStringLiteral("/home/ana");
        QCOMPARE(formatPathForDisplay(QStringLiteral("/home/ana/routing/ws.json"), home),
                 QStringLiteral("~/routing/ws.json"));
        QCOMPARE(formatPathForDisplay(QStringLiteral("/home/ana/../bob/ws.json"), home),
                 QStringLiteral("/home/bob/ws.json"));
        QCOMPARE(formatPathForDisplay(QStringLiteral("/home/anabel/ws.json"), home),
                 QStringLiteral("/home/anabel/ws.json"));
        QCOMPARE(formatPathForDisplay(QStringLiteral("/srv/ws.json"), QStringLiteral("/")),
                 QStringLiteral("/srv/ws.json"));
    }
};

SWITCHYARD_UI_TEST_MAIN(ItemModelsTest)
#include "itemmodels_test.moc"
