#include "ui/widgets/compare/comparecolumn.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QResizeEvent>
#include <QStyle>
#include <QTextCursor>
#include <QTextDocument>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

#include "ui/widgets/compare/callsummary.h"
#include "ui/widgets/streamtextview.h"

namespace switchyard::ui {

namespace {

QToolButton* toolButton(const QString& text, const QString& tip, const char* name, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(text);
    button->setToolTip(tip);
    button->setAccessibleName(tip);
    button->setObjectName(QString::fromLatin1(name));
    button->setAutoRaise(true);
    return button;
}

QLabel* smallLabel(const char* name, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString attemptLine(std::size_t index, const core::RouteAttempt& a) {
    const core::CallResult& r = a.result;
    QString line = QStringLiteral("%1. ").arg(index + 1);
    if (!a.tier.empty()) line += CompareColumn::tr("tier %1 \u00b7 ").arg(QString::fromStdString(a.tier));
    line += QString::fromStdString(r.model);
    if (a.fallback) line += CompareColumn::tr(" (fallback)");
    line += QStringLiteral(": ");
    if (!r.ok()) return line + describeFailure(r);
    line += r.cost ? QString::fromStdString(r.cost->total.toDisplay()) : CompareColumn::tr("no price");
    if (a.checked && !a.checks.results.empty())
        line += a.checks.passed
                    ? CompareColumn::tr(", checks passed")
                    : CompareColumn::tr(", check failed: %1").arg(QString::fromStdString(a.checks.firstFailure()));
    if (a.step && a.step->kind != core::CascadeStep::Kind::Accept)
        line += QStringLiteral("; ") + QString::fromStdString(a.step->reason);
    return line;
}

// "Tier checks: ✓ valid_json · ✗ contains: no "refund" in the answer" for the attempt shown,
// then the user's own checks, one a line: "✓ contains "refund"", "✗ max_length: 412
// characters, expected at most 200", "? equals: the item has no reference answer …".
QString describeChecks(const core::RouteAttempt* a, const std::vector<core::CheckRecord>& own) {
    QStringList lines;
    if (a && a->checked && !a->checks.results.empty()) {
        QStringList parts;
        for (const core::CheckResult& c : a->checks.results) {
            QString part = (c.passed ? QStringLiteral("\u2713 ") : QStringLiteral("\u2717 ")) +
                           QString::fromLatin1(core::checkKindName(c.kind));
            if (!c.passed && !c.message.empty()) part += QStringLiteral(": ") + QString::fromStdString(c.message);
            parts << part;
        }
        lines << CompareColumn::tr("Tier checks: %1").arg(parts.join(QStringLiteral(" \u00b7 ")));
    }
    if (!own.empty()) {
        const auto passed = std::count_if(own.begin(), own.end(), [](const core::CheckRecord& c) { return c.passed; });
        lines << CompareColumn::tr("Your checks: %1 of %n passed", nullptr, static_cast<int>(own.size())).arg(passed);
        for (const core::CheckRecord& c : own) {
            const QString detail = QString::fromStdString(c.detail);
            // Stored under the prefix that tells them from the cascade's; shown by their own name.
            QString shownName = QString::fromStdString(c.name);
            if (shownName.startsWith(QLatin1String(core::kEvalCheckPrefix.data(),
                                                   static_cast<qsizetype>(core::kEvalCheckPrefix.size()))))
                shownName.remove(0, static_cast<qsizetype>(core::kEvalCheckPrefix.size()));
            if (c.passed)
                lines << QStringLiteral("  \u2713 ") + (detail.isEmpty() ? shownName : detail);
            else
                lines << (c.error ? QStringLiteral("  ? ") : QStringLiteral("  \u2717 ")) + shownName +
                             (detail.isEmpty() ? QString() : QStringLiteral(": ") + detail);
        }
    }
    return lines.join(QLatin1Char('\n'));
}

}  // namespace

CompareColumn::CompareColumn(QWidget* parent)
    : QFrame(parent),
      m_combo(new QComboBox(this)),
      m_blindName(new QLabel(this)),
      m_left(toolButton(QStringLiteral("\u25c0"), tr("Move left"), "columnLeft", this)),
      m_right(toolButton(QStringLiteral("\u25b6"), tr("Move right"), "columnRight", this)),
      m_remove(toolButton(QStringLiteral("\u2715"), tr("Remove column"), "columnRemove", this)),
      m_rerun(toolButton(QStringLiteral("\u21bb"), tr("Run this column again"), "columnRerun", this)),
      m_ownSystem(toolButton(tr("Own system prompt"),
                             tr("Give this column its own system prompt in place of the composer's"), "columnOwnSystem",
                             this)),
      m_system(new QPlainTextEdit(this)),
      m_simulated(new QLabel(tr("Simulated"), this)),
      m_estimate(smallLabel("columnEstimate", this)),
      m_status(smallLabel("columnStatus", this)),
      m_answer(new StreamTextView(this)),
      m_figures(smallLabel("columnFigures", this)),
      m_checks(smallLabel("columnChecks", this)),
      m_detailsToggle(toolButton(tr("Decision and attempts"), tr("Show the decision's trace and every attempt"),
                                 "columnDetailsToggle", this)),
      m_details(smallLabel("columnDetails", this)),
      m_thinkingToggle(
          toolButton(tr("Thinking"), tr("Show the model's thinking before its answer"), "columnThinkingToggle", this)),
      m_thinking(new QPlainTextEdit(this)) {
    setObjectName(QStringLiteral("compareColumn"));
    setFrameShape(QFrame::StyledPanel);
    setMinimumWidth(280);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 10);
    layout->setSpacing(6);
    auto* header = new QHBoxLayout;
    header->setSpacing(2);
    m_combo->setObjectName(QStringLiteral("columnTarget"));
    m_combo->setAccessibleName(tr("What this column calls"));
    m_combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_combo->setMinimumContentsLength(12);
    header->addWidget(m_combo, 1);
    m_blindName->setObjectName(QStringLiteral("columnBlindName"));
    m_blindName->hide();
    header->addWidget(m_blindName, 1);
    // The target takes the header's width but for four small buttons, so it reads whole in a
    // column at its narrowest (three columns beside the History at 1440 px).
    for (QToolButton* b : {m_rerun, m_left, m_right, m_remove}) header->addWidget(b);
    layout->addLayout(header);
    m_simulated->setObjectName(QStringLiteral("simulatedBadge"));
    m_simulated->setToolTip(tr("Answered by the built-in mock provider, priced at this model's catalog prices"));
    m_simulated->hide();
    auto* badges = new QHBoxLayout;
    badges->setSpacing(6);
    badges->addWidget(m_ownSystem);
    badges->addStretch(1);
    badges->addWidget(m_simulated, 0, Qt::AlignVCenter);
    layout->addLayout(badges);
    layout->addWidget(m_estimate);
    m_ownSystem->setCheckable(true);
    m_system->setObjectName(QStringLiteral("columnSystem"));
    m_system->setPlaceholderText(tr("This column's system prompt (replaces the composer's; empty: none)"));
    m_system->setAccessibleName(tr("This column's system prompt"));
    m_system->setFixedHeight(52);
    m_system->hide();
    layout->addWidget(m_system);
    connect(m_ownSystem, &QToolButton::toggled, this, [this](bool on) {
        m_system->setVisible(on);
        if (on) m_system->setFocus();
        emit variantChanged();
    });
    connect(m_system, &QPlainTextEdit::textChanged, this, &CompareColumn::variantChanged);
    layout->addWidget(m_status);
    m_status->hide();
    // The thinking, apart from the answer and above it, collapsed until asked for.
    m_thinkingToggle->setCheckable(true);
    m_thinkingToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_thinkingToggle->setArrowType(Qt::RightArrow);
    m_thinkingToggle->setFocusPolicy(Qt::StrongFocus);
    m_thinkingToggle->hide();
    layout->addWidget(m_thinkingToggle, 0, Qt::AlignLeft);
    m_thinking->setObjectName(QStringLiteral("columnThinking"));
    m_thinking->setAccessibleName(tr("The model's thinking"));
    m_thinking->setReadOnly(true);
    m_thinking->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_thinking->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    m_thinking->hide();
    layout->addWidget(m_thinking);
    connect(m_thinkingToggle, &QToolButton::toggled, this, [this](bool open) {
        m_thinkingToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_thinking->setVisible(open && !m_thinking->toPlainText().isEmpty());
        fitThinking();
    });
    m_answer->setObjectName(QStringLiteral("columnAnswer"));
    updateAccessibleAnswer();
    m_answer->setPlaceholderText(tr("The answer streams in here."));
    m_answer->setMinimumHeight(120);
    layout->addWidget(m_answer, 1);
    layout->addWidget(m_figures);
    layout->addWidget(m_checks);
    m_checks->hide();
    m_detailsToggle->setCheckable(true);
    m_detailsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsToggle->setArrowType(Qt::RightArrow);
    layout->addWidget(m_detailsToggle, 0, Qt::AlignLeft);
    layout->addWidget(m_details);
    m_figures->hide();
    m_detailsToggle->hide();
    m_details->hide();
    connect(m_detailsToggle, &QToolButton::toggled, this, [this](bool open) {
        m_detailsToggle->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        m_details->setVisible(open);
    });

    connect(m_combo, &QComboBox::activated, this, [this](int index) {
        const auto target = CompareTarget::fromKey(m_combo->itemData(index).toString());
        if (!target || *target == m_target) return;
        m_target = *target;
        updateAccessibleAnswer();
        emit targetChosen(m_target);
    });
    connect(m_left, &QToolButton::clicked, this, [this] { emit moveRequested(-1); });
    connect(m_right, &QToolButton::clicked, this, [this] { emit moveRequested(1); });
    connect(m_remove, &QToolButton::clicked, this, &CompareColumn::removeRequested);
    connect(m_rerun, &QToolButton::clicked, this, &CompareColumn::rerunRequested);
}

void CompareColumn::updateAccessibleAnswer() {
    // Blind, only the letter: a screen reader must not tell who wrote it before the vote.
    if (isBlind()) {
        m_answer->setAccessibleName(tr("Answer %1").arg(m_letter));
        m_answer->setAccessibleDescription(
            tr("One of the answers being judged blind; who wrote it is shown after the vote."));
    } else {
        m_answer->setAccessibleName(tr("Answer of %1").arg(m_target.label()));
        m_answer->setAccessibleDescription(tr("What this column's target answered, as it streamed in."));
    }
}

void CompareColumn::setTargets(const std::vector<CompareTarget>& available, const CompareTarget& current) {
    m_target = current;
    m_available = available;
    updateAccessibleAnswer();
    const QSignalBlocker block(m_combo);
    m_combo->clear();
    if (isBlind()) return;  // refilled by reveal()
    bool found = false;
    for (const CompareTarget& t : available) {
        m_combo->addItem(t.label(), t.key());
        found = found || t == current;
    }
    if (!found) m_combo->addItem(tr("%1 (not in the workspace)").arg(current.label()), current.key());
    m_combo->setCurrentIndex(m_combo->findData(current.key()));
}

void CompareColumn::setPlace(int index, int count) {
    m_left->setEnabled(index > 0);
    m_right->setEnabled(index + 1 < count);
    m_remove->setEnabled(count > kMinCompareColumns);
}

void CompareColumn::setRunning(bool running) {
    m_running = running;
    m_combo->setEnabled(!running);
    // Blind, the buttons would tell the column's place before the shuffle.
    for (QToolButton* b : {m_left, m_right, m_remove, m_rerun}) b->setVisible(!running && !isBlind());
    m_ownSystem->setEnabled(!running);
    // Blind, a column's own system prompt would tell which column it is.
    m_ownSystem->setVisible(!isBlind());
    m_system->setVisible(!isBlind() && m_ownSystem->isChecked());
    m_system->setReadOnly(running);
}

std::optional<std::string> CompareColumn::systemOverride() const {
    if (!m_ownSystem->isChecked()) return std::nullopt;
    return m_system->toPlainText().trimmed().toStdString();
}

void CompareColumn::setSystemOverride(const std::optional<QString>& text) {
    m_system->setPlainText(text.value_or(QString()));
    m_ownSystem->setChecked(text.has_value());
}

void CompareColumn::setEstimate(const QString& text) { m_estimate->setText(text); }
void CompareColumn::setSimulated(bool simulated) { m_simulated->setVisible(simulated); }

void CompareColumn::setStatus(const QString& text, const QString& kind) {
    m_status->setText(text);
    m_status->setProperty("kind", kind);
    m_status->style()->unpolish(m_status);
    m_status->style()->polish(m_status);
    m_status->setVisible(!text.isEmpty());
}

void CompareColumn::begin() {
    m_attempt = 0;
    m_gotText = false;
    m_raw.clear();
    m_hidden.reset();
    m_answer->clear();
    m_answer->setPlaceholderText(tr("The answer streams in here."));
    m_figures->hide();
    m_checks->hide();
    m_detailsToggle->hide();
    m_details->clear();
    m_thinkingToggle->hide();
    m_thinking->clear();
    m_thinking->hide();
    setStatus(tr("Waiting for the first token\u2026"), QStringLiteral("running"));
}

void CompareColumn::switchAttempt(int attempt) {
    m_answer->clear();
    m_raw.clear();
    m_thinking->clear();
    m_thinking->hide();
    m_thinkingToggle->hide();
    m_attempt = attempt;
    setStatus(isBlind() ? tr("Streaming\u2026")
                        : tr("Attempt %1 answering (the earlier one failed or was escalated)\u2026").arg(attempt + 1),
              QStringLiteral("running"));
}

void CompareColumn::appendThinking(int attempt, const QString& text) {
    if (isBlind()) return;  // shown with the rest after the vote (finish() keeps the whole thinking)
    if (attempt != m_attempt) switchAttempt(attempt);
    if (!m_gotText) setStatus(tr("Thinking\u2026"), QStringLiteral("running"));
    QTextCursor end(m_thinking->document());
    end.movePosition(QTextCursor::End);
    end.insertText(text);
    m_thinkingToggle->setText(tr("Thinking\u2026"));
    m_thinkingToggle->show();
    m_thinking->setVisible(m_thinkingToggle->isChecked());
    fitThinking();
}

void CompareColumn::appendText(int attempt, const QString& text) {
    if (attempt != m_attempt) {
        switchAttempt(attempt);
    } else if (!m_gotText) {
        setStatus(tr("Streaming\u2026"), QStringLiteral("running"));
    }
    m_gotText = true;
    m_raw += text;
    if (isBlind()) {
        showAnswer();
        return;
    }
    m_answer->append(text);
}

namespace {
// The mock's answers start with "[simulated <model>]": a blind column must not show it.
QString withoutSimulatedPrefix(const QString& text) {
    const QString prefix = QStringLiteral("[simulated");
    if (!text.startsWith(prefix) && !prefix.startsWith(text)) return text;
    const qsizetype end = text.indexOf(QLatin1Char(']'));
    if (end < 0) return {};  // the prefix has not all arrived
    return text.mid(end + 1).trimmed();
}
}  // namespace

void CompareColumn::showAnswer() {
    const QString visible = isBlind() ? withoutSimulatedPrefix(m_raw) : m_raw;
    const QString& current = m_answer->text();
    if (visible.startsWith(current) && !current.isEmpty())
        m_answer->append(visible.mid(current.size()));
    else if (visible != current)
        m_answer->setText(visible);
}

void CompareColumn::setBlind(const QString& letter) {
    m_letter = letter;
    m_blindName->setText(tr("Answer %1").arg(letter));
    m_blindName->setVisible(!letter.isEmpty());
    m_combo->setVisible(letter.isEmpty());
    if (!letter.isEmpty()) {
        const QSignalBlocker block(m_combo);
        m_combo->clear();
        m_estimate->clear();
    } else {
        setTargets(m_available, m_target);
    }
    m_estimate->setVisible(letter.isEmpty());
    updateAccessibleAnswer();
    setRunning(m_running);
}

void CompareColumn::reveal() {
    if (!isBlind()) return;
    setBlind({});
    showAnswer();
    if (m_hidden) apply(*m_hidden);
    m_hidden.reset();
}

void CompareColumn::apply(const Shown& shown) {
    setStatus(shown.status, shown.statusKind);
    m_figures->setText(shown.figures);
    m_figures->setVisible(!shown.figures.isEmpty());
    m_checks->setText(shown.checks);
    m_checks->setVisible(!shown.checks.isEmpty());
    m_details->setText(shown.details);
    m_detailsToggle->setVisible(!shown.details.isEmpty());
    m_details->setVisible(!shown.details.isEmpty() && m_detailsToggle->isChecked());
    m_thinking->setPlainText(shown.thinking);
    m_thinkingToggle->setText(shown.thinkingLabel);
    m_thinkingToggle->setVisible(!shown.thinking.isEmpty());
    m_thinking->setVisible(!shown.thinking.isEmpty() && m_thinkingToggle->isChecked());
    fitThinking();
    setSimulated(shown.simulated);
}

void CompareColumn::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    fitThinking();
}

void CompareColumn::fitThinking() {
    if (m_thinking->isHidden()) return;
    // Wrapped at the view's width, paragraph by paragraph, as the view lays it out.
    const QFontMetrics metrics(m_thinking->font());
    const int margin = static_cast<int>(m_thinking->document()->documentMargin());
    const int width = std::max(40, m_thinking->viewport()->width() - 2 * margin);
    int height = 0;
    for (const QString& paragraph : m_thinking->toPlainText().split(QLatin1Char('\n')))
        height += paragraph.isEmpty()
                      ? metrics.lineSpacing()
                      : metrics.boundingRect(QRect(0, 0, width, 1 << 20), Qt::TextWordWrap, paragraph).height();
    const int frame = 2 * (m_thinking->frameWidth() + margin) + metrics.lineSpacing() / 2;
    m_thinking->setFixedHeight(
        std::clamp(height + frame, 2 * metrics.lineSpacing() + frame, 12 * metrics.lineSpacing()));
}

CompareColumn::Shown CompareColumn::describe(const core::RouteExecution* run, const QString& failure,
                                             const QString& traceNote,
                                             const std::vector<core::CheckRecord>& ownChecks) {
    Shown out;
    if (!run) {
        out.status = failure.isEmpty() ? tr("Did not run.") : failure;
        out.statusKind = QStringLiteral("error");
    } else {
        QStringList details;
        if (m_target.kind == CompareTarget::Kind::Policy && !traceNote.isEmpty()) {
            details << traceNote;
        } else if (m_target.kind == CompareTarget::Kind::Policy) {
            details << QString::fromStdString(run->decision.explanation);
            for (const core::TraceStep& step : run->decision.trace)
                details << QStringLiteral("  \u2022 ") + QString::fromStdString(step.text);
        }
        if (run->attempts.size() > 1 || m_target.kind != CompareTarget::Kind::Model) {
            details << tr("Attempts:");
            for (std::size_t i = 0; i < run->attempts.size(); ++i) details << attemptLine(i, run->attempts[i]);
            if (run->attempts.size() > 1 || !run->classifierCalls.empty())
                details << tr("All calls: %1").arg(QString::fromStdString(run->totalCost.total.toDisplay()));
        }
        out.details = details.join(QLatin1Char('\n'));
        const core::CallResult* shown = run->final();
        if (!shown && !run->attempts.empty()) shown = &run->attempts.back().result;
        if (run->decision.rejected) {
            out.status =
                tr("The policy rejected the request: %1").arg(QString::fromStdString(run->decision.rejectMessage));
            out.statusKind = QStringLiteral("error");
        } else if (!shown) {
            out.status = tr("No call was made.");
            out.statusKind = QStringLiteral("error");
        }
        if (shown) {
            m_raw = QString::fromStdString(shown->text);
            const QString failureWords = describeFailure(*shown);
            if (!run->decision.rejected && !failureWords.isEmpty()) {
                out.status = failureWords;
                out.statusKind = QStringLiteral("error");
            } else if (!run->decision.rejected && run->attempts.size() > 1) {
                out.status = tr("Answered by %1 after %2 attempts.")
                                 .arg(QString::fromStdString(shown->model))
                                 .arg(run->attempts.size());
                out.statusKind = QStringLiteral("note");
            }
            QStringList figures;
            // A call that failed before any usage came has no tokens or cost to show.
            if (shown->ok() || shown->usageReported || shown->usageEstimated)
                figures << describeTokens(*shown) + QStringLiteral(" \u00b7 ") + describeCost(*shown);
            figures << describeTiming(*shown);
            figures << tr("Finish: %1 \u00b7 %n HTTP attempt(s) \u00b7 %2", nullptr, shown->attempts)
                           .arg(shown->finishReason.empty() ? tr("none") : QString::fromStdString(shown->finishReason),
                                QString::fromStdString(
                                    shown->provider.empty() ? shown->model : shown->model + " via " + shown->provider));
            out.figures = figures.join(QLatin1Char('\n'));
            out.simulated = shown->simulated;
            out.thinking = QString::fromStdString(shown->thinking).trimmed();
            out.thinkingLabel = shown->reasoningTokens > 0
                                    ? tr("Thinking (%1 reasoning tokens)")
                                          .arg(QLocale().toString(static_cast<qlonglong>(shown->reasoningTokens)))
                                    : tr("Thinking");
            out.checks = describeChecks(run->answer ? &run->attempts[*run->answer] : &run->attempts.back(), ownChecks);
        }
    }
    return out;
}

void CompareColumn::finish(const core::RouteExecution* run, const QString& failure,
                           const std::vector<core::CheckRecord>& ownChecks) {
    const Shown out = describe(run, failure, {}, ownChecks);
    showAnswer();
    m_answer->setPlaceholderText(tr("No answer arrived."));
    if (!isBlind()) {
        apply(out);
        return;
    }
    // Blind: only whether it answered, in words that name nothing, until the vote.
    const bool failed = out.statusKind == QLatin1String("error");
    m_hidden = out;
    // The thinking stays hidden too: which columns think at all would tell the providers apart.
    apply(Shown{failed ? tr("This answer failed; why is shown after the vote.") : QString(),
                failed ? QStringLiteral("error") : QString(),
                {},
                {},
                {},
                {},
                {},
                false});
}

void CompareColumn::showRecorded(const core::RecordedColumn& recorded) {
    setRunning(true);                                   // read-only: no moving, removing or running again
    m_ownSystem->setVisible(m_ownSystem->isChecked());  // only a system prompt it had
    m_raw.clear();
    m_answer->clear();
    QString traceNote;
    if (!recorded.decisionProblem.empty())
        traceNote = tr("The policy's decision was stored but cannot be read: %1")
                        .arg(QString::fromStdString(recorded.decisionProblem));
    else if (!recorded.decisionStored)
        traceNote = tr("No decision trace: this comparison was recorded before the decision was stored.");
    const Shown out = describe(&recorded.execution, {}, traceNote, recorded.answerChecks);
    showAnswer();
    m_answer->setPlaceholderText(tr("No answer arrived."));
    apply(out);
}

QString CompareColumn::answerText() const { return m_answer->text(); }
QString CompareColumn::statusText() const { return m_status->isHidden() ? QString() : m_status->text(); }
QString CompareColumn::figuresText() const { return m_figures->text(); }
QString CompareColumn::detailsText() const { return m_details->text(); }
QString CompareColumn::checksText() const { return m_checks->isHidden() ? QString() : m_checks->text(); }
QString CompareColumn::thinkingText() const { return m_thinking->toPlainText(); }
bool CompareColumn::thinkingOpen() const { return m_thinkingToggle->isChecked(); }

}  // namespace switchyard::ui
