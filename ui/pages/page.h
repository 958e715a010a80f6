#pragma once
// One view of the workbench (Tiers, Policy, Compare, …). The main window only assembles pages:
// it puts each in the navigation with its title and icon, gives it Ctrl+<position>, lists its
// actions in the Page menu, routes Find and Delete to it, and saves and restores its state.
// A page owns its view logic and talks to the document only through the Workbench services.

#include <QIcon>
#include <QList>
#include <QWidget>

class QAction;
class QSettings;

namespace switchyard::ui {

class Page : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Page)

public:
    using QWidget::QWidget;
    ~Page() override = default;

    // Stable key for settings and tests ("tiers", "policy", …).
    [[nodiscard]] virtual QString key() const = 0;
    [[nodiscard]] virtual QString title() const = 0;
    [[nodiscard]] virtual QIcon icon() const { return {}; }
    // Actions of this page for the Page menu (with their shortcuts set); owned by the page.
    [[nodiscard]] virtual QList<QAction*> pageActions() const { return {}; }

    // Ctrl+F: focus the page's filter or search box. False if it has none.
    virtual bool focusFilter() { return false; }
    // Delete: remove the selected card, rule or row. False if nothing was selected.
    virtual bool deleteSelection() { return false; }

    // Per-user view state (splitters, columns, the last selection) in QSettings, under a
    // group named by key(); never workspace content.
    virtual void saveState(QSettings& settings) const { Q_UNUSED(settings); }
    virtual void restoreState(const QSettings& settings) { Q_UNUSED(settings); }
};

}  // namespace switchyard::ui
