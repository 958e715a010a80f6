#pragma once
// The form for one provider on the Settings page: its name, adapter kind, base URL, where its
// key comes from (an environment variable and/or a keychain entry), the catalog models it
// serves, its rate limits, the API key itself (entered once, kept in the system keychain, shown only masked) and
// a connection test.
//
// Every field edit goes through WorkspaceCommands::replaceProvider, so it is undoable and
// consecutive edits of one provider merge into one step; a refused edit shows the reason under
// the field and changes nothing.

#include <QHash>
#include <QWidget>

#include "core/workspace/workspace.h"
#include "ui/app/workbench.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace switchyard::ui {

class KeychainKeySource;

class ProviderEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderEditor)

public:
    explicit ProviderEditor(const Workbench& workbench, QWidget* parent = nullptr);

    // Shows provider `index` of the workspace (-1: none). Called again after every change.
    void showProvider(int index);
    [[nodiscard]] int providerIndex() const { return m_index; }

    // The connection test's last words for the shown provider.
    [[nodiscard]] QString testResult() const;

private:
    [[nodiscard]] const core::ProviderConfig* provider() const;
    // Which field an edit changes: consecutive edits of one field merge into one undo step.
    enum class Field { Name = 1, Kind, BaseUrl, KeyEnv, KeychainEntry, Models, Limits };
    // Applies `change` to a copy of the shown provider and submits it; problems go to `problems`.
    void edit(Field field, const std::function<void(core::ProviderConfig&)>& change, QLabel* problems);
    void showProblems(const core::Problems& problems, QLabel* field);
    void refreshKey();
    void storeKey();
    void forgetKey();
    void testConnection();

    Workbench m_workbench;
    KeychainKeySource* m_keys;
    int m_index = -1;
    bool m_refreshing = false;

    QLineEdit* m_name;
    QComboBox* m_kind;
    QLineEdit* m_baseUrl;
    QLineEdit* m_keyEnv;
    QLineEdit* m_keychainEntry;
    QListWidget* m_models;
    QSpinBox* m_maxConcurrent;
    QSpinBox* m_requestsPerMinute;
    QSpinBox* m_tokensPerMinute;
    QLabel* m_nameProblem;
    QLabel* m_kindProblem;
    QLabel* m_baseUrlProblem;
    QLabel* m_keyEnvProblem;
    QLabel* m_keychainProblem;
    QLabel* m_modelsProblem;
    QLabel* m_limitsProblem;
    QLabel* m_keyStatus;
    QLineEdit* m_keyEdit;
    QPushButton* m_storeKey;
    QPushButton* m_forgetKey;
    QLabel* m_keyProblem;
    QPushButton* m_test;
    QLabel* m_testResult;
    QHash<QString, QString> m_testResults;  // by provider name: the last test's words
    QHash<QString, bool> m_testRunning;
};

}  // namespace switchyard::ui
