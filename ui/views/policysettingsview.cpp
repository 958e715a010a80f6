#include "ui/views/policysettingsview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/services/livecosting.h"

namespace switchyard::ui {

namespace {

constexpr core::ClassifierKind kKinds[] = {core::ClassifierKind::None, core::ClassifierKind::Local,
                                           core::ClassifierKind::Embedding, core::ClassifierKind::Llm};

QLabel* problemLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #b3261e;"));
    label->hide();
    return label;
}

}  // namespace

// A stacked widget as tall as the page it shows, not as its tallest page.
void fitToCurrentPage(QStackedWidget* stack) {
    auto fit = [stack](int current) {
        for (int i = 0; i < stack->count(); ++i)
            stack->widget(i)->setSizePolicy(QSizePolicy::Preferred,
                                            i == current ? QSizePolicy::Preferred : QSizePolicy::Ignored);
        stack->updateGeometry();
    };
    QObject::connect(stack, &QStackedWidget::currentChanged, stack, fit);
    fit(stack->currentIndex());
}

namespace {

int sliderValue(double threshold) { return static_cast<int>(std::lround(threshold * PolicySettingsView::kSteps)); }

}  // namespace

PolicySettingsView::PolicySettingsView(WorkspaceDocument* document, WorkspaceCommands* commands, LiveCosting* costing,
                                       QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_commands(commands),
      m_costing(costing),
      m_defaultTier(new QComboBox(this)),
      m_defaultProblem(problemLabel(this)),
      m_kind(new QComboBox(this)),
      m_kindPages(new QStackedWidget(this)),
      m_localInfo(new QLabel(this)),
      m_embeddingInfo(new QLabel(this)),
      m_llmModel(new QComboBox(this)),
      m_llmPrompt(new QPlainTextEdit(this)),
      m_llmDefault(new QLineEdit(this)),
      m_llmTimeout(new QSpinBox(this)),
      m_labels(new QTableWidget(0, 2, this)),
      m_classifierProblem(problemLabel(this)),
      m_threshold(new QSlider(Qt::Horizontal, this)),
      m_thresholdValue(new QLabel(this)),
      m_effect(new QLabel(this)),
      m_guardEnabled(new QCheckBox(tr("Enabled"), this)),
      m_guardOutput(new QSpinBox(this)),
      m_guardProblem(problemLabel(this)) {
    m_kind->setObjectName(QStringLiteral("classifierKind"));
    m_kind->addItems({tr("None"), tr("Local (trained n-gram model)"), tr("Embedding"), tr("LLM (asks a cheap model)")});
    m_threshold->setObjectName(QStringLiteral("thresholdSlider"));
    m_threshold->setRange(0, kSteps);
    m_threshold->setPageStep(5);
    m_threshold->setTickPosition(QSlider::TicksBelow);
    m_threshold->setTickInterval(10);
    m_thresholdValue->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(QStringLiteral("0.000")));
    m_effect->setObjectName(QStringLiteral("thresholdEffect"));
    m_effect->setWordWrap(true);
    m_localInfo->setWordWrap(true);
    m_localInfo->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_embeddingInfo->setWordWrap(true);
    m_llmPrompt->setPlaceholderText(
        tr("Empty: the built-in prompt. {{text}} is the request text, {{labels}} the label list."));
    m_llmPrompt->setMaximumHeight(80);
    m_llmTimeout->setRange(100, 60'000);
    m_llmTimeout->setSuffix(tr(" ms"));
    m_llmTimeout->setSingleStep(500);
    m_labels->setHorizontalHeaderLabels({tr("Label"), tr("Sends to tier")});
    m_labels->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_labels->verticalHeader()->hide();
    m_labels->setMaximumHeight(130);
    m_guardOutput->setRange(1, 1'000'000);
    m_guardOutput->setSuffix(tr(" tokens"));
    m_guardOutput->setGroupSeparatorShown(true);

    auto* routing = new QGroupBox(tr("Default"), this);
    auto* routingForm = new QFormLayout(routing);
    routingForm->addRow(tr("Default tier"), m_defaultTier);
    routingForm->addRow(QString(), m_defaultProblem);

    auto* classifier = new QGroupBox(tr("Classifier (for requests no rule decides)"), this);
    auto* classifierForm = new QFormLayout(classifier);
    classifierForm->addRow(tr("Kind"), m_kind);
    auto* none = new QLabel(tr("No classifier: requests no rule decides go to the default tier."), m_kindPages);
    none->setWordWrap(true);
    m_kindPages->addWidget(none);
    m_kindPages->addWidget(m_localInfo);
    m_kindPages->addWidget(m_embeddingInfo);
    auto* llm = new QWidget(m_kindPages);
    auto* llmForm = new QFormLayout(llm);
    llmForm->setContentsMargins(0, 0, 0, 0);
    llmForm->addRow(tr("Model"), m_llmModel);
    llmForm->addRow(tr("Prompt"), m_llmPrompt);
    llmForm->addRow(tr("Default label"), m_llmDefault);
    llmForm->addRow(tr("Timeout"), m_llmTimeout);
    m_kindPages->addWidget(llm);
    fitToCurrentPage(m_kindPages);
    classifierForm->addRow(QString(), m_kindPages);
    auto* addLabel = new QPushButton(tr("Add label"), this);
    auto* removeLabel = new QPushButton(tr("Remove label"), this);
    auto* labelButtons = new QHBoxLayout;
    labelButtons->addWidget(addLabel);
    labelButtons->addWidget(removeLabel);
    labelButtons->addStretch();
    classifierForm->addRow(tr("Labels"), m_labels);
    classifierForm->addRow(QString(), labelButtons);
    classifierForm->addRow(QString(), m_classifierProblem);

    auto* threshold = new QGroupBox(tr("Confidence threshold"), this);
    auto* thresholdLayout = new QVBoxLayout(threshold);
    auto* sliderRow = new QHBoxLayout;
    sliderRow->addWidget(m_threshold, 1);
    sliderRow->addWidget(m_thresholdValue);
    thresholdLayout->addLayout(sliderRow);
    auto* explain = new QLabel(tr("A classifier label less certain than this sends the request one tier up."), this);
    explain->setWordWrap(true);
    thresholdLayout->addWidget(explain);
    thresholdLayout->addWidget(m_effect);

    auto* guard = new QGroupBox(tr("Context-window guard"), this);
    auto* guardForm = new QFormLayout(guard);
    auto* guardExplain =
        new QLabel(tr("Moves a request that does not fit the chosen model's context window to the next model "
                      "that holds it."),
                   this);
    guardExplain->setWordWrap(true);
    guardForm->addRow(guardExplain);
    guardForm->addRow(QString(), m_guardEnabled);
    guardForm->addRow(tr("Assumed output"), m_guardOutput);
    guardForm->addRow(QString(), m_guardProblem);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(threshold);
    layout->addWidget(classifier);
    layout->addWidget(routing);
    layout->addWidget(guard);
    layout->addStretch();

    connect(m_document, &WorkspaceDocument::changed, this, [this] { load(); });
    if (m_costing) connect(m_costing, &LiveCosting::updated, this, &PolicySettingsView::showEffect);
    if (m_costing) connect(m_costing, &LiveCosting::runningChanged, this, &PolicySettingsView::showEffect);
    connect(m_threshold, &QSlider::valueChanged, this, [this](int value) {
        m_thresholdValue->setText(QString::number(value / double(kSteps), 'f', 2));
        if (m_loading) return;
        (void)m_commands->setConfidenceThreshold(value / double(kSteps));  // 0..1 by the slider's range
    });
    connect(m_defaultTier, &QComboBox::activated, this, [this] {
        showProblem(m_defaultProblem, m_commands->setDefaultTier(m_defaultTier->currentText().toStdString()));
    });
    connect(m_kind, &QComboBox::activated, this, [this] { commitClassifier(); });
    connect(m_llmModel, &QComboBox::activated, this, [this] { commitClassifier(); });
    connect(m_llmPrompt, &QPlainTextEdit::textChanged, this, [this] { commitClassifier(); });
    connect(m_llmDefault, &QLineEdit::textEdited, this, [this] { commitClassifier(); });
    connect(m_llmTimeout, &QSpinBox::valueChanged, this, [this] { commitClassifier(); });
    connect(m_labels, &QTableWidget::itemChanged, this, [this] { commitClassifier(); });
    connect(addLabel, &QPushButton::clicked, this, [this] {
        const int row = m_labels->rowCount();
        m_loading = true;
        m_labels->insertRow(row);
        m_labels->setItem(row, 0, new QTableWidgetItem(tr("label%1").arg(row + 1)));
        auto* tier = new QComboBox(m_labels);
        for (const auto& t : m_document->workspace().tiers) tier->addItem(toQString(t.name));
        connect(tier, &QComboBox::activated, this, [this] { commitClassifier(); });
        m_labels->setCellWidget(row, 1, tier);
        m_loading = false;
        commitClassifier();
    });
    connect(removeLabel, &QPushButton::clicked, this, [this] {
        if (m_labels->currentRow() < 0) return;
        m_labels->removeRow(m_labels->currentRow());
        commitClassifier();
    });
    connect(m_guardEnabled, &QCheckBox::toggled, this, [this] { commitGuard(); });
    connect(m_guardOutput, &QSpinBox::valueChanged, this, [this] { commitGuard(); });
    load();
}

void PolicySettingsView::showProblem(QLabel* label, const core::Status& status) {
    QStringList lines;
    if (!status.ok())
        for (const auto& p : status.problems()) lines << toQString(p.message);
    label->setText(lines.join(u'\n'));
    label->setVisible(!lines.isEmpty());
}

void PolicySettingsView::load() {
    const auto& ws = m_document->workspace();
    const auto& policy = ws.policy;
    m_loading = true;
    m_defaultTier->clear();
    for (const auto& tier : ws.tiers) m_defaultTier->addItem(toQString(tier.name));
    m_defaultTier->setCurrentText(toQString(policy.defaultTier));
    if (m_threshold->value() != sliderValue(policy.confidenceThreshold))
        m_threshold->setValue(sliderValue(policy.confidenceThreshold));
    m_thresholdValue->setText(QString::number(policy.confidenceThreshold, 'f', 2));
    m_guardEnabled->setChecked(policy.contextGuard.enabled);
    m_guardOutput->setValue(static_cast<int>(policy.contextGuard.defaultOutputTokens));
    m_guardOutput->setEnabled(policy.contextGuard.enabled);
    loadClassifier();
    m_loading = false;
    showEffect();
}

void PolicySettingsView::loadClassifier() {
    const auto& ws = m_document->workspace();
    const core::ClassifierConfig& c = ws.policy.classifier;
    int kind = 0;
    for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i)
        if (kKinds[i] == c.kind) kind = i;
    m_kind->setCurrentIndex(kind);
    m_kindPages->setCurrentIndex(kind);
    const QLocale locale;
    if (c.local)
        m_localInfo->setText(
            tr("Trained on %1 (%2 examples), held-out accuracy %3. Retrain with switchyard-cli train-classifier.")
                .arg(QFileInfo(toQString(c.local->trainedOn)).fileName(),
                     locale.toString(static_cast<qlonglong>(c.local->examples)),
                     formatShare(c.local->heldOutAccuracy)));
    else
        m_localInfo->setText(
            tr("Not trained yet: run switchyard-cli train-classifier on labelled examples to add a model."));
    if (c.embedding)
        m_embeddingInfo->setText(
            tr("Embeds the text with %1 of provider %2%3. The preview uses the embeddings cache; ask "
               "the classifier for real from the preview.")
                .arg(toQString(c.embedding->model), toQString(c.embedding->provider),
                     c.embedding->trained ? QString() : tr(" (not trained yet)")));
    else
        m_embeddingInfo->setText(
            tr("No embedding classifier configured: train one with switchyard-cli train-classifier --embeddings."));
    m_llmModel->clear();
    for (const auto& model : ws.catalog.models()) m_llmModel->addItem(toQString(model.id));
    m_llmModel->setCurrentText(toQString(c.llm.model));
    if (m_llmPrompt->toPlainText() != toQString(c.llm.promptTemplate))
        m_llmPrompt->setPlainText(toQString(c.llm.promptTemplate));
    if (m_llmDefault->text() != toQString(c.llm.defaultLabel)) m_llmDefault->setText(toQString(c.llm.defaultLabel));
    m_llmTimeout->setValue(static_cast<int>(c.llm.timeoutMs));
    const QSignalBlocker block(m_labels);
    m_labels->setRowCount(static_cast<int>(c.labelTiers.size()));
    int row = 0;
    for (const auto& [label, tier] : c.labelTiers) {
        auto* item = new QTableWidgetItem(toQString(label));
        if (c.kind != core::ClassifierKind::Llm) item->setFlags(item->flags() & ~Qt::ItemIsEditable);
        m_labels->setItem(row, 0, item);
        auto* tiers = new QComboBox(m_labels);
        for (const auto& t : ws.tiers) tiers->addItem(toQString(t.name));
        tiers->setCurrentText(toQString(tier));
        connect(tiers, &QComboBox::activated, this, [this] { commitClassifier(); });
        m_labels->setCellWidget(row, 1, tiers);
        ++row;
    }
}

void PolicySettingsView::commitClassifier() {
    if (m_loading) return;
    core::ClassifierConfig c = m_document->workspace().policy.classifier;
    c.kind = kKinds[std::max(0, m_kind->currentIndex())];
    m_kindPages->setCurrentIndex(m_kind->currentIndex());
    c.llm.model = m_llmModel->currentText().toStdString();
    c.llm.promptTemplate = m_llmPrompt->toPlainText().toStdString();
    c.llm.defaultLabel = m_llmDefault->text().trimmed().toStdString();
    c.llm.timeoutMs = m_llmTimeout->value();
    c.labelTiers.clear();
    for (int row = 0; row < m_labels->rowCount(); ++row) {
        const QTableWidgetItem* label = m_labels->item(row, 0);
        const auto* tier = qobject_cast<QComboBox*>(m_labels->cellWidget(row, 1));
        if (label && tier && !label->text().trimmed().isEmpty())
            c.labelTiers[label->text().trimmed().toStdString()] = tier->currentText().toStdString();
    }
    showProblem(m_classifierProblem, m_commands->setClassifier(std::move(c)));
}

void PolicySettingsView::commitGuard() {
    if (m_loading) return;
    core::ContextGuardConfig guard;
    guard.enabled = m_guardEnabled->isChecked();
    guard.defaultOutputTokens = m_guardOutput->value();
    m_guardOutput->setEnabled(guard.enabled);
    showProblem(m_guardProblem, m_commands->setContextGuard(guard));
}

// What the threshold does to the sample traffic: the share of requests the classifier sent one
// tier up because its label was less certain than the threshold, and the month's cost.
void PolicySettingsView::showEffect() {
    const LiveCostResult* costs = m_costing ? m_costing->current() : nullptr;
    if (!costs) {
        m_effect->setText(m_costing && !m_costing->unavailableReason().isEmpty()
                              ? m_costing->unavailableReason()
                              : tr("Costing the sample traffic\u2026"));
        return;
    }
    const auto& report = costs->report;
    const bool stale = costs->revision != m_document->revision();
    const QLocale locale;
    // What escalating costs on top of keeping each request at the tier its label named, scaled
    // to the month like every other figure (core::scaleMoney via LiveCostResult::monthlyUsd).
    const double extra = costs->monthlyUsd(report.thresholdEscalations.extraCost());
    QString text =
        tr("Escalates <b>%1</b> of requests (%2 of %3 in the sample; %4 reach the classifier), "
           "which adds <b>%5/month</b> over keeping them at their label's tier. Projected <b>%6/month</b> in all.")
            .arg(formatShare(costs->share(report.thresholdEscalations.requests)),
                 locale.toString(static_cast<qlonglong>(report.thresholdEscalations.requests)),
                 locale.toString(static_cast<qlonglong>(report.requests)),
                 formatShare(costs->share(report.classifiedRequests)), formatUsd(extra),
                 formatUsd(costs->monthlyRoutedUsd()));
    if (stale) text += tr(" <i>Updating\u2026</i>");
    m_effect->setText(text);
}

}  // namespace switchyard::ui
