#pragma once
// The live route preview beside the policy: a request typed by hand (system and user prompt,
// endpoint, plan, task type, free metadata, JSON mode, max output tokens) is decided by the
// engine on every keystroke and the decision shown with its full trace: tier, model, the rule
// or the classifier's scores and threshold verdict, guard moves, the exact token count and the
// estimated cost. The Policy is compiled once per workspace revision, not per keystroke.
//
// An LLM or embedding classifier is not called per keystroke: the preview uses the answer it
// got for the same text before (asked with the button, on a worker), else the classifier's
// default label, and says which.

#include <QHash>
#include <QWidget>
#include <memory>
#include <optional>

#include "core/classify/classifier.h"
#include "core/policy/decision.h"
#include "core/request/request.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QToolButton;

namespace switchyard::core {
class KeySource;
class Policy;
}  // namespace switchyard::core

namespace switchyard::ui {

class JobRunner;
class LiveCosting;
class WorkspaceDocument;

class RoutePreview final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RoutePreview)

public:
    // `keys` (the keychain, then the environment) authorises "Ask the classifier"; null: the environment.
    RoutePreview(WorkspaceDocument* document, JobRunner* jobs, LiveCosting* costing, core::KeySource* keys = nullptr,
                 QWidget* parent = nullptr);
    ~RoutePreview() override;

    // The request the fields describe.
    [[nodiscard]] core::Request request() const;
    // The decision on screen (nullopt before the first, or when the policy does not compile).
    [[nodiscard]] const std::optional<core::Decision>& decision() const { return m_decision; }
    // Milliseconds from the keystroke's handler to the decision on screen, last and worst.
    [[nodiscard]] double lastDecisionMs() const { return m_lastMs; }

    [[nodiscard]] QPlainTextEdit* systemField() const { return m_system; }
    [[nodiscard]] QPlainTextEdit* userField() const { return m_user; }
    [[nodiscard]] QLineEdit* endpointField() const { return m_endpoint; }
    [[nodiscard]] QLineEdit* planField() const { return m_plan; }
    [[nodiscard]] QLineEdit* taskField() const { return m_task; }
    [[nodiscard]] QLineEdit* metadataField() const { return m_meta; }
    [[nodiscard]] QCheckBox* jsonModeBox() const { return m_jsonMode; }
    [[nodiscard]] QSpinBox* maxOutputBox() const { return m_maxOutput; }
    [[nodiscard]] QLabel* summaryLabel() const { return m_summary; }
    [[nodiscard]] QListWidget* traceList() const { return m_trace; }
    [[nodiscard]] QPushButton* pickButton() const { return m_pick; }
    [[nodiscard]] QPushButton* askButton() const { return m_ask; }
    // Shows or folds the endpoint, plan, task type, metadata and options fields.
    [[nodiscard]] QToolButton* moreButton() const { return m_more; }

    // Fills the fields from a request (a record of the traffic log, a test).
    void setRequest(const core::Request& request);

public slots:
    void decide();
    void pickFromTraffic();
    void askClassifier();

signals:
    // After every decision: the rule that decided it (-1: the classifier or the default).
    void decided(int ruleIndex);
    // A trace step was clicked (or Enter pressed on it): show what its JSON pointer names.
    void pointerActivated(const QString& pointer);

protected:
    void showEvent(QShowEvent* event) override;

private:
    bool ensurePolicy();
    void show(const core::Decision& d);
    void showClassifierNote(const core::Decision& d);

    WorkspaceDocument* m_document;
    JobRunner* m_jobs;
    LiveCosting* m_costing;
    core::KeySource* m_keys;
    std::shared_ptr<core::Policy> m_policy;
    quint64 m_policyRevision = ~quint64{0};
    QString m_policyProblem;
    std::optional<core::Decision> m_decision;
    std::vector<core::Message> m_history;  // earlier turns of a record picked from the log
    // Real answers of a remote classifier, by request text (for the policy revision they came from).
    QHash<QString, core::Classification> m_answers;
    double m_lastMs = 0;
    bool m_stale = false;  // the workspace changed while the preview was hidden

    QPlainTextEdit* m_system;
    QPlainTextEdit* m_user;
    QLabel* m_historyNote;
    QLineEdit* m_endpoint;
    QLineEdit* m_plan;
    QLineEdit* m_task;
    QLineEdit* m_meta;
    QCheckBox* m_jsonMode;
    QSpinBox* m_maxOutput;
    QLabel* m_summary;
    QLabel* m_classifierNote;
    QListWidget* m_trace;
    QLabel* m_timing;
    QPushButton* m_pick;
    QPushButton* m_ask;
    QToolButton* m_more;
};

// "k=v, k2=v2" into pairs; a part without "=" is a problem (returned as its text).
std::vector<std::pair<std::string, std::string>> parseMetadataPairs(const QString& text, QString* problem);

}  // namespace switchyard::ui
