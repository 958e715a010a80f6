#include "ui/widgets/providereditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>
#include <tuple>

#include "core/providers/connectiontest.h"
#include "core/providers/providerclient.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/services/keychainkeysource.h"
#include "ui/widgets/formrows.h"

namespace switchyard::ui {

namespace {

struct KindChoice {
    const char* kind;
    const char* label;
};

// The adapter kinds core/providers has (makeAdapter), with what each one speaks.
constexpr KindChoice kKinds[] = {
    {"openai", "OpenAI (Chat Completions)"},
    {"anthropic", "Anthropic (Messages)"},
    {"gemini", "Google Gemini (generateContent)"},
    {"openai-compatible", "OpenAI-compatible (OpenRouter, Groq, DeepSeek, Ollama, vLLM…)"},
    {"mock", "Switchyard mock (loopback, simulated answers)"},
};

// The last segment of a problem's JSON pointer: which field of the provider it is about.
QString fieldOf(const core::Problem& problem) {
    const std::string& pointer = problem.pointer;
    const auto slash = pointer.rfind('/');
    return slash == std::string::npos ? QString() : QString::fromStdString(pointer.substr(slash + 1));
}

}  // namespace

ProviderEditor::ProviderEditor(const Workbench& workbench, QWidget* parent)
    : QWidget(parent),
      m_workbench(workbench),
      m_keys(workbench.keys),
      m_name(new QLineEdit(this)),
      m_kind(new QComboBox(this)),
      m_baseUrl(new QLineEdit(this)),
      m_keyEnv(new QLineEdit(this)),
      m_keychainEntry(new QLineEdit(this)),
      m_models(new QListWidget(this)),
      m_maxConcurrent(new QSpinBox(this)),
      m_requestsPerMinute(new QSpinBox(this)),
      m_tokensPerMinute(new QSpinBox(this)),
      m_nameProblem(makeProblemLabel(this)),
      m_kindProblem(makeProblemLabel(this)),
      m_baseUrlProblem(makeProblemLabel(this)),
      m_keyEnvProblem(makeProblemLabel(this)),
      m_keychainProblem(makeProblemLabel(this)),
      m_modelsProblem(makeProblemLabel(this)),
      m_limitsProblem(makeProblemLabel(this)),
      m_keyStatus(new QLabel(this)),
      m_keyEdit(new QLineEdit(this)),
      m_storeKey(new QPushButton(tr("Store in keychain"), this)),
      m_forgetKey(new QPushButton(tr("Remove from keychain"), this)),
      m_keyProblem(makeProblemLabel(this)),
      m_test(new QPushButton(tr("Test connection"), this)),
      m_testResult(new QLabel(this)) {
    setObjectName(QStringLiteral("providerEditor"));
    m_name->setObjectName(QStringLiteral("providerName"));
    m_kind->setObjectName(QStringLiteral("providerKind"));
    m_baseUrl->setObjectName(QStringLiteral("providerBaseUrl"));
    m_keyEnv->setObjectName(QStringLiteral("providerKeyEnv"));
    m_keychainEntry->setObjectName(QStringLiteral("providerKeychainEntry"));
    m_models->setObjectName(QStringLiteral("providerModels"));
    m_keyStatus->setObjectName(QStringLiteral("keyStatus"));
    m_keyEdit->setObjectName(QStringLiteral("apiKeyEdit"));
    m_storeKey->setObjectName(QStringLiteral("storeKeyButton"));
    m_forgetKey->setObjectName(QStringLiteral("forgetKeyButton"));
    m_test->setObjectName(QStringLiteral("testConnectionButton"));
    m_testResult->setObjectName(QStringLiteral("testResult"));

    for (const KindChoice& choice : kKinds) m_kind->addItem(tr(choice.label), QString::fromLatin1(choice.kind));
    m_baseUrl->setPlaceholderText(tr("The provider's default, e.g. https://api.openai.com/v1"));
    m_keyEnv->setPlaceholderText(tr("e.g. OPENAI_API_KEY"));
    m_keychainEntry->setPlaceholderText(tr("set when you store a key below"));
    m_models->setMinimumHeight(120);
    m_models->setMaximumHeight(160);
    m_maxConcurrent->setObjectName(QStringLiteral("providerMaxConcurrent"));
    m_requestsPerMinute->setObjectName(QStringLiteral("providerRequestsPerMinute"));
    m_tokensPerMinute->setObjectName(QStringLiteral("providerTokensPerMinute"));
    // Whole numbers: fractional per-minute limits exist in the file format but no provider
    // publishes one. 0 is "unlimited", as in the file.
    for (auto [box, maximum, suffix] : {std::tuple{m_maxConcurrent, 100000, tr(" calls at once")},
                                        std::tuple{m_requestsPerMinute, 1'000'000'000, tr(" requests/min")},
                                        std::tuple{m_tokensPerMinute, 2'000'000'000, tr(" tokens/min")}}) {
        box->setRange(0, maximum);
        box->setSuffix(suffix);
        box->setSpecialValueText(tr("Unlimited") + suffix);
        box->setGroupSeparatorShown(true);
        box->setMinimumWidth(190);
        box->setAlignment(Qt::AlignRight);
        box->setToolTip(tr("What the provider allows this account; 0 = unlimited"));
    }
    m_requestsPerMinute->setSingleStep(100);
    m_tokensPerMinute->setSingleStep(10'000);
    // The key is typed, never shown: no echo, no copy out, no undo history of its text.
    m_keyEdit->setEchoMode(QLineEdit::Password);
    m_keyEdit->setProperty("localUndo", true);  // the key is not part of the workspace
    m_keyEdit->setPlaceholderText(tr("Paste the API key to keep it in the system keychain"));
    m_keyStatus->setWordWrap(true);
    m_keyStatus->setTextFormat(Qt::PlainText);
    m_testResult->setWordWrap(true);
    m_testResult->setTextFormat(Qt::PlainText);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(14);

    const auto addRow = [](QFormLayout* target, const QString& label, QWidget* field, QLabel* problem,
                           QLayout* row = nullptr) { addFieldRow(target, label, field, problem, row); };
    const auto newForm = [](QGroupBox* box) { return makeGroupForm(box); };
    auto* connection = new QGroupBox(tr("Connection"), this);
    connection->setObjectName(QStringLiteral("providerGroup"));
    QFormLayout* form = newForm(connection);
    addRow(form, tr("&Name"), m_name, m_nameProblem);
    addRow(form, tr("&Kind"), m_kind, m_kindProblem);
    addRow(form, tr("Base &URL"), m_baseUrl, m_baseUrlProblem);
    addRow(form, tr("&Models served"), m_models, m_modelsProblem);
    // The account's rate limits on one row: each box carries its unit.
    auto* limitsRow = new QHBoxLayout;
    limitsRow->addWidget(m_maxConcurrent);
    limitsRow->addWidget(m_requestsPerMinute);
    limitsRow->addWidget(m_tokensPerMinute);
    limitsRow->addStretch(1);
    addRow(form, tr("Rate &limits"), m_maxConcurrent, m_limitsProblem, limitsRow);
    layout->addWidget(connection);

    auto* key = new QGroupBox(tr("API key"), this);
    key->setObjectName(QStringLiteral("providerGroup"));
    QFormLayout* keyForm = newForm(key);
    addRow(keyForm, tr("&Environment variable"), m_keyEnv, m_keyEnvProblem);
    addRow(keyForm, tr("Keychain en&try"), m_keychainEntry, m_keychainProblem);
    keyForm->addRow(tr("Key in use"), m_keyStatus);
    auto* keyRow = new QHBoxLayout;
    keyRow->addWidget(m_keyEdit, 1);
    keyRow->addWidget(m_storeKey);
    keyRow->addWidget(m_forgetKey);
    addRow(keyForm, tr("New &key"), m_keyEdit, m_keyProblem, keyRow);
    layout->addWidget(key);
    // One label column width for both boxes, so their fields line up.
    int labelWidth = 0;
    for (QFormLayout* f : {form, keyForm})
        for (int row = 0; row < f->rowCount(); ++row)
            if (auto* item = f->itemAt(row, QFormLayout::LabelRole); item && item->widget())
                labelWidth = std::max(labelWidth, item->widget()->sizeHint().width());
    for (QFormLayout* f : {form, keyForm})
        for (int row = 0; row < f->rowCount(); ++row)
            if (auto* label = qobject_cast<QLabel*>(f->itemAt(row, QFormLayout::LabelRole)
                                                        ? f->itemAt(row, QFormLayout::LabelRole)->widget()
                                                        : nullptr)) {
                label->setMinimumWidth(labelWidth);
                label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }

    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_testResult, 1);
    layout->addLayout(testRow);
    layout->addStretch(1);

    connect(m_name, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            Field::Name, [&](core::ProviderConfig& p) { p.name = text.toStdString(); }, m_nameProblem);
    });
    connect(m_kind, &QComboBox::activated, this, [this](int row) {
        const std::string kind = m_kind->itemData(row).toString().toStdString();
        edit(
            Field::Kind, [&](core::ProviderConfig& p) { p.kind = kind; }, m_kindProblem);
    });
    connect(m_baseUrl, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            Field::BaseUrl, [&](core::ProviderConfig& p) { p.baseUrl = text.trimmed().toStdString(); },
            m_baseUrlProblem);
    });
    connect(m_keyEnv, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            Field::KeyEnv, [&](core::ProviderConfig& p) { p.keyEnv = text.trimmed().toStdString(); }, m_keyEnvProblem);
    });
    connect(m_keychainEntry, &QLineEdit::textEdited, this, [this](const QString& text) {
        edit(
            Field::KeychainEntry, [&](core::ProviderConfig& p) { p.keychainEntry = text.trimmed().toStdString(); },
            m_keychainProblem);
        m_keys->load(text.trimmed());
    });
    connect(m_models, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (m_refreshing) return;
        const std::string id = item->data(Qt::UserRole).toString().toStdString();
        const bool served = item->checkState() == Qt::Checked;
        edit(
            Field::Models,
            [&](core::ProviderConfig& p) {
                std::erase(p.models, id);
                if (served) p.models.push_back(id);
            },
            m_modelsProblem);
    });
    const auto limitEdit = [this](QSpinBox* box, auto apply) {
        connect(box, &QSpinBox::valueChanged, this, [this, apply](int value) {
            edit(
                Field::Limits, [&](core::ProviderConfig& p) { apply(p.limits, value); }, m_limitsProblem);
        });
    };
    limitEdit(m_maxConcurrent, [](core::ProviderLimits& l, int v) { l.maxConcurrent = v; });
    limitEdit(m_requestsPerMinute, [](core::ProviderLimits& l, int v) { l.requestsPerMinute = v; });
    limitEdit(m_tokensPerMinute, [](core::ProviderLimits& l, int v) { l.tokensPerMinute = v; });
    connect(m_keyEdit, &QLineEdit::textChanged, this,
            [this] { m_storeKey->setEnabled(!m_keyEdit->text().isEmpty() && provider()); });
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &ProviderEditor::storeKey);
    connect(m_storeKey, &QPushButton::clicked, this, &ProviderEditor::storeKey);
    connect(m_forgetKey, &QPushButton::clicked, this, &ProviderEditor::forgetKey);
    connect(m_test, &QPushButton::clicked, this, &ProviderEditor::testConnection);
    connect(m_keys, &KeychainKeySource::keyChanged, this, &ProviderEditor::refreshKey);
    connect(m_keys, &KeychainKeySource::availabilityChanged, this, &ProviderEditor::refreshKey);
    connect(m_keys, &KeychainKeySource::failed, this, [this](const QString& entry, const QString& message) {
        const core::ProviderConfig* p = provider();
        if (!p || QString::fromStdString(p->keychainEntry) != entry) return;
        m_keyProblem->setText(tr("The keychain refused: %1").arg(message));
        m_keyProblem->show();
    });

    setTabOrder(m_name, m_kind);
    setTabOrder(m_kind, m_baseUrl);
    setTabOrder(m_baseUrl, m_models);
    setTabOrder(m_models, m_maxConcurrent);
    setTabOrder(m_maxConcurrent, m_requestsPerMinute);
    setTabOrder(m_requestsPerMinute, m_tokensPerMinute);
    setTabOrder(m_tokensPerMinute, m_keyEnv);
    setTabOrder(m_keyEnv, m_keychainEntry);
    setTabOrder(m_keychainEntry, m_keyEdit);
    setTabOrder(m_keyEdit, m_storeKey);
    setTabOrder(m_storeKey, m_forgetKey);
    setTabOrder(m_forgetKey, m_test);
    showProvider(-1);
}

const core::ProviderConfig* ProviderEditor::provider() const {
    const auto& providers = m_workbench.document->workspace().providers;
    return m_index >= 0 && m_index < static_cast<int>(providers.size()) ? &providers[static_cast<size_t>(m_index)]
                                                                        : nullptr;
}

void ProviderEditor::showProvider(int index) {
    const bool sameProvider = index == m_index;
    m_index = index;
    const core::ProviderConfig* p = provider();
    setEnabled(p != nullptr);
    m_refreshing = true;
    const auto setText = [](QLineEdit* edit, const std::string& value) {
        // Only when it differs, so the cursor of the field being typed in stays where it is.
        const QString text = QString::fromStdString(value);
        if (edit->text() != text) edit->setText(text);
    };
    const core::ProviderConfig empty;
    const core::ProviderConfig& shown = p ? *p : empty;
    setText(m_name, shown.name);
    setText(m_baseUrl, shown.baseUrl);
    setText(m_keyEnv, shown.keyEnv);
    setText(m_keychainEntry, shown.keychainEntry);
    m_kind->setCurrentIndex(m_kind->findData(QString::fromStdString(shown.kind)));
    for (auto [box, value] : {std::pair{m_maxConcurrent, double(shown.limits.maxConcurrent)},
                              std::pair{m_requestsPerMinute, shown.limits.requestsPerMinute},
                              std::pair{m_tokensPerMinute, shown.limits.tokensPerMinute}}) {
        const QSignalBlocker limitBlocker(box);
        box->setValue(static_cast<int>(std::min<double>(value, box->maximum())));
    }

    const QSignalBlocker blocker(m_models);
    m_models->clear();
    for (const core::Model& model : m_workbench.document->workspace().catalog.models()) {
        auto* item = new QListWidgetItem(
            QStringLiteral("%1  \u00b7  %2").arg(toQString(model.id), toQString(model.provider)), m_models);
        item->setData(Qt::UserRole, toQString(model.id));
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        const bool served = std::find(shown.models.begin(), shown.models.end(), model.id) != shown.models.end();
        item->setCheckState(served ? Qt::Checked : Qt::Unchecked);
    }
    m_refreshing = false;
    if (!sameProvider) {
        for (QLabel* label : {m_nameProblem, m_kindProblem, m_baseUrlProblem, m_keyEnvProblem, m_keychainProblem,
                              m_modelsProblem, m_limitsProblem, m_keyProblem})
            label->hide();
        m_keyEdit->clear();
    }
    if (p && !p->keychainEntry.empty() && !m_keys->loaded(QString::fromStdString(p->keychainEntry)))
        m_keys->load(QString::fromStdString(p->keychainEntry));
    refreshKey();
}

QString ProviderEditor::testResult() const { return m_testResult->text(); }

void ProviderEditor::edit(Field field, const std::function<void(core::ProviderConfig&)>& change, QLabel* problems) {
    const core::ProviderConfig* p = provider();
    if (!p || m_refreshing) return;
    core::ProviderConfig edited = *p;
    change(edited);
    const core::Status status =
        m_workbench.commands->replaceProvider(m_index, std::move(edited), static_cast<int>(field));
    if (!status) {
        showProblems(status.problems(), problems);
        return;
    }
    problems->hide();
}

void ProviderEditor::showProblems(const core::Problems& problems, QLabel* field) {
    QStringList lines;
    for (const core::Problem& problem : problems) {
        QLabel* target = field;
        const QString name = fieldOf(problem);
        if (name == QLatin1String("name"))
            target = m_nameProblem;
        else if (name == QLatin1String("base_url"))
            target = m_baseUrlProblem;
        else if (name == QLatin1String("key_env"))
            target = m_keyEnvProblem;
        else if (name == QLatin1String("keychain"))
            target = m_keychainProblem;
        if (target == field)
            lines << QString::fromStdString(problem.message);
        else {
            target->setText(QString::fromStdString(problem.message));
            target->show();
        }
    }
    if (!lines.isEmpty()) {
        field->setText(lines.join(QLatin1Char('\n')));
        field->show();
    }
}

void ProviderEditor::refreshKey() {
    const core::ProviderConfig* p = provider();
    const bool keychain = m_keys->availability() == KeychainKeySource::Availability::Available;
    m_keyEdit->setEnabled(p && keychain);
    m_storeKey->setEnabled(p && keychain && !m_keyEdit->text().isEmpty());
    if (!p) {
        m_keyStatus->clear();
        m_forgetKey->setEnabled(false);
        m_test->setEnabled(false);
        m_testResult->clear();
        return;
    }
    const QString entry = QString::fromStdString(p->keychainEntry);
    const QString masked = entry.isEmpty() ? QString() : m_keys->maskedKey(entry);
    m_forgetKey->setEnabled(keychain && !masked.isEmpty());
    if (!keychain)
        m_keyEdit->setPlaceholderText(tr("Needs a keychain service"));
    else
        m_keyEdit->setPlaceholderText(masked.isEmpty() ? tr("Paste the API key to keep it in the system keychain")
                                                       : tr("Paste a new key to replace the stored one"));
    QString status;
    if (!masked.isEmpty()) {
        status = tr("%1, from keychain entry \u201c%2\u201d").arg(masked, entry);
    } else {
        const QByteArray variable = QByteArray::fromStdString(p->keyEnv);
        const QByteArray value = variable.isEmpty() ? QByteArray() : qgetenv(variable.constData());
        if (!value.isEmpty())
            status = tr("%1, from the environment variable %2")
                         .arg(maskKey(value.toStdString()), QString::fromLatin1(variable));
        else if (p->kind == "mock" || (p->kind == "openai-compatible" && p->keyEnv.empty() && p->keychainEntry.empty()))
            status = tr("None needed: calls are sent without a key");
        else if (!variable.isEmpty())
            status = tr("None: %1 is not set%2")
                         .arg(QString::fromLatin1(variable),
                              keychain ? tr(" and no key is stored in the keychain") : QString());
        else
            status = tr("None: name an environment variable or store a key");
    }
    m_keyStatus->setText(status);
    const QString name = QString::fromStdString(p->name);
    m_test->setEnabled(!m_testRunning.value(name));
    m_testResult->setText(m_testRunning.value(name) ? tr("Testing %1\u2026").arg(name) : m_testResults.value(name));
}

void ProviderEditor::storeKey() {
    const core::ProviderConfig* p = provider();
    const QString key = m_keyEdit->text().trimmed();
    if (!p || key.isEmpty() || m_keys->availability() != KeychainKeySource::Availability::Available) return;
    QString entry = QString::fromStdString(p->keychainEntry);
    if (entry.isEmpty()) {
        // Name the entry after the provider: the workspace keeps only this name, never the key.
        entry = QString::fromStdString(p->name);
        edit(
            Field::KeychainEntry, [&](core::ProviderConfig& edited) { edited.keychainEntry = entry.toStdString(); },
            m_keychainProblem);
        if (QString::fromStdString(provider()->keychainEntry) != entry) return;  // refused: shown at the field
    }
    m_keyProblem->hide();
    m_keys->store(entry, key);
    m_keyEdit->clear();
}

void ProviderEditor::forgetKey() {
    const core::ProviderConfig* p = provider();
    if (!p || p->keychainEntry.empty()) return;
    m_keys->forget(QString::fromStdString(p->keychainEntry));
}

void ProviderEditor::testConnection() {
    const core::ProviderConfig* p = provider();
    if (!p) return;
    const core::ProviderConfig target = *p;
    const QString name = QString::fromStdString(target.name);
    m_testRunning[name] = true;
    const core::KeySource* keys = m_keys;
    Job* job = m_workbench.jobs->start<core::ConnectionTest>(
        tr("Test connection to %1").arg(name),
        [target, keys](JobControl&) -> core::Result<core::ConnectionTest> {
            core::ProviderClient client(*keys);
            return core::testConnection(client, target);
        },
        [self = QPointer<ProviderEditor>(this), name](core::ConnectionTest& test) {
            if (self) self->m_testResults[name] = QString::fromStdString(test.summary);
        });
    connect(job, &Job::ended, this, [this, name] {
        m_testRunning.remove(name);
        refreshKey();
    });
    refreshKey();
}

}  // namespace switchyard::ui
