#include "ui/widgets/problemspanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QStackedWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/workspace/workspace.h"
#include "ui/app/navigator.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

constexpr int kPointerRole = Qt::UserRole + 1;

QString quotedName(const std::string& name) { return QStringLiteral("\u201c%1\u201d").arg(toQString(name)); }

// A check's result with the revision it was made for (Result<Problems> would be ambiguous).
struct Check {
    core::Problems problems;
    quint64 revision = 0;
};

}  // namespace

QString describeLocation(const core::Workspace& ws, const QString& pointer) {
    const QStringList parts = Navigator::split(pointer);
    const auto index = [&parts](int at) {
        bool ok = false;
        const int value = parts.size() > at ? parts[at].toInt(&ok) : -1;
        return ok ? value : -1;
    };
    const QString dot = QStringLiteral(" \u00b7 ");
    if (parts.value(0) == QLatin1String("tiers")) {
        const int t = index(1);
        if (t < 0 || static_cast<size_t>(t) >= ws.tiers.size()) return QObject::tr("Tiers");
        QString where = QObject::tr("Tier %1").arg(quotedName(ws.tiers[static_cast<size_t>(t)].name));
        if (parts.value(2) == QLatin1String("primary"))
            where += dot + QObject::tr("primary");
        else if (parts.value(2) == QLatin1String("fallbacks") && index(3) >= 0)
            where += dot + QObject::tr("fallback %1").arg(index(3) + 1);
        else if (!parts.value(2).isEmpty())
            where += dot + parts.value(2);
        return where;
    }
    if (parts.value(0) == QLatin1String("policy")) {
        const QString section = parts.value(1);
        if (section == QLatin1String("rules")) {
            const int r = index(2);
            if (r < 0 || static_cast<size_t>(r) >= ws.policy.rules.size()) return QObject::tr("Rules");
            QString where =
                QObject::tr("Rule %1 %2").arg(r + 1).arg(quotedName(ws.policy.rules[static_cast<size_t>(r)].name));
            if (parts.value(3) == QLatin1String("then"))
                where += dot + QObject::tr("action");
            else if (parts.value(3) == QLatin1String("when"))
                where += dot + QObject::tr("condition");
            return where;
        }
        if (section == QLatin1String("default_tier")) return QObject::tr("Policy") + dot + QObject::tr("default tier");
        if (section == QLatin1String("classifier")) return QObject::tr("Classifier");
        if (section == QLatin1String("cascade")) return QObject::tr("Cascade checks");
        if (section == QLatin1String("adaptations")) return QObject::tr("Prompt adaptations");
        if (section == QLatin1String("baseline_model"))
            return QObject::tr("Policy") + dot + QObject::tr("baseline model");
        return QObject::tr("Policy");
    }
    if (parts.value(0) == QLatin1String("providers")) {
        const int p = index(1);
        if (p < 0 || static_cast<size_t>(p) >= ws.providers.size()) return QObject::tr("Providers");
        return QObject::tr("Provider %1").arg(quotedName(ws.providers[static_cast<size_t>(p)].name));
    }
    if (parts.value(0) == QLatin1String("catalog")) {
        const int m = index(1);
        if (m < 0 || static_cast<size_t>(m) >= ws.catalog.size()) return QObject::tr("Catalog");
        return QObject::tr("Model %1").arg(quotedName(ws.catalog.models()[static_cast<size_t>(m)].id));
    }
    return pointer.isEmpty() ? QObject::tr("Workspace") : pointer;
}

ProblemsPanel::ProblemsPanel(WorkspaceDocument* document, JobRunner* jobs, Navigator* navigator, QWidget* parent)
    : QWidget(parent),
      m_document(document),
      m_jobs(jobs),
      m_navigator(navigator),
      m_summary(new QLabel(this)),
      m_stack(new QStackedWidget(this)),
      m_list(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("problemsPanel"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_summary->setObjectName(QStringLiteral("problemsSummary"));
    m_summary->setContentsMargins(12, 8, 12, 8);
    m_summary->setStyleSheet(QStringLiteral("QLabel#problemsSummary { color: #9b2c1f; font-weight: 600; }"));
    layout->addWidget(m_summary);

    auto* empty =
        new QLabel(tr("No problems: every tier, rule and provider names a tier or model the workspace has."), this);
    empty->setObjectName(QStringLiteral("emptyLabel"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    m_list->setObjectName(QStringLiteral("problemsList"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Where"), tr("Problem"), tr("JSON pointer")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setFrameShape(QFrame::NoFrame);
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(false);
    m_list->setToolTip(tr("Click a problem to show the tier, rule or model it is about."));
    m_list->setStyleSheet(
        QStringLiteral("QTreeWidget#problemsList { background: #ffffff; alternate-background-color: #f7f9fb; }"
                       "QTreeWidget#problemsList::item { padding: 5px 8px; }"));
    m_list->setCursor(Qt::PointingHandCursor);
    m_stack->addWidget(empty);
    m_stack->addWidget(m_list);
    layout->addWidget(m_stack, 1);

    connect(m_list, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) { open(item); });
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) { open(item); });
    connect(m_document, &WorkspaceDocument::changed, this, &ProblemsPanel::onChanged);
    showProblems(core::Problems{});
    refresh();
}

QString ProblemsPanel::summaryText() const {
    const auto n = static_cast<int>(m_problems.size());
    if (n == 0) return tr("No problems");
    return (n == 1 ? tr("1 problem") : tr("%1 problems").arg(n)) +
           tr(": the workspace cannot be routed or costed until it is fixed.");
}

void ProblemsPanel::onChanged(const WorkspaceChange&) { refresh(); }

void ProblemsPanel::refresh() {
    if (m_job) {
        m_pending = true;  // checked again once the running check ends
        return;
    }
    m_pending = false;
    auto snapshot = m_document->snapshot();
    const quint64 revision = m_document->revision();
    m_job = m_jobs->start<Check>(
        tr("Check references"),
        [snapshot, revision](JobControl&) -> core::Result<Check> {
            return Check{core::validateReferences(*snapshot), revision};
        },
        [this](Check& check) {
            if (check.revision == m_document->revision()) showProblems(check.problems);
        });
    connect(m_job, &Job::ended, this, [this] {
        m_job = nullptr;
        if (m_pending) refresh();
    });
}

void ProblemsPanel::showProblems(const core::Problems& problems) {
    m_problems = problems;
    m_list->clear();
    const core::Workspace& ws = m_document->workspace();
    for (const core::Problem& problem : problems) {
        const QString pointer = toQString(problem.pointer);
        QString message = toQString(problem.message);
        if (!message.isEmpty()) message[0] = message[0].toUpper();
        auto* item = new QTreeWidgetItem(m_list, {describeLocation(ws, pointer), message, pointer});
        item->setData(0, kPointerRole, pointer);
        item->setToolTip(1, message);
    }
    m_stack->setCurrentIndex(problems.empty() ? 0 : 1);
    m_summary->setText(summaryText());
    emit problemsChanged(static_cast<int>(problems.size()));
}

void ProblemsPanel::open(QTreeWidgetItem* item) {
    if (item && m_navigator) m_navigator->navigate(item->data(0, kPointerRole).toString());
}

}  // namespace switchyard::ui
