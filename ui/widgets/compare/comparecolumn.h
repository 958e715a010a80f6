#pragma once
// One column of the Compare panel: which target it calls (a combo with the policy, every tier
// and every model), buttons to move, remove and rerun it, the estimate before a run, the
// answer as it streams, and afterwards the tokens, exact cost, timings, finish reason, HTTP
// attempts, any error in words and, for the policy or a tier, the decision's trace and every
// attempt.

#include <QFrame>
#include <vector>

#include "core/providers/routeexecution.h"
#include "ui/services/comparetarget.h"

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;

namespace switchyard::ui {

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
    void setSimulated(bool simulated);

    void begin();
    void appendText(int attempt, const QString& text);
    // The column's execution ended (null with `failure` when it could not run at all).
    void finish(const core::RouteExecution* run, const QString& failure);

    [[nodiscard]] QString answerText() const;
    [[nodiscard]] QString statusText() const;
    [[nodiscard]] QString figuresText() const;
    [[nodiscard]] QString detailsText() const;

signals:
    void targetChosen(const switchyard::ui::CompareTarget& target);
    void moveRequested(int delta);
    void removeRequested();
    void rerunRequested();

private:
    void setStatus(const QString& text, const QString& kind);

    CompareTarget m_target;
    int m_attempt = 0;
    bool m_gotText = false;
    QComboBox* m_combo;
    QToolButton* m_left;
    QToolButton* m_right;
    QToolButton* m_remove;
    QToolButton* m_rerun;
    QLabel* m_simulated;
    QLabel* m_estimate;
    QLabel* m_status;
    QPlainTextEdit* m_answer;
    QLabel* m_figures;
    QToolButton* m_detailsToggle;
    QLabel* m_details;
};

}  // namespace switchyard::ui
