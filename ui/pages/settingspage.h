#pragma once
// Settings: the workspace's providers (editable, undoable), their API keys in the system
// keychain, a connection test for each, the simulation settings live costing uses, and the
// Compare panel's cost cap and stream idle timeout.

#include "ui/app/workbench.h"
#include "ui/pages/page.h"

class QLabel;
class QListWidget;
class QPushButton;
class QSplitter;
class QTabWidget;

namespace switchyard::ui {

class CompareSettingsEditor;
class KeychainKeySource;
class ProviderEditor;
class SimulationSettingsEditor;
struct WorkspaceChange;

class SettingsPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsPage)

public:
    explicit SettingsPage(const Workbench& workbench, QWidget* parent = nullptr);

    [[nodiscard]] QString key() const override { return QStringLiteral("settings"); }
    [[nodiscard]] QString title() const override { return tr("Settings"); }
    bool deleteSelection() override;
    void saveState(QSettings& settings) const override;
    void restoreState(const QSettings& settings) override;

    [[nodiscard]] QListWidget* providerList() const { return m_providers; }
    [[nodiscard]] ProviderEditor* providerEditor() const { return m_editor; }
    [[nodiscard]] SimulationSettingsEditor* simulationEditor() const { return m_simulation; }
    [[nodiscard]] CompareSettingsEditor* compareEditor() const { return m_compare; }
    [[nodiscard]] QTabWidget* tabs() const { return m_tabs; }
    // Shows the "Sample traffic and projection" tab (the cost strip's "Change…" link lands here).
    void showSimulationSettings();
    // What the page says about the keychain ("Keys are kept in …" / "No keychain service …").
    [[nodiscard]] QString keychainStatus() const;

private:
    void workspaceChanged(const WorkspaceChange& change);
    void rebuildProviderList();
    void refreshKeychainStatus();
    void addProvider();
    void removeProvider();

    Workbench m_workbench;
    KeychainKeySource* m_keys;
    QLabel* m_keychainStatus;
    QListWidget* m_providers;
    QPushButton* m_add;
    QPushButton* m_remove;
    QLabel* m_listProblem;
    ProviderEditor* m_editor;
    QSplitter* m_splitter;
    QTabWidget* m_tabs;
    SimulationSettingsEditor* m_simulation;
    CompareSettingsEditor* m_compare;
    QWidget* m_simulationTab = nullptr;
};

}  // namespace switchyard::ui
