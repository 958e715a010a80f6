#pragma once
// Policy: the ordered rules (with their share of the sample traffic and what it costs), a form
// for the selected rule, the classifier / threshold / guard settings and the cascade checks,
// and beside them the live route preview, whose deciding rule is marked in the list.

#include <QList>

#include "ui/app/workbench.h"
#include "ui/pages/page.h"

class QAction;
class QLineEdit;
class QListView;
class QSplitter;
class QTabWidget;

namespace switchyard::ui {

class CascadeEditor;
class PolicySettingsView;
class RoutePreview;
class RuleEditor;
class RuleListModel;
class RuleSuggestionsDialog;
class DriftDialog;

class PolicyPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicyPage)

public:
    explicit PolicyPage(const Workbench& workbench, QWidget* parent = nullptr);

    [[nodiscard]] QString key() const override { return QStringLiteral("policy"); }
    [[nodiscard]] QString title() const override { return tr("Policy"); }
    [[nodiscard]] QList<QAction*> pageActions() const override;
    bool focusFilter() override;
    bool deleteSelection() override;
    void saveState(QSettings& settings) const override;
    void restoreState(const QSettings& settings) override;

    [[nodiscard]] RuleListModel* ruleModel() const { return m_model; }
    [[nodiscard]] QListView* ruleList() const { return m_list; }
    [[nodiscard]] QLineEdit* filterEdit() const { return m_filter; }
    [[nodiscard]] RuleEditor* ruleEditor() const { return m_editor; }
    [[nodiscard]] PolicySettingsView* settingsView() const { return m_settings; }
    [[nodiscard]] CascadeEditor* cascadeEditor() const { return m_cascade; }
    [[nodiscard]] RoutePreview* preview() const { return m_preview; }
    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    [[nodiscard]] int selectedRule() const;
    void selectRule(int row);
    // Shows what a JSON pointer under /policy names: a rule selected in the list, or the tab
    // of the classifier, threshold, guard or cascade settings.
    void selectPointer(const QString& pointer);

    // "Suggest rules…": the dialog of patterns to promote to rules (made on first use).
    RuleSuggestionsDialog* openSuggestions();
    [[nodiscard]] RuleSuggestionsDialog* suggestionsDialog() const { return m_suggestions; }
    [[nodiscard]] QAction* suggestAction() const { return m_suggest; }
    // "Drift…": a new traffic log against the previous one, read-only (made on first use).
    DriftDialog* openDrift();
    [[nodiscard]] DriftDialog* driftDialog() const { return m_drift; }
    [[nodiscard]] QAction* driftAction() const { return m_driftAction; }

    void addRule();
    void duplicateRule();
    void moveSelected(int delta);

private:
    void applyFilter();
    void updateActions();

    Workbench m_workbench;
    RuleListModel* m_model;
    QLineEdit* m_filter;
    QListView* m_list;
    RuleEditor* m_editor;
    PolicySettingsView* m_settings;
    CascadeEditor* m_cascade;
    RoutePreview* m_preview;
    QTabWidget* m_tabs;
    QSplitter* m_splitter;
    QAction* m_add;
    QAction* m_duplicate;
    QAction* m_up;
    QAction* m_down;
    QAction* m_suggest;
    RuleSuggestionsDialog* m_suggestions = nullptr;
    QAction* m_driftAction;
    DriftDialog* m_drift = nullptr;
};

}  // namespace switchyard::ui
