#pragma once
// "Suggest rules": patterns a traffic log's classifier decisions, or an eval run's cheapest
// passing tiers, send consistently to one tier (core/eval/rulesuggest.h), computed on a worker from a snapshot of the
// workspace and listed with their support and accuracy; Add appends one as a rule through the command layer (one undo
// step, Ctrl+Z here or in the main window takes it back). Any change of the policy (an Add, its
// undo, an edit elsewhere) counts the last Find's source again on a worker, so a pattern the
// rules now decide leaves the list and comes back when they no longer do.

#include <QDialog>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/eval/rulesuggest.h"
#include "ui/app/workbench.h"

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace switchyard::ui {

class RuleSuggestionsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RuleSuggestionsDialog)

public:
    explicit RuleSuggestionsDialog(const Workbench& workbench, QWidget* parent = nullptr);

    [[nodiscard]] QComboBox* sourceBox() const { return m_source; }  // 0: traffic log, 1: eval run
    [[nodiscard]] QLineEdit* logEdit() const { return m_log; }
    [[nodiscard]] QSpinBox* runBox() const { return m_run; }
    [[nodiscard]] QSpinBox* minSupport() const { return m_minSupport; }
    [[nodiscard]] QDoubleSpinBox* minAccuracy() const { return m_minAccuracy; }
    [[nodiscard]] QPushButton* findButton() const { return m_find; }
    [[nodiscard]] QTableWidget* table() const { return m_table; }
    [[nodiscard]] QLabel* status() const { return m_status; }
    [[nodiscard]] const std::vector<core::RuleSuggestion>& suggestions() const { return m_suggestions; }
    [[nodiscard]] bool isRunning() const { return m_running || m_recountPending; }
    // Counts done since the dialog opened (Find and every recount after a change of the policy).
    [[nodiscard]] int counts() const { return m_counts; }
    // The Add button of a row.
    [[nodiscard]] QPushButton* addButton(int row) const;

    // Computes the suggestions for the log in the field on a worker.
    void find();

private:
    struct Query {
        bool fromRun = false;
        std::string log;
        std::filesystem::path database;
        std::int64_t run = 0;
        core::SuggestOptions options;
    };
    void count(const Query& query, bool recount);
    void policyChanged();
    void showSuggestions(const core::RuleSuggestions& result);
    void add(int row);
    void refreshButtons();

    Workbench m_workbench;
    QComboBox* m_source;
    QLineEdit* m_log;
    QSpinBox* m_run;
    QSpinBox* m_minSupport;
    QDoubleSpinBox* m_minAccuracy;
    QPushButton* m_find;
    QTableWidget* m_table;
    QLabel* m_status;
    std::vector<core::RuleSuggestion> m_suggestions;
    bool m_running = false;
    std::optional<Query> m_query;  // the last Find's, counted again after a change of the policy
    bool m_recountPending = false;
    bool m_adding = false;
    QString m_note;  // what the last Add did, kept above the recount's figures
    int m_counts = 0;
};

}  // namespace switchyard::ui
