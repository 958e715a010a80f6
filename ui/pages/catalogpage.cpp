#include "ui/pages/catalogpage.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include <QSettings>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include "ui/models/catalogmodel.h"

#include "core/common/files.h"
#include "ui/app/navigator.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/catalogmodel.h"
#include "ui/models/displayformat.h"
#include "ui/views/catalogcelldelegate.h"
#include "ui/views/catalogimportdialog.h"
#include "ui/views/catalogview.h"
#include "ui/views/repricedialog.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

namespace {

const QString kColumnsKey = QStringLiteral("columns");

// A model to start from: an id nobody uses yet, no prices, a common context window.
core::Model newModel(const core::Catalog& catalog) {
    core::Model model;
    model.id = "new-model";
    for (int n = 2; catalog.find(model.id); ++n) model.id = "new-model-" + std::to_string(n);
    model.provider = "custom";
    model.name = "New model";
    model.contextWindow = 128'000;
    model.maxOutput = 8'192;
    model.tokenizer = "estimate";
    model.source = "entered by hand";
    return model;
}

// A short label for the header (the menu shows the action's full name), triggering the action.
QToolButton* headerButton(QAction* action, const QString& label, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(label);
    button->setToolTip(action->toolTip());
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    QObject::connect(button, &QToolButton::clicked, action, &QAction::trigger);
    QObject::connect(action, &QAction::enabledChanged, button, &QWidget::setEnabled);
    button->setEnabled(action->isEnabled());
    return button;
}

// The catalog row and column a pointer under /catalog names: /catalog/3/input -> (3, Input).
std::pair<int, int> cellOf(const QString& pointer) {
    const QStringList parts = Navigator::split(pointer);
    if (parts.size() < 2 || parts[0] != QStringLiteral("catalog")) return {-1, 0};
    bool ok = false;
    const int row = parts[1].toInt(&ok);
    if (!ok) return {-1, 0};
    static const std::pair<const char*, int> columns[] = {
        {"id", CatalogModel::IdColumn},
        {"name", CatalogModel::NameColumn},
        {"provider", CatalogModel::ProviderColumn},
        {"input", CatalogModel::InputColumn},
        {"output", CatalogModel::OutputColumn},
        {"cache_read", CatalogModel::CachedInputColumn},
        {"cache_write", CatalogModel::CacheWriteColumn},
        {"batch_discount_percent", CatalogModel::BatchDiscountColumn},
        {"context_window", CatalogModel::ContextColumn},
        {"max_output", CatalogModel::MaxOutputColumn},
    };
    int column = CatalogModel::IdColumn;
    if (parts.size() > 2)
        for (const auto& [key, value] : columns)
            if (parts[2] == QLatin1String(key)) column = value;
    return {row, column};
}

}  // namespace

CatalogPage::CatalogPage(const Workbench& workbench, QWidget* parent)
    : Page(parent),
      m_workbench(workbench),
      m_view(new CatalogView(workbench.catalogModel, this)),
      m_add(new QAction(tr("&Add Model"), this)),
      m_duplicate(new QAction(tr("D&uplicate Model"), this)),
      m_remove(new QAction(tr("&Remove Model"), this)),
      m_import(new QAction(tr("&Import LiteLLM Prices\u2026"), this)),
      m_whatIf(new QAction(tr("&What If Prices Change\u2026"), this)) {
    setObjectName(QStringLiteral("catalogPage"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    m_add->setShortcut(QKeySequence(tr("Ctrl+Shift+N")));
    m_add->setToolTip(tr("Add a model to the catalog (Ctrl+Shift+N)"));
    m_duplicate->setShortcut(QKeySequence(tr("Ctrl+D")));
    m_duplicate->setToolTip(tr("Copy the selected model under a new id (Ctrl+D)"));
    // Delete is the Edit menu's (it calls deleteSelection), so this one shows no shortcut of its own.
    m_remove->setToolTip(tr("Remove the selected models from the catalog (Delete)"));
    m_import->setShortcut(QKeySequence(tr("Ctrl+Shift+I")));
    m_import->setToolTip(
        tr("Read LiteLLM's model_prices_and_context_window.json and see what it changes before "
           "applying it (Ctrl+Shift+I)"));
    for (QAction* action : {m_add, m_duplicate, m_import}) QWidget::addAction(action);
    connect(m_add, &QAction::triggered, this, &CatalogPage::addModel);
    connect(m_duplicate, &QAction::triggered, this, &CatalogPage::duplicateSelected);
    connect(m_remove, &QAction::triggered, this, &CatalogPage::removeSelected);
    connect(m_import, &QAction::triggered, this, &CatalogPage::chooseLiteLlmFile);
    connect(m_whatIf, &QAction::triggered, this, &CatalogPage::showWhatIf);
    m_whatIf->setToolTip(
        tr("What if prices change: the latest simulation re-costed under edited prices, old against new per route"));

    ViewHeader* header = m_view->header();
    header->addTrailingWidget(headerButton(m_add, tr("Add"), header));
    header->addTrailingWidget(headerButton(m_duplicate, tr("Duplicate"), header));
    header->addTrailingWidget(headerButton(m_import, tr("Import prices\u2026"), header));
    header->addTrailingWidget(headerButton(m_whatIf, tr("What if\u2026"), header));

    connect(m_view->table()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CatalogPage::updateActions);
    connect(m_workbench.document, &WorkspaceDocument::changed, this, &CatalogPage::updateActions);
    updateActions();

    if (m_workbench.navigator)
        m_workbench.navigator->addTarget(this, QStringLiteral("/catalog"),
                                         [this](const QString& pointer) { selectPointer(pointer); });
}

bool CatalogPage::selectModel(const QString& modelId) {
    QSortFilterProxyModel* proxy = m_view->proxy();
    for (int pass = 0; pass < 2; ++pass) {
        for (int row = 0; row < proxy->rowCount(); ++row) {
            const QModelIndex index = proxy->index(row, 0);
            if (index.data(CatalogModel::ModelIdRole).toString() != modelId) continue;
            m_view->table()->selectRow(row);
            m_view->table()->scrollTo(index);
            m_view->table()->setFocus(Qt::OtherFocusReason);
            return true;
        }
        m_view->filterEdit()->clear();
    }
    return false;
}
QList<QAction*> CatalogPage::pageActions() const { return {m_add, m_duplicate, m_remove, m_import, m_whatIf}; }

void CatalogPage::showWhatIf() {
    auto* dialog = new RepriceDialog(m_workbench, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

bool CatalogPage::focusFilter() {
    m_view->filterEdit()->setFocus(Qt::ShortcutFocusReason);
    m_view->filterEdit()->selectAll();
    return true;
}

bool CatalogPage::deleteSelection() {
    if (m_view->selectedRows().isEmpty()) return false;
    removeSelected();
    return true;
}

void CatalogPage::updateActions() {
    const bool selected = !m_view->selectedRows().isEmpty();
    m_duplicate->setEnabled(selected);
    m_remove->setEnabled(selected);
}

void CatalogPage::addModel() {
    const auto& catalog = m_workbench.document->workspace().catalog;
    const int row = static_cast<int>(catalog.size());
    const core::Model model = newModel(catalog);
    const core::Status status = m_workbench.commands->insertCatalogModel(row, model);
    if (!status) {
        m_view->showStatus(tr("Not added: %1").arg(cellMessage(status.problems(), false)), true);
        return;
    }
    m_view->showStatus(
        tr("Added \u201c%1\u201d: type its id, then its prices in USD per 1M tokens.").arg(toQString(model.id)), false);
    m_view->editCell(row, CatalogModel::IdColumn);
}

void CatalogPage::duplicateSelected() {
    const QList<int> rows = m_view->selectedRows();
    if (rows.isEmpty()) return;
    const int row = rows.back();
    const core::Status status = m_workbench.commands->duplicateCatalogModel(row);
    if (!status) {
        m_view->showStatus(tr("Not duplicated: %1").arg(cellMessage(status.problems(), false)), true);
        return;
    }
    const auto& copy = m_workbench.document->workspace().catalog.models().at(static_cast<size_t>(row) + 1);
    m_view->showStatus(tr("Added \u201c%1\u201d, a copy served by no provider yet.").arg(toQString(copy.id)), false);
    m_view->selectRow(row + 1);
}

void CatalogPage::removeSelected() {
    QList<int> rows = m_view->selectedRows();
    if (rows.isEmpty()) return;
    QStringList removed;
    QStringList refused;
    // From the bottom up, so the rows still to remove keep their numbers.
    for (auto it = rows.crbegin(); it != rows.crend(); ++it) {
        const QString id =
            toQString(m_workbench.document->workspace().catalog.models().at(static_cast<size_t>(*it)).id);
        const core::Status status = m_workbench.commands->removeCatalogModel(*it);
        if (status)
            removed.prepend(id);
        else
            refused.prepend(cellMessage(status.problems(), false));
    }
    if (!refused.isEmpty()) {
        m_view->showStatus(
            removed.isEmpty()
                ? tr("Not removed: %1").arg(refused.join(u' '))
                : tr("Removed %1. Not removed: %2").arg(removed.join(QStringLiteral(", ")), refused.join(u' ')),
            true);
    } else {
        m_view->showStatus(tr("Removed %1. Undo brings it back.").arg(removed.join(QStringLiteral(", "))), false);
    }
}

void CatalogPage::chooseLiteLlmFile() {
    const QString path = QFileDialog::getOpenFileName(this, tr("Import LiteLLM prices"), m_lastImportDirectory,
                                                      tr("LiteLLM price list (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    m_lastImportDirectory = QFileInfo(path).absolutePath();
    importLiteLlmFile(path);
}

Job* CatalogPage::importLiteLlmFile(const QString& path) {
    const std::filesystem::path file(path.toStdU16String());
    const QString fileName = QFileInfo(path).fileName();
    auto snapshot = m_workbench.document->snapshot();
    m_import->setEnabled(false);
    m_view->showStatus(tr("Reading %1\u2026").arg(fileName), false);
    Job* job = m_workbench.jobs->start<CatalogImportPreview>(
        tr("Import %1").arg(fileName),
        [file, fileName, snapshot](JobControl&) -> core::Result<CatalogImportPreview> {
            auto text = core::readTextFile(file);
            if (!text) return text.problems();
            auto imported = core::importLiteLlm(std::move(*text), file.string());
            if (!imported) return imported.problems();
            CatalogImportPreview preview{fileName, std::move(*imported), {}};
            preview.plan = core::planCatalogMerge(snapshot->catalog, preview.imported.catalog);
            return preview;
        },
        [this](CatalogImportPreview& preview) { showImport(preview); });
    connect(job, &Job::failed, this, [this, fileName](const core::Problems& problems) {
        m_view->showStatus(
            tr("Could not import %1: %2").arg(fileName, QString::fromStdString(problems.front().toString())), true);
    });
    connect(job, &Job::ended, this, [this] { m_import->setEnabled(true); });
    return job;
}

void CatalogPage::showImport(CatalogImportPreview& preview) {
    m_view->showStatus({}, false);
    if (m_importDialog) m_importDialog->deleteLater();
    m_importDialog = new CatalogImportDialog(std::move(preview), this);
    m_importDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_importDialog, &QDialog::accepted, this, [this, dialog = m_importDialog] {
        const CatalogImportPreview& shown = dialog->preview();
        const core::Status status = m_workbench.commands->mergeCatalog(shown.imported.catalog, shown.fileName);
        if (!status) {
            m_view->showStatus(tr("Not imported: %1").arg(cellMessage(status.problems(), false)), true);
            return;
        }
        m_view->showStatus(
            tr("Imported %1: %2. Undo takes it back in one step.").arg(shown.fileName, dialog->countsText()), false);
    });
    m_importDialog->open();
}

CatalogImportDialog* CatalogPage::importDialog() const { return m_importDialog.data(); }

void CatalogPage::selectPointer(const QString& pointer) {
    const auto [row, column] = cellOf(pointer);
    if (row >= 0) m_view->selectRow(row, column);
    m_view->table()->setFocus(Qt::OtherFocusReason);
}

void CatalogPage::saveState(QSettings& settings) const {
    settings.setValue(kColumnsKey, m_view->table()->horizontalHeader()->saveState());
}

void CatalogPage::restoreState(const QSettings& settings) {
    const QByteArray state = settings.value(kColumnsKey).toByteArray();
    if (!state.isEmpty()) m_view->table()->horizontalHeader()->restoreState(state);
}

}  // namespace switchyard::ui
