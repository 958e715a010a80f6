#include "ui/views/routepreview.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QFile>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRandomGenerator>
#include <QShowEvent>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include "core/classify/embeddingcache.h"
#include "core/policy/policy.h"
#include "core/providers/embeddingclient.h"
#include "core/providers/keysource.h"
#include "core/providers/providerclient.h"
#include "core/providers/routeexecution.h"
#include "core/simulate/trafficrecord.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/services/livecosting.h"

namespace switchyard::ui {

namespace {

QString esc(const std::string& text) { return toQString(text).toHtmlEscaped(); }

// A random record of a JSON-lines traffic log (blank and malformed lines are skipped).
core::Result<core::Request> randomRecord(const QString& path, JobControl& control) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return core::Problem{path.toStdString(), 0, 0, "", "cannot read the sample traffic log"};
    std::vector<QByteArray> lines;
    while (!file.atEnd() && !control.stopRequested()) {
        QByteArray line = file.readLine();
        if (!line.trimmed().isEmpty()) lines.push_back(std::move(line));
    }
    core::JsonlTrafficParser parser;
    for (int attempt = 0; attempt < 20 && !lines.empty(); ++attempt) {
        const QByteArray& line = lines[QRandomGenerator::global()->bounded(static_cast<quint32>(lines.size()))];
        std::string padded = line.trimmed().toStdString();
        const size_t size = padded.size();
        padded.append(core::JsonlTrafficParser::kPadding, ' ');
        std::vector<core::TrafficRecord> records;
        if (parser.parse(std::string_view(padded.data(), size), records).empty() && !records.empty())
            return records.front().request;
    }
    return core::Problem{path.toStdString(), 0, 0, "", "the sample traffic log has no readable request"};
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parseMetadataPairs(const QString& text, QString* problem) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        const QString trimmed = part.trimmed();
        if (trimmed.isEmpty()) continue;
        const qsizetype eq = trimmed.indexOf(u'=');
        if (eq <= 0) {
            if (problem) *problem = RoutePreview::tr("\u201c%1\u201d is not key=value").arg(trimmed);
            continue;
        }
        pairs.emplace_back(trimmed.left(eq).trimmed().toStdString(), trimmed.mid(eq + 1).trimmed().toStdString());
    }
    return pairs;
}

RoutePreview::RoutePreview(WorkspaceDocument* document, JobRunner* jobs, LiveCosting* costing, core::KeySource* keys,
                           QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_jobs(jobs),
      m_costing(costing),
      m_keys(keys),
      m_system(new QPlainTextEdit(this)),
      m_user(new QPlainTextEdit(this)),
      m_historyNote(new QLabel(this)),
      m_endpoint(new QLineEdit(this)),
      m_plan(new QLineEdit(this)),
      m_task(new QLineEdit(this)),
      m_meta(new QLineEdit(this)),
      m_jsonMode(new QCheckBox(tr("JSON mode"), this)),
      m_maxOutput(new QSpinBox(this)),
      m_summary(new QLabel(this)),
      m_classifierNote(new QLabel(this)),
      m_trace(new QListWidget(this)),
      m_timing(new QLabel(this)),
      m_pick(new QPushButton(tr("Pick from traffic"), this)),
      m_ask(new QPushButton(tr("Ask the classifier"), this)),
      m_more(new QToolButton(this)) {
    // The request typed here is not the workspace's: Ctrl+Z undoes its text (ui/app/undorouting.h).
    setProperty("localUndo", true);
    m_system->setObjectName(QStringLiteral("previewSystem"));
    m_user->setObjectName(QStringLiteral("previewUser"));
    m_system->setPlaceholderText(tr("System prompt (optional)"));
    m_user->setPlaceholderText(tr("Type a user prompt: the decision below follows every keystroke"));
    m_system->setMaximumHeight(56);
    m_user->setMinimumHeight(48);
    m_historyNote->hide();
    m_endpoint->setPlaceholderText(tr("/chat"));
    m_plan->setPlaceholderText(tr("free, pro…"));
    m_task->setPlaceholderText(tr("summarize, extract…"));
    m_meta->setPlaceholderText(tr("key=value, key=value"));
    m_maxOutput->setRange(0, 1'000'000);
    m_maxOutput->setSpecialValueText(tr("not set"));
    m_maxOutput->setGroupSeparatorShown(true);
    m_maxOutput->setSuffix(tr(" tokens"));
    m_summary->setObjectName(QStringLiteral("decisionSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_classifierNote->setWordWrap(true);
    m_classifierNote->hide();
    m_trace->setObjectName(QStringLiteral("decisionTrace"));
    m_trace->setWordWrap(true);
    m_trace->setAlternatingRowColors(true);
    m_trace->setCursor(Qt::PointingHandCursor);
    m_timing->setObjectName(QStringLiteral("decisionTiming"));
    m_timing->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_ask->hide();

    auto* requestBox = new QGroupBox(tr("Request"), this);
    auto* form = new QFormLayout(requestBox);
    form->addRow(tr("System"), m_system);
    form->addRow(tr("User"), m_user);
    form->addRow(QString(), m_historyNote);
    // Endpoint, plan, task type, metadata and options fold away (a short window keeps the
    // decision in sight); they open by themselves when a picked request fills them.
    m_more->setObjectName(QStringLiteral("previewMoreButton"));
    m_more->setCheckable(true);
    m_more->setAutoRaise(true);
    m_more->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_more->setArrowType(Qt::RightArrow);
    m_more->setText(tr("Endpoint, plan, metadata and options"));
    auto* moreBox = new QWidget(requestBox);
    auto* moreForm = new QFormLayout(moreBox);
    moreForm->setContentsMargins(0, 0, 0, 0);
    moreForm->addRow(tr("Endpoint"), m_endpoint);
    moreForm->addRow(tr("User plan"), m_plan);
    moreForm->addRow(tr("Task type"), m_task);
    moreForm->addRow(tr("Metadata"), m_meta);
    auto* options = new QHBoxLayout;
    options->addWidget(m_jsonMode);
    options->addStretch();
    options->addWidget(new QLabel(tr("Max output"), this));
    options->addWidget(m_maxOutput);
    moreForm->addRow(tr("Options"), options);
    moreBox->hide();
    connect(m_more, &QToolButton::toggled, this, [this, moreBox](bool open) {
        moreBox->setVisible(open);
        m_more->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_more);
    buttons->addStretch();
    buttons->addWidget(m_pick);
    form->addRow(buttons);
    form->addRow(moreBox);

    auto* decisionBox = new QGroupBox(tr("Decision"), this);
    auto* decisionLayout = new QVBoxLayout(decisionBox);
    decisionLayout->addWidget(m_summary);
    auto* note = new QHBoxLayout;
    note->addWidget(m_classifierNote, 1);
    note->addWidget(m_ask, 0, Qt::AlignTop);
    decisionLayout->addLayout(note);
    decisionLayout->addWidget(new QLabel(tr("Trace"), this));
    decisionLayout->addWidget(m_trace, 1);
    decisionLayout->addWidget(m_timing);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(requestBox);
    layout->addWidget(decisionBox, 1);

    for (QPlainTextEdit* e : {m_system, m_user}) connect(e, &QPlainTextEdit::textChanged, this, &RoutePreview::decide);
    for (QLineEdit* e : {m_endpoint, m_plan, m_task, m_meta})
        connect(e, &QLineEdit::textChanged, this, &RoutePreview::decide);
    connect(m_jsonMode, &QCheckBox::toggled, this, &RoutePreview::decide);
    connect(m_maxOutput, &QSpinBox::valueChanged, this, &RoutePreview::decide);
    connect(m_pick, &QPushButton::clicked, this, &RoutePreview::pickFromTraffic);
    connect(m_ask, &QPushButton::clicked, this, &RoutePreview::askClassifier);
    const auto activate = [this](QListWidgetItem* item) {
        const QString pointer = item ? item->data(Qt::UserRole + 1).toString() : QString();
        if (!pointer.isEmpty()) emit pointerActivated(pointer);
    };
    connect(m_trace, &QListWidget::itemClicked, this, activate);
    connect(m_trace, &QListWidget::itemActivated, this, activate);
    connect(m_historyNote, &QLabel::linkActivated, this, [this] {
        m_history.clear();
        m_historyNote->hide();
        decide();
    });
    // A policy edit re-decides the request on screen (the policy is recompiled for it once).
    // A hidden preview (another page is showing) decides when it is shown again: compiling the
    // policy on every edit made elsewhere is GUI-thread time no one sees.
    connect(m_document, &WorkspaceDocument::changed, this, [this] {
        if (isVisible())
            decide();
        else
            m_stale = true;
    });
    decide();
}

RoutePreview::~RoutePreview() = default;

core::Request RoutePreview::request() const {
    core::Request r;
    if (!m_system->toPlainText().isEmpty()) r.messages.push_back({"system", m_system->toPlainText().toStdString()});
    r.messages.insert(r.messages.end(), m_history.begin(), m_history.end());
    r.messages.push_back({"user", m_user->toPlainText().toStdString()});
    r.endpoint = m_endpoint->text().trimmed().toStdString();
    r.userPlan = m_plan->text().trimmed().toStdString();
    r.taskType = m_task->text().trimmed().toStdString();
    for (auto& [key, value] : parseMetadataPairs(m_meta->text(), nullptr)) r.setMeta(key, std::move(value));
    r.options.jsonMode = m_jsonMode->isChecked();
    if (m_maxOutput->value() > 0) r.options.maxOutputTokens = m_maxOutput->value();
    return r;
}

void RoutePreview::setRequest(const core::Request& request) {
    QString system, user;
    m_history.clear();
    int lastUser = -1;
    for (int i = 0; i < static_cast<int>(request.messages.size()); ++i)
        if (request.messages[static_cast<size_t>(i)].role == "user") lastUser = i;
    for (int i = 0; i < static_cast<int>(request.messages.size()); ++i) {
        const auto& m = request.messages[static_cast<size_t>(i)];
        if (m.role == "system")
            system += (system.isEmpty() ? QString() : QStringLiteral("\n")) + toQString(m.text);
        else if (i == lastUser)
            user = toQString(m.text);
        else
            m_history.push_back(m);
    }
    QString meta;
    for (const auto& [key, value] : request.metadata)
        meta += (meta.isEmpty() ? QString() : QStringLiteral(", ")) + toQString(key) + u'=' + toQString(value);
    const QSignalBlocker b1(m_system), b2(m_user), b3(m_endpoint), b4(m_plan), b5(m_task), b6(m_meta), b7(m_jsonMode),
        b8(m_maxOutput);
    m_system->setPlainText(system);
    m_user->setPlainText(user);
    m_endpoint->setText(toQString(request.endpoint));
    m_plan->setText(toQString(request.userPlan));
    m_task->setText(toQString(request.taskType));
    m_meta->setText(meta);
    m_jsonMode->setChecked(request.options.jsonMode);
    m_maxOutput->setValue(static_cast<int>(request.options.maxOutputTokens.value_or(0)));
    m_historyNote->setText(
        tr("Also sends %n earlier message(s) of the conversation. <a href=\"clear\">Leave them out</a>", nullptr,
           static_cast<int>(m_history.size())));
    m_historyNote->setVisible(!m_history.empty());
    if (!request.endpoint.empty() || !request.userPlan.empty() || !request.taskType.empty() ||
        !request.metadata.empty() || request.options.jsonMode || request.options.maxOutputTokens)
        m_more->setChecked(true);
    decide();
}

bool RoutePreview::ensurePolicy() {
    if (m_policy && m_policyRevision == m_document->revision()) return true;
    if (m_policyRevision != m_document->revision())
        m_answers.clear();  // answers belong to the classifier they came from
    m_policyRevision = m_document->revision();
    auto compiled = core::Policy::compile(m_document->workspace());
    if (!compiled) {
        m_policy.reset();
        m_policyProblem = toQString(compiled.problems().front().toString());
        return false;
    }
    m_policy = std::make_shared<core::Policy>(std::move(compiled).value());
    m_policyProblem.clear();
    return true;
}

void RoutePreview::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!m_stale) return;
    m_stale = false;
    decide();
}

void RoutePreview::decide() {
    QElapsedTimer timer;
    timer.start();
    if (!ensurePolicy()) {
        m_decision.reset();
        m_summary->setText(tr("The policy cannot decide: %1").arg(m_policyProblem.toHtmlEscaped()));
        m_trace->clear();
        emit decided(-1);
        return;
    }
    const core::Request r = request();
    core::RouteOptions options;
    const auto cached = m_answers.constFind(toQString(r.allText()));
    if (cached != m_answers.constEnd()) options.givenClassification = &*cached;
    m_decision = m_policy->route(r, options);
    show(*m_decision);
    m_lastMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    m_timing->setText(tr("Decided and shown in %1 ms").arg(QLocale().toString(m_lastMs, 'f', 2)));
    emit decided(m_decision->decidedBy == core::DecidedBy::Rule ? m_decision->ruleIndex : -1);
}

void RoutePreview::show(const core::Decision& d) {
    const QLocale locale;
    QStringList lines;
    if (d.rejected) {
        lines << tr("<b>Rejected</b>: %1").arg(esc(d.rejectMessage));
    } else {
        lines << tr("<b>%1</b> &nbsp;→&nbsp; <b>%2</b>")
                     .arg(d.tier.empty() ? tr("(no tier)") : esc(d.tier), esc(d.model));
        if (!d.fallbacks.empty()) {
            QStringList fb;
            for (const auto& f : d.fallbacks) fb << esc(f);
            lines << tr("Fallbacks: %1").arg(fb.join(QStringLiteral(", ")));
        }
    }
    switch (d.decidedBy) {
        case core::DecidedBy::Rule:
            lines << tr("Decided by rule <b>%1</b> (#%2)").arg(esc(d.rule)).arg(d.ruleIndex + 1);
            break;
        case core::DecidedBy::Classifier:
            lines << tr("Decided by the %1 classifier").arg(esc(d.classifier ? d.classifier->kind : ""));
            break;
        case core::DecidedBy::Default:
            lines << tr("No rule matched: the default tier");
            break;
    }
    if (!d.splitNote.empty()) lines << esc(d.splitNote);
    if (d.classifier) {
        const auto& c = *d.classifier;
        QStringList scores;
        for (const auto& p : c.result.probabilities)
            scores << QStringLiteral("%1 %2").arg(esc(p.label), formatShare(p.probability));
        lines << tr("Scores: %1").arg(scores.join(QStringLiteral(" · ")));
        const QString verdict = c.result.confidence < c.threshold
                                    ? (c.escalated ? tr("below the threshold %1: escalated one tier")
                                                   : tr("below the threshold %1, already the top tier"))
                                    : tr("at or above the threshold %1: kept");
        lines << tr("Label <b>%1</b> at %2, %3")
                     .arg(esc(c.result.label), formatShare(c.result.confidence), verdict.arg(c.threshold, 0, 'f', 2));
    }
    for (const auto& m : d.guardMoves)
        lines << tr("Guard: %1 needs %2 tokens, %3 holds %4 → %5")
                     .arg(esc(m.fromModel), locale.toString(static_cast<qlonglong>(m.neededTokens)), esc(m.fromModel),
                          locale.toString(static_cast<qlonglong>(m.contextWindow)),
                          m.toModel.empty() ? tr("nothing fits") : esc(m.toModel));
    if (!d.rejected) {
        // "exact, o200k_base" or "estimate (bytes/4)": the method's own words when it names itself an estimate.
        const QString method = toQString(d.inputTokens.method);
        const QString how = d.inputTokens.exact ? tr("exact, %1").arg(esc(d.inputTokens.method))
                            : method.startsWith(QStringLiteral("estimate"))
                                ? esc(d.inputTokens.method)
                                : tr("estimate, %1").arg(esc(d.inputTokens.method));
        lines << tr("%1 input tokens (%2) + %3 output tokens%4")
                     .arg(locale.toString(static_cast<qlonglong>(d.inputTokens.tokens)), how,
                          locale.toString(static_cast<qlonglong>(d.outputTokens)),
                          d.outputTokensAssumed ? tr(" (assumed)") : QString());
        lines << tr("Estimated cost <b>%1</b> per request").arg(esc(d.estimatedCost.toDisplay()));
    }
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    m_summary->setToolTip(toQString(d.explanation));
    m_trace->clear();
    // The structured trace: each step's text, with the JSON pointer of what decided it.
    for (const auto& step : d.trace) {
        auto* item = new QListWidgetItem(toQString(step.text), m_trace);
        if (!step.pointer.empty()) {
            item->setToolTip(tr("%1 — click to show it").arg(toQString(step.pointer)));
            item->setData(Qt::UserRole + 1, toQString(step.pointer));
        }
        item->setData(Qt::UserRole, step.ruleIndex);
    }
    showClassifierNote(d);
}

void RoutePreview::showClassifierNote(const core::Decision& d) {
    const auto kind = m_policy ? m_policy->spec().classifier.kind : core::ClassifierKind::None;
    const bool remote = kind == core::ClassifierKind::Llm || kind == core::ClassifierKind::Embedding;
    const bool reached = d.decidedBy != core::DecidedBy::Rule && remote;
    m_ask->setVisible(reached);
    m_classifierNote->setVisible(reached);
    if (!reached) return;
    const QString name = kind == core::ClassifierKind::Llm ? tr("LLM") : tr("embedding");
    const auto answer = m_answers.constFind(toQString(request().allText()));
    if (answer == m_answers.constEnd())
        m_classifierNote->setText(tr("The %1 classifier is not asked on each keystroke: this shows its default label. "
                                     "Ask it for this text to see its real answer.")
                                      .arg(name));
    else if (answer->usedDefault)
        m_classifierNote->setText(
            tr("The %1 classifier was asked and could not answer (%2), so its default label stands in.")
                .arg(name, toQString(answer->source)));
    else
        m_classifierNote->setText(tr("The %1 classifier's answer for this text, asked earlier.").arg(name));
}

void RoutePreview::askClassifier() {
    auto workspace = m_document->snapshot();
    const core::Request r = request();
    const QString text = toQString(r.allText());
    const std::string path = m_document->filePath().toStdString();
    const quint64 revision = m_document->revision();
    core::KeySource* keys = m_keys;
    m_ask->setEnabled(false);
    m_ask->setText(tr("Asking\u2026"));
    Job* job = m_jobs->start<core::Classification>(
        tr("Ask the classifier"),
        [workspace, r, path, keys](JobControl&) -> core::Result<core::Classification> {
            auto policy = core::Policy::compile(*workspace);
            if (!policy) return policy.problems();
            core::EnvKeySource environment;
            core::ProviderClient client(keys ? *keys : environment);
            std::shared_ptr<core::EmbeddingCache> cache;
            if (workspace->policy.classifier.kind == core::ClassifierKind::Llm) {
                core::connectLlmClassifier(*policy, client);
            } else {
                cache = path.empty() ? std::make_shared<core::EmbeddingCache>()
                                     : std::make_shared<core::EmbeddingCache>(core::EmbeddingCache::pathBeside(path));
                if (!path.empty()) (void)cache->load();
                core::connectEmbeddingClassifier(*policy, client, cache);
            }
            const core::Decision d = policy->route(r);
            if (cache && !path.empty()) (void)cache->save();
            if (!d.classifier) return core::Problem{"", 0, 0, "", "the classifier gave no label for this request"};
            return d.classifier->result;
        },
        [this, text, revision](core::Classification& c) {
            if (revision == m_document->revision()) m_answers.insert(text, c);
        });
    connect(job, &Job::ended, this, [this] {
        m_ask->setEnabled(true);
        m_ask->setText(tr("Ask the classifier"));
        decide();
    });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_classifierNote->setText(tr("The classifier could not be asked: %1").arg(toQString(problems.front().message)));
    });
}

void RoutePreview::pickFromTraffic() {
    const QString path = m_costing ? m_costing->samplePath() : QString();
    if (path.isEmpty()) {
        m_summary->setText(
            tr("This workspace has no sample traffic log: add a dataset of kind \u201ctraffic\u201d to pick from."));
        return;
    }
    m_pick->setEnabled(false);
    Job* job = m_jobs->start<core::Request>(
        tr("Pick a request from the traffic log"), [path](JobControl& control) { return randomRecord(path, control); },
        [this](core::Request& r) { setRequest(r); });
    connect(job, &Job::ended, this, [this] { m_pick->setEnabled(true); });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        m_summary->setText(toQString(problems.front().toString()).toHtmlEscaped());
    });
}

}  // namespace switchyard::ui
