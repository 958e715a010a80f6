#pragma once
// The policy's settings beyond the rules: the default tier, the classifier (none / local /
// embedding / LLM: its model, prompt and default label, and which tier each label sends to),
// the confidence threshold as a slider that shows, as it moves, how much traffic it escalates
// and what the month costs then (from the live costing), and the context-window guard.
// Every change is one undoable command; dragging the slider merges into one step.

#include <QWidget>

#include "core/common/problem.h"
#include "core/workspace/policyspec.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSlider;
class QSpinBox;
class QStackedWidget;
class QTableWidget;

namespace switchyard::ui {

class LiveCosting;
class WorkspaceCommands;
class WorkspaceDocument;
struct WorkspaceChange;

class PolicySettingsView final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PolicySettingsView)

public:
    PolicySettingsView(WorkspaceDocument* document, WorkspaceCommands* commands, LiveCosting* costing,
                       QWidget* parent = nullptr);

    [[nodiscard]] QSlider* thresholdSlider() const { return m_threshold; }
    [[nodiscard]] QLabel* thresholdEffect() const { return m_effect; }
    [[nodiscard]] QComboBox* classifierKindBox() const { return m_kind; }

    // The threshold slider's steps: hundredths.
    static constexpr int kSteps = 100;

private:
    void load();
    void loadClassifier();
    void showEffect();
    void commitClassifier();
    void commitGuard();
    void showProblem(QLabel* label, const core::Status& status);

    WorkspaceDocument* m_document;
    WorkspaceCommands* m_commands;
    LiveCosting* m_costing;
    bool m_loading = false;

    QComboBox* m_defaultTier;
    QLabel* m_defaultProblem;
    QComboBox* m_kind;
    QStackedWidget* m_kindPages;
    QLabel* m_localInfo;
    QLabel* m_embeddingInfo;
    QComboBox* m_llmModel;
    QPlainTextEdit* m_llmPrompt;
    QLineEdit* m_llmDefault;
    QSpinBox* m_llmTimeout;
    QTableWidget* m_labels;
    QLabel* m_classifierProblem;
    QSlider* m_threshold;
    QLabel* m_thresholdValue;
    QLabel* m_effect;
    QCheckBox* m_guardEnabled;
    QSpinBox* m_guardOutput;
    QLabel* m_guardProblem;
};

// A stacked widget as tall as the page it shows, not as its tallest page (forms with kinds).
void fitToCurrentPage(QStackedWidget* stack);

}  // namespace switchyard::ui
