#pragma once
// Catalog: every model the workspace knows, with its prices and limits, editable in place;
// models added, duplicated and removed; LiteLLM's price list imported after a summary of what
// it changes. Every edit goes through WorkspaceCommands and is one undo step.

#include <QPointer>

#include "ui/app/workbench.h"
#include "ui/pages/page.h"

class QAction;

namespace switchyard::ui {

class CatalogImportDialog;
struct CatalogImportPreview;
class CatalogView;
class Job;

class CatalogPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogPage)

public:
    explicit CatalogPage(const Workbench& workbench, QWidget* parent = nullptr);

    [[nodiscard]] QString key() const override { return QStringLiteral("catalog"); }
    [[nodiscard]] QString title() const override { return tr("Catalog"); }
    [[nodiscard]] QList<QAction*> pageActions() const override;
    bool focusFilter() override;
    // Selects the model with this id in the table (clearing a filter that hides it).
    bool selectModel(const QString& modelId);
    bool deleteSelection() override;
    void saveState(QSettings& settings) const override;
    void restoreState(const QSettings& settings) override;

    [[nodiscard]] CatalogView* view() const { return m_view; }
    [[nodiscard]] QAction* addModelAction() const { return m_add; }
    [[nodiscard]] QAction* duplicateAction() const { return m_duplicate; }
    [[nodiscard]] QAction* removeAction() const { return m_remove; }
    [[nodiscard]] QAction* importAction() const { return m_import; }
    [[nodiscard]] QAction* whatIfAction() const { return m_whatIf; }

    // Adds a model after the last one and opens its id for typing.
    void addModel();
    void duplicateSelected();
    // Removes the selected models; a model still in use stays, and the status line names its users.
    void removeSelected();
    // Reads a LiteLLM price file on a worker and then shows what importing it would change.
    Job* importLiteLlmFile(const QString& path);
    // The summary of the last import read, while it is open.
    [[nodiscard]] CatalogImportDialog* importDialog() const;

private:
    void chooseLiteLlmFile();
    void showWhatIf();
    void showImport(CatalogImportPreview& preview);
    void selectPointer(const QString& pointer);
    void updateActions();

    Workbench m_workbench;
    CatalogView* m_view;
    QAction* m_add;
    QAction* m_duplicate;
    QAction* m_remove;
    QAction* m_import;
    QAction* m_whatIf;  // re-cost the newest simulation under edited prices (RepriceDialog)
    QPointer<CatalogImportDialog> m_importDialog;
    QString m_lastImportDirectory;
};

}  // namespace switchyard::ui
