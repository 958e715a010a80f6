#pragma once
// What importing a price list would do to the catalog, shown before anything changes: how many
// models it adds, changes (and what in each), leaves as they are and skips, with a list of the
// added and changed ones. Apply makes it one undo step; Cancel leaves the catalog untouched.

#include <QDialog>

#include "core/catalog/catalogmerge.h"
#include "core/catalog/litellmimport.h"

class QLabel;
class QPushButton;
class QTreeWidget;

namespace switchyard::ui {

// An import read on a worker: the list as read and the plan against the catalog it was read for.
struct CatalogImportPreview {
    QString fileName;  // for people: "model_prices_and_context_window.json"
    core::LiteLlmImport imported;
    core::CatalogMerge plan;

    [[nodiscard]] int skipped() const { return imported.skippedNonChat + imported.skippedIncomplete; }
};

class CatalogImportDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogImportDialog)

public:
    explicit CatalogImportDialog(CatalogImportPreview preview, QWidget* parent = nullptr);

    [[nodiscard]] const CatalogImportPreview& preview() const { return m_preview; }
    // The counts as shown, for tests: "1 added", "1 changed", "1 unchanged", "3 skipped".
    [[nodiscard]] QString countsText() const;
    [[nodiscard]] QPushButton* applyButton() const { return m_apply; }
    [[nodiscard]] QTreeWidget* list() const { return m_list; }

private:
    CatalogImportPreview m_preview;
    QLabel* m_counts;
    QTreeWidget* m_list;
    QPushButton* m_apply;
};

}  // namespace switchyard::ui
