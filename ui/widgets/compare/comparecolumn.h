#pragma once
// One column of the Compare panel: which target it calls (a combo with the policy, every tier
// and every model), buttons to move, remove and rerun it, the estimate before a run, the
// answer as it streams, and afterwards the model's thinking apart from the answer (collapsed
// behind a toggle), the tokens (reasoning tokens among them), exact cost ("usage estimated" when
// the provider sent none), timings, finish reason, HTTP attempts, any error in words and, for the
// policy or a tier, the decision's trace and every attempt.

#include <QFrame>
#include <optional>
#include <vector>

#include "core/providers/routeexecution.h"
#include "core/store/comparehistory.h"
#include "core/store/records.h"
#include "ui/services/comparetarget.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace switchyard::ui {

class StreamTextView;

class CompareColumn final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareColumn)

public:
    explicit CompareColumn(QWidget* parent = nullptr);

    void setTargets(const std::vector<CompareTarget>& available, const CompareTarget& current);
    [[nodiscard]] CompareTarget target() const { return m_target; }
    // Its place among `count` columns: enables moving left or right and removing.
    void setPlace(int index, int count);
    // While any column runs, targets and order stay as they are.
    void setRunning(bool running);
    void setEstimate(const QString& text);
    // A prompt variant: this column's own system prompt in place of the composer's (prompts are
    // model-specific). Empty text with the variant on sends no system prompt.
    [[nodiscard]] std::optional<std::string> systemOverride() const;
    void setSystemOverride(const std::optional<QString>& text);
    void setSimulated(bool simulated);

    // Blind: the column is "Answer <letter>" and shows only its answer (without the mock's
    // "[simulated <model>]" prefix) until reveal(); nothing in its widgets names the model, its
    // tier, its provider or its cost. Set before a run begins.
    void setBlind(const QString& letter);
    [[nodiscard]] bool isBlind() const { return !m_letter.isEmpty(); }
    // After the vote: names, figures and details as an ordinary column shows them.
    void reveal();

    void begin();
    void appendText(int attempt, const QString& text);
    // Thinking as it streams: into the (collapsed) thinking view, never the answer; while blind,
    // kept out of sight like everything else that could tell the providers apart.
    void appendThinking(int attempt, const QString& text);
    // The column's execution ended (null with `failure` when it could not run at all);
    // `ownChecks`: the user's checks on its answer (CompareRunner::checks), shown beside the
    // tier's cascade checks, each passed or failed with why.
    void finish(const core::RouteExecution* run, const QString& failure,
                const std::vector<core::CheckRecord>& ownChecks = {});
    // Read-only: a column read back from the run database (History), shown as finish() showed it
    // when it ran, the policy's decision trace and every attempt with it; a column recorded
    // before the decision was stored (schema 9) says so where the trace would be.
    void showRecorded(const core::RecordedColumn& recorded);

    [[nodiscard]] QString answerText() const;
    // "Answer A" while blind, else the target's label.
    [[nodiscard]] QString displayName() const { return isBlind() ? tr("Answer %1").arg(m_letter) : m_target.label(); }
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QString figuresText() const;
    [[nodiscard]] QString detailsText() const;
    // The checks of the answer shown (the cascade's for its tier, then the user's own), passed
    // or failed with why.
    [[nodiscard]] QString checksText() const;
    // The thinking of the answer shown ("" when it had none, or while blind), and whether its
    // toggle has it open.
    [[nodiscard]] QString thinkingText() const;
    [[nodiscard]] bool thinkingOpen() const;

signals:
    void targetChosen(const switchyard::ui::CompareTarget& target);
    void moveRequested(int delta);
    void removeRequested();
    void rerunRequested();
    void variantChanged();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void setStatus(const QString& text, const QString& kind);
    // A fallback or an escalation took over: what the earlier attempt streamed was abandoned.
    void switchAttempt(int attempt);
    // The thinking view as tall as its text (up to a limit; beyond it, it scrolls).
    void fitThinking();
    void showAnswer();

    // What the column shows once revealed (or at once when not blind).
    struct Shown {
        QString status;
        QString statusKind;
        QString figures;
        QString details;
        QString checks;
        QString thinking;
        QString thinkingLabel;
        bool simulated = false;
    };
    // `traceNote`: in place of the policy's trace when the decision is not known ("" : show it).
    Shown describe(const core::RouteExecution* run, const QString& failure, const QString& traceNote,
                   const std::vector<core::CheckRecord>& ownChecks);
    void updateAccessibleAnswer();
    void apply(const Shown& shown);

    CompareTarget m_target;
    std::vector<CompareTarget> m_available;
    QString m_letter;
    QString m_raw;  // the answer as it arrived
    std::optional<Shown> m_hidden;
    int m_attempt = 0;
    bool m_gotText = false;
    bool m_running = false;
    QComboBox* m_combo;
    QLabel* m_blindName;
    QToolButton* m_left;
    QToolButton* m_right;
    QToolButton* m_remove;
    QToolButton* m_rerun;
    QToolButton* m_ownSystem;
    QPlainTextEdit* m_system;
    QLabel* m_simulated;
    QLabel* m_estimate;
    QLabel* m_status;
    StreamTextView* m_answer;
    QLabel* m_figures;
    QLabel* m_checks;
    QToolButton* m_detailsToggle;
    QLabel* m_details;
    QToolButton* m_thinkingToggle;
    QPlainTextEdit* m_thinking;
};

}  // namespace switchyard::ui
