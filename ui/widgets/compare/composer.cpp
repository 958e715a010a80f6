#include "ui/widgets/compare/composer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/views/routepreview.h"

namespace switchyard::ui {

Composer::Composer(QWidget* parent)
    : QWidget(parent),
      m_system(new QPlainTextEdit(this)),
      m_conversation(new QVBoxLayout),
      m_turnLayout(new QVBoxLayout),
      m_endpoint(new QLineEdit(this)),
      m_plan(new QLineEdit(this)),
      m_task(new QLineEdit(this)),
      m_meta(new QLineEdit(this)),
      m_maxOutput(new QSpinBox(this)),
      m_temperature(new QDoubleSpinBox(this)),
      m_jsonMode(new QCheckBox(tr("JSON mode"), this)),
      m_thinking(new QCheckBox(tr("Think first"), this)),
      m_thinkingBudget(new QSpinBox(this)) {
    setObjectName(QStringLiteral("composer"));
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->setSpacing(16);

    QVBoxLayout* conversation = m_conversation;
    conversation->setSpacing(6);
    m_system->setObjectName(QStringLiteral("composerSystem"));
    m_system->setPlaceholderText(tr("System prompt (optional)"));
    m_system->setAccessibleName(tr("System prompt"));
    m_system->setFixedHeight(40);
    conversation->addWidget(m_system);
    m_turnLayout->setSpacing(6);
    conversation->addLayout(m_turnLayout);
    auto* add = new QPushButton(tr("Add turn"), this);
    add->setObjectName(QStringLiteral("addTurn"));
    add->setToolTip(tr("Continue the conversation: an assistant turn, then a user turn"));
    connect(add, &QPushButton::clicked, this, &Composer::addExchange);
    auto* addRow = new QHBoxLayout;
    addRow->addWidget(add);
    addRow->addStretch(1);
    conversation->addLayout(addRow);
    conversation->addStretch(1);
    outer->addLayout(conversation, 3);

    // The request's fields, one a row and closer than a form's default spacing, so they stand
    // about as tall as the conversation and its checks beside them. (Endpoint and Plan side by
    // side would cut an endpoint such as "/support/email-draft" with the History open.)
    auto* form = new QGridLayout;
    form->setHorizontalSpacing(8);
    form->setVerticalSpacing(6);
    int row = 0;
    const auto fieldRow = [&](const QString& text, QWidget* field, QLayout* fields = nullptr) {
        auto* label = new QLabel(text, this);
        label->setBuddy(field);
        form->addWidget(label, row, 0, Qt::AlignRight | Qt::AlignVCenter);
        if (fields)
            form->addLayout(fields, row, 1);
        else
            form->addWidget(field, row, 1);
        ++row;
    };
    m_endpoint->setObjectName(QStringLiteral("composerEndpoint"));
    m_endpoint->setPlaceholderText(QStringLiteral("/chat"));
    m_plan->setObjectName(QStringLiteral("composerPlan"));
    m_plan->setPlaceholderText(tr("free, pro\u2026"));
    m_task->setObjectName(QStringLiteral("composerTask"));
    m_task->setPlaceholderText(tr("support, code\u2026"));
    m_meta->setObjectName(QStringLiteral("composerMetadata"));
    m_meta->setPlaceholderText(tr("key=value, key=value"));
    m_maxOutput->setObjectName(QStringLiteral("composerMaxOutput"));
    m_maxOutput->setRange(0, 1'000'000);
    m_maxOutput->setSpecialValueText(tr("model default"));
    m_maxOutput->setSingleStep(256);
    m_jsonMode->setObjectName(QStringLiteral("composerJsonMode"));
    // Below 0 reads "model default": no temperature is sent. 0-2 is OpenAI's and Gemini's range.
    m_temperature->setObjectName(QStringLiteral("composerTemperature"));
    m_temperature->setAccessibleName(tr("Temperature"));
    m_temperature->setToolTip(
        tr("Sampling temperature, 0 to 2 (Anthropic takes 0 to 1, its newest models only 1); "
           "\u201cmodel default\u201d sends none"));
    m_temperature->setRange(-0.05, 2.0);
    m_temperature->setSingleStep(0.05);
    m_temperature->setDecimals(2);
    m_temperature->setSpecialValueText(tr("model default"));
    m_temperature->setValue(-0.05);
    fieldRow(tr("Endpoint"), m_endpoint);
    fieldRow(tr("Plan"), m_plan);
    fieldRow(tr("Task type"), m_task);
    fieldRow(tr("Metadata"), m_meta);
    auto* options = new QHBoxLayout;
    options->addWidget(m_maxOutput, 1);
    options->addWidget(m_jsonMode);
    fieldRow(tr("Max output"), m_maxOutput, options);
    fieldRow(tr("Temperature"), m_temperature);
    // A thinking budget (RequestOptions::thinkingBudget): Anthropic's budget_tokens takes at least
    // 1,024, so that is the floor; OpenAI's reasoning models think anyway and report only a count.
    m_thinking->setObjectName(QStringLiteral("composerThinking"));
    m_thinking->setToolTip(
        tr("Let models that can think first (Anthropic extended thinking, Gemini thinking) spend up "
           "to this many tokens on it; the thinking shows apart from each answer"));
    m_thinkingBudget->setObjectName(QStringLiteral("composerThinkingBudget"));
    m_thinkingBudget->setAccessibleName(tr("Thinking budget"));
    m_thinkingBudget->setRange(1024, 128'000);
    m_thinkingBudget->setSingleStep(1024);
    m_thinkingBudget->setValue(4096);
    m_thinkingBudget->setSuffix(tr(" tokens"));
    m_thinkingBudget->setEnabled(false);
    auto* thinking = new QHBoxLayout;
    thinking->addWidget(m_thinking);
    thinking->addWidget(m_thinkingBudget, 1);
    fieldRow(tr("Thinking"), m_thinking, thinking);
    form->setColumnStretch(1, 1);
    form->setRowStretch(row, 1);
    outer->addLayout(form, 2);

    addTurn(QStringLiteral("user"), {});
    for (QLineEdit* edit : {m_endpoint, m_plan, m_task, m_meta})
        connect(edit, &QLineEdit::textChanged, this, &Composer::changed);
    connect(m_system, &QPlainTextEdit::textChanged, this, &Composer::changed);
    connect(m_maxOutput, &QSpinBox::valueChanged, this, &Composer::changed);
    connect(m_jsonMode, &QCheckBox::toggled, this, &Composer::changed);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, &Composer::changed);
    connect(m_thinking, &QCheckBox::toggled, this, [this](bool on) {
        m_thinkingBudget->setEnabled(on);
        emit changed();
    });
    connect(m_thinkingBudget, &QSpinBox::valueChanged, this, &Composer::changed);
}

QPlainTextEdit* Composer::promptEdit() const { return m_turns.back().text; }

void Composer::addBelowConversation(QWidget* widget) {
    // Before the stretch that keeps the conversation at the top.
    m_conversation->insertWidget(m_conversation->count() - 1, widget);
}

void Composer::addTurn(const QString& role, const QString& text) {
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* roleBox = new QComboBox(row);
    roleBox->addItem(tr("User"), QStringLiteral("user"));
    roleBox->addItem(tr("Assistant"), QStringLiteral("assistant"));
    roleBox->setCurrentIndex(roleBox->findData(role));
    roleBox->setAccessibleName(tr("Role of this turn"));
    auto* edit = new QPlainTextEdit(row);
    edit->setObjectName(QStringLiteral("composerTurn"));
    edit->setPlaceholderText(role == QLatin1String("assistant")
                                 ? tr("What the assistant said")
                                 : tr("Type a prompt and press Ctrl+Enter to run every column"));
    edit->setAccessibleName(tr("Turn text"));
    edit->setPlainText(text);
    edit->setFixedHeight(m_turns.empty() ? 60 : 44);
    auto* remove = new QToolButton(row);
    remove->setText(QStringLiteral("\u2715"));
    remove->setToolTip(tr("Remove this turn"));
    remove->setAutoRaise(true);
    layout->addWidget(roleBox, 0, Qt::AlignTop);
    layout->addWidget(edit, 1, Qt::AlignTop);
    layout->addWidget(remove, 0, Qt::AlignTop);
    m_turnLayout->addWidget(row);
    m_turns.push_back({row, roleBox, edit});
    connect(remove, &QToolButton::clicked, this, [this, row] { removeTurn(row); });
    connect(edit, &QPlainTextEdit::textChanged, this, &Composer::changed);
    connect(roleBox, &QComboBox::currentIndexChanged, this, &Composer::changed);
    for (const Turn& t : m_turns) t.row->findChild<QToolButton*>()->setEnabled(m_turns.size() > 1);
}

void Composer::removeTurn(QWidget* row) {
    if (m_turns.size() <= 1) return;
    const auto it = std::find_if(m_turns.begin(), m_turns.end(), [row](const Turn& t) { return t.row == row; });
    if (it == m_turns.end()) return;
    m_turns.erase(it);
    row->hide();
    row->deleteLater();  // its own button asked
    for (const Turn& t : m_turns) t.row->findChild<QToolButton*>()->setEnabled(m_turns.size() > 1);
    emit changed();
}

void Composer::addExchange() {
    addTurn(QStringLiteral("assistant"), {});
    addTurn(QStringLiteral("user"), {});
    m_turns[m_turns.size() - 2].text->setFocus();
    emit changed();
}

core::Request Composer::request(QString* problem) const {
    core::Request r;
    const QString system = m_system->toPlainText().trimmed();
    if (!system.isEmpty()) r.messages.push_back({"system", system.toStdString()});
    for (std::size_t i = 0; i < m_turns.size(); ++i) {
        const QString text = m_turns[i].text->toPlainText().trimmed();
        if (text.isEmpty()) {
            if (problem && problem->isEmpty())
                *problem = i + 1 == m_turns.size() ? tr("Type a prompt first.")
                                                   : tr("Turn %1 is empty: type it or remove it.").arg(i + 1);
            continue;
        }
        r.messages.push_back({m_turns[i].role->currentData().toString().toStdString(), text.toStdString()});
    }
    if (problem && problem->isEmpty() && m_turns.back().role->currentData().toString() != QLatin1String("user"))
        *problem = tr("The last turn must be the user's.");
    r.endpoint = m_endpoint->text().trimmed().toStdString();
    r.userPlan = m_plan->text().trimmed().toStdString();
    r.taskType = m_task->text().trimmed().toStdString();
    QString metaProblem;
    for (auto& [key, value] : parseMetadataPairs(m_meta->text(), &metaProblem)) r.setMeta(key, std::move(value));
    if (problem && problem->isEmpty() && !metaProblem.isEmpty()) *problem = tr("Metadata: %1").arg(metaProblem);
    if (m_maxOutput->value() > 0) r.options.maxOutputTokens = m_maxOutput->value();
    r.options.jsonMode = m_jsonMode->isChecked();
    if (m_temperature->value() >= 0) r.options.temperature = m_temperature->value();
    if (m_thinking->isChecked()) r.options.thinkingBudget = m_thinkingBudget->value();
    return r;
}

void Composer::setRequest(const core::Request& request) {
    for (const Turn& t : m_turns) delete t.row;
    m_turns.clear();
    QString system;
    for (const core::Message& m : request.messages) {
        if (m.role == "system")
            system += (system.isEmpty() ? QString() : QStringLiteral("\n\n")) + QString::fromStdString(m.text);
        else
            addTurn(m.role == "assistant" ? QStringLiteral("assistant") : QStringLiteral("user"),
                    QString::fromStdString(m.text));
    }
    if (m_turns.empty() || m_turns.back().role->currentData().toString() != QLatin1String("user"))
        addTurn(QStringLiteral("user"), {});
    m_system->setPlainText(system);
    m_endpoint->setText(QString::fromStdString(request.endpoint));
    m_plan->setText(QString::fromStdString(request.userPlan));
    m_task->setText(QString::fromStdString(request.taskType));
    QStringList pairs;
    for (const auto& [key, value] : request.metadata)
        pairs << QStringLiteral("%1=%2").arg(QString::fromStdString(key), QString::fromStdString(value));
    m_meta->setText(pairs.join(QStringLiteral(", ")));
    m_maxOutput->setValue(request.options.maxOutputTokens
                              ? static_cast<int>(std::min<std::int64_t>(*request.options.maxOutputTokens, 1'000'000))
                              : 0);
    m_jsonMode->setChecked(request.options.jsonMode);
    m_temperature->setValue(request.options.temperature.value_or(m_temperature->minimum()));
    m_thinking->setChecked(request.options.thinkingBudget.has_value());
    if (request.options.thinkingBudget)
        m_thinkingBudget->setValue(
            static_cast<int>(std::min<std::int64_t>(*request.options.thinkingBudget, m_thinkingBudget->maximum())));
    emit changed();
}

}  // namespace switchyard::ui
