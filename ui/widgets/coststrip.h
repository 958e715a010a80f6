#pragma once
// The strip along the bottom of the window: what the workspace's routing costs a month at its
// volume, what it saves against the all-premium baseline, and what the last edit changed.
// It follows LiveCosting; while a run is in flight the old numbers stay, marked as updating.

#include <QFrame>

class QLabel;
class QToolButton;

namespace switchyard::ui {

class ElidedLabel;
class LiveCosting;

class CostStrip final : public QFrame {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CostStrip)

public:
    explicit CostStrip(LiveCosting* costing, QWidget* parent = nullptr);

    // While a blind comparison is judged: the savings name no model ("the baseline model").
    void setBaselineConcealed(bool concealed);

    // The texts as shown, for tests.
    [[nodiscard]] QString projectionText() const;
    [[nodiscard]] QString deltaText() const;
    [[nodiscard]] QString savingsText() const;

signals:
    // "Sample and volume…": the user wants to change what the projection is based on.
    void settingsRequested();

private:
    void update();

    LiveCosting* m_costing;
    QLabel* m_projection;
    ElidedLabel* m_savings;
    ElidedLabel* m_budget;
    QLabel* m_delta;
    QToolButton* m_settings;
    bool m_baselineConcealed = false;
};

}  // namespace switchyard::ui
