#pragma once
// Catalog: every model the workspace knows, with its prices and limits.

#include "ui/app/workbench.h"
#include "ui/pages/page.h"

namespace switchyard::ui {

class CatalogView;

class CatalogPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogPage)

public:
    explicit CatalogPage(const Workbench& workbench, QWidget* parent = nullptr);

    [[nodiscard]] QString key() const override { return QStringLiteral("catalog"); }
    [[nodiscard]] QString title() const override { return tr("Catalog"); }
    bool focusFilter() override;
    // Selects the model with this id in the table (clearing a filter that hides it).
    bool selectModel(const QString& modelId);
    [[nodiscard]] CatalogView* view() const { return m_view; }

private:
    Workbench m_workbench;
    CatalogView* m_view;
};

}  // namespace switchyard::ui
