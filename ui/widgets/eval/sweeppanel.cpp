#include "ui/widgets/eval/sweeppanel.h"

#include <QChart>
#include <QComboBox>
#include <QCursor>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPen>
#include <QPointer>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QTimer>
#include <QToolTip>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "core/store/store.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacechange.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"
#include "ui/services/evaldata.h"
#include "ui/widgets/dashboard/chartcard.h"
#include "ui/widgets/dashboard/chartkit.h"
#include "ui/widgets/dashboard/dashboardcharts.h"
#include "ui/widgets/flowlayout.h"

namespace switchyard::ui {

using namespace chartkit;

namespace {

const QString kNoRun = QObject::tr(
    "No eval run fits: the sweep needs a finished eval run with at least two tier targets (Evaluate \u2192 Runs, "
    "check two or more tiers), so it can learn each item's cheapest passing tier.");

QString plainMetric(const std::optional<double>& v) { return v ? QString::number(*v, 'f', 4) : QObject::tr("n/a"); }
QString shareMetric(const std::optional<double>& v) { return v ? percent(*v, 1) : QObject::tr("n/a"); }
QString usdMetric(const std::optional<double>& v) {
    return v ? QObject::tr("$%1 per 1K requests").arg(QString::number(*v, 'f', 4)) : QObject::tr("n/a");
}

QString oneLine(QString tip) { return tip.replace(QLatin1Char('\n'), QStringLiteral("; ")); }

int tierTargets(const EvalRunSummary& run) {
    return static_cast<int>(std::count_if(run.targets.begin(), run.targets.end(),
                                          [](const std::string& t) { return t.rfind("tier:", 0) == 0; }));
}

}  // namespace

SweepPanel::SweepPanel(const Workbench& workbench, std::function<std::filesystem::path()> database, QWidget* parent)
    : QWidget(parent), m_workbench(workbench), m_database(std::move(database)) {
    setObjectName(QStringLiteral("sweepPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    m_runRow = new QWidget(this);
    auto* runLayout = new QHBoxLayout(m_runRow);
    runLayout->setContentsMargins(0, 0, 0, 0);
    m_runs = new QComboBox(m_runRow);
    m_runs->setObjectName(QStringLiteral("sweepRunChoice"));
    m_runs->setMinimumContentsLength(28);
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runs->setToolTip(
        tr("The eval run whose results the classifier is trained and swept on (finished, two or "
           "more tier targets)"));
    auto* runLabel = new QLabel(tr("Eval r&un:"), m_runRow);
    runLabel->setBuddy(m_runs);
    runLayout->addWidget(runLabel);
    runLayout->addWidget(m_runs);
    runLayout->addStretch(1);
    layout->addWidget(m_runRow);
    m_runRow->hide();

    // The controls wrap instead of widening the window; each label stays with its field.
    auto* controls = new FlowLayout(12, 6);
    m_folds = new QSpinBox(this);
    m_folds->setObjectName(QStringLiteral("sweepFolds"));
    m_folds->setRange(2, 20);
    m_folds->setValue(5);
    m_folds->setSuffix(tr(" folds"));
    m_folds->setToolTip(
        tr("k-fold cross-validation: every item is classified by a model trained on the other folds, so each point "
           "is measured on items the classifier did not train on"));
    m_targetKind = new QComboBox(this);
    m_targetKind->setObjectName(QStringLiteral("sweepTargetKind"));
    m_targetKind->addItem(tr("At least this share of premium quality, at least cost"),
                          static_cast<int>(TargetKind::QualityOfPremium));
    m_targetKind->addItem(tr("The best quality within a cost ceiling"), static_cast<int>(TargetKind::CostCeiling));
    m_targetValue = new QDoubleSpinBox(this);
    m_targetValue->setObjectName(QStringLiteral("sweepTargetValue"));
    m_targetValue->setMinimumWidth(200);
    m_apply = new QPushButton(tr("&Apply threshold"), this);
    m_apply->setObjectName(QStringLiteral("applySweepButton"));
    m_apply->setToolTip(
        tr("Train the local classifier on every item of the run and write it and the chosen threshold into the "
           "policy (Ctrl+Z takes it back)"));
    m_apply->setEnabled(false);
    addLabelledItem(controls, this, tr("Cr&oss-validation:"), m_folds);
    addLabelledItem(controls, this, tr("Targ&et:"), m_targetKind, m_targetValue);
    controls->addWidget(m_apply);
    layout->addLayout(controls);

    m_card = new ChartCard(QStringLiteral("threshold-sweep"),
                           tr("Threshold sweep: cost (USD per 1,000 requests) against quality (items passed, %), "
                              "cross-validated"),
                           kNoRun, this);
    m_card->setPrompts(m_workbench.prompts);
    m_card->setMinimumHeight(340);
    layout->addWidget(m_card, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("sweepStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_status);
    m_metrics = new QLabel(this);
    m_metrics->setObjectName(QStringLiteral("sweepMetrics"));
    m_metrics->setWordWrap(true);
    m_metrics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_metrics);

    const auto setTargetRange = [this] {
        const QSignalBlocker block(m_targetValue);
        if (static_cast<TargetKind>(m_targetKind->currentData().toInt()) == TargetKind::QualityOfPremium) {
            m_targetValue->setPrefix(QString());
            m_targetValue->setSuffix(tr(" % of premium quality"));
            m_targetValue->setDecimals(1);
            m_targetValue->setRange(1, 100);
            m_targetValue->setSingleStep(1);
            m_targetValue->setValue(95);
        } else {
            m_targetValue->setPrefix(QStringLiteral("$"));
            m_targetValue->setSuffix(tr(" per 1K requests"));
            m_targetValue->setDecimals(4);
            m_targetValue->setRange(0, 1'000'000);
            m_targetValue->setSingleStep(0.1);
            // Halfway between all-cheap and all-premium, a ceiling worth looking at first.
            m_targetValue->setValue(
                m_result ? (m_result->allCheap.costPer1k.usd() + m_result->allPremium.costPer1k.usd()) / 2 : 1.0);
        }
    };
    setTargetRange();
    connect(m_targetKind, &QComboBox::currentIndexChanged, this, [this, setTargetRange] {
        setTargetRange();
        pickPoint();
    });
    connect(m_targetValue, &QDoubleSpinBox::valueChanged, this, &SweepPanel::pickPoint);
    connect(m_folds, &QSpinBox::valueChanged, this, &SweepPanel::sweep);
    connect(m_apply, &QPushButton::clicked, this, &SweepPanel::applyThreshold);
    connect(m_runs, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (!m_fillingRuns) setRun(index >= 0 ? m_runs->itemData(index).toLongLong() : 0);
    });
    m_resweep = new QTimer(this);
    m_resweep->setSingleShot(true);
    m_resweep->setInterval(400);
    connect(m_resweep, &QTimer::timeout, this, [this] {
        if (m_runId == 0) return;
        if (isVisible())
            sweep();
        else
            m_stale = true;
    });
    connect(m_workbench.document, &WorkspaceDocument::changed, this, &SweepPanel::workspaceChanged);
    showEmpty(kNoRun);
}

void SweepPanel::workspaceChanged(const WorkspaceChange& change) {
    if (m_ownEdit) return;
    // A whole new workspace is the page's to handle (it reads its runs again and sets the run).
    if (change.kind != WorkspaceChange::Kind::Reset && change.touches(WorkspaceField::Tiers | WorkspaceField::Policy))
        m_resweep->start();
}

void SweepPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (m_stale && m_runId != 0) sweep();
}

void SweepPanel::setRunChoiceVisible(bool visible) { m_runRow->setVisible(visible); }

void SweepPanel::reloadRuns() {
    const std::filesystem::path database = m_database();
    if (database.empty()) {  // an unsaved workspace has no run database
        m_fillingRuns = true;
        m_runs->clear();
        m_fillingRuns = false;
        setRun(0);
        emit runsLoaded();
        return;
    }
    m_runsLoading = true;
    const QPointer<SweepPanel> self(this);  // the answer may come after the panel is gone
    Job* job = m_workbench.jobs->start<EvalOverview>(
        tr("Read the eval runs for the sweep"), [database](JobControl&) { return loadEvalOverview(database); },
        [this, self](EvalOverview& overview) {
            if (!self) return;
            const std::int64_t keep = m_runId;
            m_fillingRuns = true;
            m_runs->clear();
            for (const auto& r : overview.runs) {
                if (r.run.status != core::RunStatus::Finished || tierTargets(r) < 2) continue;
                m_runs->addItem(tr("#%1 %2 (%3, %4 tiers)")
                                    .arg(r.run.id)
                                    .arg(toQString(r.run.name), toQString(r.datasetName))
                                    .arg(tierTargets(r)),
                                static_cast<qlonglong>(r.run.id));
            }
            const int at = m_runs->findData(static_cast<qlonglong>(keep));
            m_runs->setCurrentIndex(at >= 0 ? at : m_runs->count() > 0 ? 0 : -1);
            m_fillingRuns = false;
            const std::int64_t run = m_runs->currentIndex() >= 0 ? m_runs->currentData().toLongLong() : 0;
            if (run != m_runId || (run != 0 && !m_result && !m_loading)) setRun(run);
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        showEmpty(tr("The run database cannot be read: %1").arg(toQString(problems.front().toString())));
    });
    connect(job, &Job::ended, this, [this] {
        m_runsLoading = false;
        emit runsLoaded();
    });
}

void SweepPanel::setRun(std::int64_t runId) {
    m_runId = runId;
    sweep();
}

core::SweepOptions SweepPanel::options() const {
    core::SweepOptions o;
    o.folds = m_folds->value();
    return o;
}

core::SweepTarget SweepPanel::target() const {
    core::SweepTarget t;
    if (static_cast<TargetKind>(m_targetKind->currentData().toInt()) == TargetKind::QualityOfPremium)
        t.qualityOfPremium = m_targetValue->value() / 100.0;
    else
        t.maxCostPer1k = core::Money::parseUsd(QString::number(m_targetValue->value(), 'f', 6).toStdString());
    return t;
}

void SweepPanel::sweep() {
    const std::uint64_t generation = ++m_generation;
    m_stale = false;
    m_data.reset();
    m_result.reset();
    m_chosen.reset();
    m_apply->setEnabled(false);
    if (m_runId == 0) {
        m_loading = false;
        showEmpty(kNoRun);
        emit sweepLoaded();
        return;
    }
    m_loading = true;
    setStatus(tr("Sweeping eval run #%1 by %2-fold cross-validation\u2026").arg(m_runId).arg(m_folds->value()), false);
    const std::filesystem::path database = m_database();
    const auto workspace = m_workbench.document->snapshot();
    const std::int64_t run = m_runId;
    const core::SweepOptions o = options();
    Job* job = m_workbench.jobs->start<Swept>(
        tr("Sweep the threshold on eval run #%1").arg(run),
        [database, workspace, run, o](JobControl&) -> core::Result<Swept> {
            auto store = core::Store::open(database);
            if (!store) return store.problems();
            auto loaded = core::loadSweepData(*store, *workspace, run);
            if (!loaded) return loaded.problems();
            auto result = core::sweepThreshold(*workspace, *loaded, o);
            if (!result) return result.problems();
            return Swept{std::move(*loaded), std::move(*result)};
        },
        [this, self = QPointer<SweepPanel>(this), generation](Swept& swept) {
            if (!self || generation != m_generation) return;
            m_data = std::move(swept.data);
            m_result = std::move(swept.result);
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_generation) return;
        QStringList lines;
        for (const auto& p : problems) lines << toQString(p.message);
        showEmpty(tr("This run cannot be swept: %1").arg(lines.join(QStringLiteral(" "))));
    });
    connect(job, &Job::ended, this, [this, generation] {
        if (generation != m_generation) return;
        m_loading = false;
        if (m_result) showResult();
        emit sweepLoaded();
    });
}

void SweepPanel::showEmpty(const QString& text) {
    m_card->resetChart();
    m_card->setTargets({});
    m_card->setNote(QString());
    m_card->setEmptyText(text);  // an empty table is the card's empty state
    m_card->setTable({});
    m_metrics->clear();
    setStatus(QString(), false);  // the card says it
}

void SweepPanel::setStatus(const QString& text, bool problem) {
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b3261e;") : QString());
}

QString SweepPanel::statusText() const { return m_status->text(); }
QString SweepPanel::metricsText() const { return m_metrics->text(); }

void SweepPanel::showResult() {
    const core::SweepResult& r = *m_result;
    const auto& s = r.byPremiumShare;
    const auto& c = r.byCost;
    QString text =
        tr("Router metrics on this curve (RouteLLM APGR and CPT, arXiv 2406.18665; RouterBench AIQ, arXiv "
           "2403.12031).\nBy share of premium calls: APGR %1 \u00b7 CPT(50%) %2 \u00b7 CPT(80%) %3 \u00b7 AIQ %4\n"
           "By cost: APGR %5 \u00b7 CPT(50%) %6 \u00b7 CPT(80%) %7 \u00b7 AIQ %8")
            .arg(plainMetric(s.apgr), shareMetric(s.cpt50), shareMetric(s.cpt80), plainMetric(s.aiq),
                 plainMetric(c.apgr), usdMetric(c.cpt50), usdMetric(c.cpt80), plainMetric(c.aiq));
    text += tr("\n%1 items trained on (label: cheapest passing tier), %2 that no tier passed; out-of-fold label "
               "accuracy %3.")
                .arg(r.trainedItems)
                .arg(r.noTierPassed)
                .arg(percent(r.crossValidatedAccuracy, 1));
    if (r.leftOut > 0)
        text += tr(" %n item(s) left out (rejected or routed outside the run's tiers).", nullptr, int(r.leftOut));
    if (r.incompleteItems > 0)
        text += tr(" %n item(s) not answered by every tier are left out.", nullptr, int(r.incompleteItems));
    m_metrics->setText(text);
    pickPoint();
}

void SweepPanel::pickPoint() {
    if (!m_result) return;
    m_chosen = core::pickSweepPoint(*m_result, target());
    m_apply->setEnabled(m_chosen.has_value() && !m_applying);
    const core::SweepResult& r = *m_result;
    if (m_chosen) {
        setStatus(tr("Chosen: threshold %1 \u2014 quality %2 (%3 of %4 items), %5 per 1,000 requests, premium calls "
                     "%6. All premium: quality %7 at %8 per 1,000 requests.")
                      .arg(m_chosen->threshold, 0, 'f', 2)
                      .arg(percent(m_chosen->quality, 1))
                      .arg(m_chosen->passed)
                      .arg(m_chosen->items)
                      .arg(toQString(m_chosen->costPer1k.toDisplay()), percent(m_chosen->premiumShare, 1),
                           percent(r.allPremium.quality, 1), toQString(r.allPremium.costPer1k.toDisplay())),
                  false);
    } else if (static_cast<TargetKind>(m_targetKind->currentData().toInt()) == TargetKind::QualityOfPremium) {
        setStatus(tr("No threshold reaches %1% of premium quality (%2 of items passed); lower the target.")
                      .arg(m_targetValue->value(), 0, 'f', 1)
                      .arg(percent(m_targetValue->value() / 100.0 * r.allPremium.quality, 1)),
                  true);
    } else {
        setStatus(tr("No threshold costs at most $%1 per 1,000 requests; raise the ceiling.")
                      .arg(m_targetValue->value(), 0, 'f', 4),
                  true);
    }
    draw();
}

void SweepPanel::draw() {
    const core::SweepResult& r = *m_result;
    QChart* chart = m_card->resetChart();
    chart->legend()->setVisible(true);
    chart->legend()->setAlignment(Qt::AlignBottom);
    ChartTable table{{tr("Point"), tr("Threshold"), tr("Items routed"), tr("Passed"), tr("Quality"), tr("Cost (USD)"),
                      tr("Cost per 1K requests (USD)"), tr("Premium share")},
                     {}};
    auto* x = valueAxis(tr("Cost (USD per 1,000 requests)"), QStringLiteral("$%.4g"));
    auto* y = valueAxis(tr("Quality (items passed, %)"), QStringLiteral("%.0f%"));
    // A little room past 0% and 100%, so a point there shows whole; the ticks stay at 0, 20, ... 100.
    y->setTickType(QValueAxis::TicksDynamic);
    y->setTickAnchor(0);
    y->setTickInterval(20);
    y->setRange(-3, 103);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double maxCost = 0;
    const auto row = [&](const core::SweepPoint& p) {
        maxCost = std::max(maxCost, p.costPer1k.usd());
        table.rows.push_back({toQString(p.name), p.threshold >= 0 ? QString::number(p.threshold, 'f', 2) : QString(),
                              QString::number(p.items), QString::number(p.passed), QString::number(p.quality, 'g', 10),
                              toQString(p.cost.toExactString()), toQString(p.costPer1k.toExactString()),
                              QString::number(p.premiumShare, 'g', 10)});
    };
    const auto tip = [&r](const core::SweepPoint& p) {
        QString mix;
        for (std::size_t t = 0; t < r.tiers.size() && t < p.perTier.size(); ++t)
            mix += (t ? QStringLiteral(", ") : QString()) + toQString(r.tiers[t]) + QLatin1Char(' ') +
                   QString::number(p.perTier[t]);
        return tr("%1\nquality %2 (%3 of %4 items passed)\n%5 per 1,000 requests (%6 in all)\npremium calls %7\n"
                  "routed: %8")
            .arg(p.threshold >= 0 ? tr("threshold %1").arg(p.threshold, 0, 'f', 2) : toQString(p.name),
                 percent(p.quality, 2))
            .arg(p.passed)
            .arg(p.items)
            .arg(exactUsd(p.costPer1k), exactUsd(p.cost), percent(p.premiumShare, 2), mix);
    };
    std::vector<ChartTarget> targets;

    auto* curve = new QLineSeries;
    curve->setName(tr("%1-fold cross-validated sweep").arg(r.folds));
    curve->setObjectName(QString::fromLatin1(sweepseries::curve));
    curve->setPointsVisible(true);
    QPen pen(okabeIto(0));
    pen.setWidthF(2);
    curve->setPen(pen);
    QStringList tips;
    for (const auto& p : r.curve) {
        curve->append(p.costPer1k.usd(), p.quality * 100.0);
        tips << tip(p);
        row(p);
    }
    chart->addSeries(curve);
    curve->attachAxis(x);
    curve->attachAxis(y);
    QObject::connect(curve, &QLineSeries::hovered, curve, [curve, tips](const QPointF& at, bool state) {
        if (!state || curve->count() == 0) {
            QToolTip::hideText();
            return;
        }
        // The nearest point in screen terms: the hover reports a position on the line.
        QChart* c = curve->chart();
        const QPointF pos = c->mapToPosition(at, curve);
        int best = 0;
        double bestDistance = 1e300;
        for (int i = 0; i < curve->count(); ++i) {
            const QPointF d = c->mapToPosition(curve->at(i), curve) - pos;
            const double distance = d.x() * d.x() + d.y() * d.y();
            if (distance < bestDistance) {
                bestDistance = distance;
                best = i;
            }
        }
        QToolTip::showText(QCursor::pos(), tips.value(best));
    });
    targets.reserve(r.curve.size() + 4);  // the curve's points, then the reference and chosen points
    for (int i = 0; i < curve->count(); ++i) targets.push_back({oneLine(tips.at(i)), markPoint(curve, i), nullptr});

    const auto reference = [&](const core::SweepPoint& p, const QString& name, const char* objectName, QColor colour,
                               QScatterSeries::MarkerShape shape, double size) {
        auto* dot = new QScatterSeries;
        dot->setName(name);
        dot->setObjectName(QString::fromLatin1(objectName));
        dot->setMarkerShape(shape);
        dot->setMarkerSize(size);
        dot->setColor(colour);
        dot->setBorderColor(QColor(0x1d, 0x23, 0x2b));
        dot->append(p.costPer1k.usd(), p.quality * 100.0);
        chart->addSeries(dot);
        dot->attachAxis(x);
        dot->attachAxis(y);
        const QString text = tip(p);
        QObject::connect(dot, &QScatterSeries::hovered, dot, [text](const QPointF&, bool state) {
            if (state)
                QToolTip::showText(QCursor::pos(), text);
            else
                QToolTip::hideText();
        });
        targets.push_back({oneLine(text), markPoint(dot, 0), nullptr});
        row(p);
    };
    const QString cheapTier = r.tiers.empty() ? QString() : toQString(r.tiers.front());
    const QString premiumTier = r.tiers.empty() ? QString() : toQString(r.tiers.back());
    reference(r.allCheap, tr("All cheap (%1)").arg(cheapTier), sweepseries::allCheap, okabeIto(1),
              QScatterSeries::MarkerShapeRectangle, 13);
    reference(r.allPremium, tr("All premium (%1)").arg(premiumTier), sweepseries::allPremium, okabeIto(2),
              QScatterSeries::MarkerShapeRectangle, 13);
    reference(r.oracle, tr("Oracle (the cheapest passing tier per item)"), sweepseries::oracle, okabeIto(3),
              QScatterSeries::MarkerShapeCircle, 13);
    if (m_chosen)
        reference(*m_chosen, tr("Chosen: threshold %1").arg(m_chosen->threshold, 0, 'f', 2), sweepseries::chosen,
                  QColor(0x1d, 0x23, 0x2b), QScatterSeries::MarkerShapeCircle, 17);
    x->setRange(0, niceMax(maxCost));
    m_card->setNote(
        tr("Each point: the policy with the classifier trained on the other folds and this confidence "
           "threshold; a lower confidence escalates one tier."));
    m_card->setTargets(std::move(targets));
    m_card->setTable(std::move(table));
}

void SweepPanel::applyThreshold() {
    if (!m_chosen || !m_data || m_applying) return;
    m_applying = true;
    m_apply->setEnabled(false);
    struct Applied {
        core::ClassifierConfig classifier;
        double threshold = 0;
    };
    const auto workspace = m_workbench.document->snapshot();
    const core::SweepData items = *m_data;
    const double threshold = m_chosen->threshold;
    const core::SweepOptions o = options();
    const std::int64_t run = m_runId;
    setStatus(tr("Training the classifier on every item of eval run #%1\u2026").arg(run), false);
    Job* job = m_workbench.jobs->start<Applied>(
        tr("Train the classifier on eval run #%1").arg(run),
        [workspace, items, threshold, o](JobControl&) -> core::Result<Applied> {
            core::Workspace edited = *workspace;
            if (core::Status s = core::applySweep(edited, items, threshold, o); !s) return s.problems();
            return Applied{edited.policy.classifier, edited.policy.confidenceThreshold};
        },
        [this, self = QPointer<SweepPanel>(this), run](Applied& applied) {
            if (!self) return;
            m_ownEdit = true;  // the curve does not depend on the classifier or threshold it writes
            const core::Status s = m_workbench.commands->applySweptClassifier(
                std::move(applied.classifier), applied.threshold, tr("eval run #%1").arg(run));
            m_ownEdit = false;
            if (!s) {
                setStatus(tr("The threshold was not applied: %1").arg(toQString(s.problems().front().message)), true);
                return;
            }
            setStatus(tr("Applied: the policy routes with the classifier trained on eval run #%1 and confidence "
                         "threshold %2 (Edit \u2192 Undo takes it back).")
                          .arg(run)
                          .arg(applied.threshold, 0, 'f', 2),
                      false);
        });
    connect(job, &Job::failed, this, [this](const core::Problems& problems) {
        setStatus(tr("The threshold was not applied: %1").arg(toQString(problems.front().message)), true);
    });
    connect(job, &Job::ended, this, [this] {
        m_applying = false;
        m_apply->setEnabled(m_chosen.has_value());
        emit applyEnded();
    });
}

}  // namespace switchyard::ui
