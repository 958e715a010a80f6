#pragma once
// The Compare panel's prompt: a system prompt, the conversation (user and assistant turns, the
// last one the user's), the metadata routing reads (endpoint, plan, task type, key=values) and
// the options (max output tokens, temperature, JSON mode, a thinking budget, off by default). request() builds the
// core::Request every column gets; setRequest() fills the fields (e.g. a request picked from the traffic sample).

#include <QWidget>
#include <vector>

#include "core/request/request.h"

class QCheckBox;
class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QDoubleSpinBox;
class QSpinBox;
class QVBoxLayout;

namespace switchyard::ui {

class Composer final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Composer)

public:
    explicit Composer(QWidget* parent = nullptr);

    // The request; `problem` says what is wrong (an empty prompt, a metadata part that is not
    // key=value) and where, and the result is then not to be sent.
    [[nodiscard]] core::Request request(QString* problem = nullptr) const;
    void setRequest(const core::Request& request);

    [[nodiscard]] QPlainTextEdit* systemEdit() const { return m_system; }
    // The last turn's text field (the user's prompt).
    [[nodiscard]] QPlainTextEdit* promptEdit() const;
    [[nodiscard]] int turnCount() const { return static_cast<int>(m_turns.size()); }
    // Adds an assistant turn and a user turn after the last one (the next exchange).
    void addExchange();
    // Puts `widget` under the conversation, in the room the options beside it leave (the page's checks).
    void addBelowConversation(QWidget* widget);

signals:
    void changed();

private:
    struct Turn {
        QWidget* row;
        QComboBox* role;
        QPlainTextEdit* text;
    };
    void addTurn(const QString& role, const QString& text);
    void removeTurn(QWidget* row);

    QPlainTextEdit* m_system;
    QVBoxLayout* m_conversation;
    QVBoxLayout* m_turnLayout;
    std::vector<Turn> m_turns;
    QLineEdit* m_endpoint;
    QLineEdit* m_plan;
    QLineEdit* m_task;
    QLineEdit* m_meta;
    QSpinBox* m_maxOutput;
    QDoubleSpinBox* m_temperature;
    QCheckBox* m_jsonMode;
    QCheckBox* m_thinking;
    QSpinBox* m_thinkingBudget;
};

}  // namespace switchyard::ui
