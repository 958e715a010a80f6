#include "ui/pages/policypage.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/app/navigator.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/rulelistmodel.h"
#include "ui/services/keychainkeysource.h"
#include "ui/views/cascadeeditor.h"
#include "ui/views/driftdialog.h"
#include "ui/views/policysettingsview.h"
#include "ui/views/routepreview.h"
#include "ui/views/ruledelegate.h"
#include "ui/views/ruleeditor.h"
#include "ui/views/rulesuggestionsdialog.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

namespace {

QScrollArea* scrolled(QWidget* content, QWidget* parent) {
    auto* area = new QScrollArea(parent);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    // Forms shrink to the pane's width (fields narrow, labels wrap) rather than scroll sideways.
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

// A compact button for a page action: a short label, the action's full name and shortcut in the
// tool tip, enabled with the action.
QToolButton* toolButton(QAction* action, const QString& label, QWidget* parent) {
    auto* button = new QToolButton(parent);
    button->setText(label);
    button->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto sync = [button, action] {
        button->setEnabled(action->isEnabled());
        button->setToolTip(
            QStringLiteral("%1 (%2)").arg(action->text(), action->shortcut().toString(QKeySequence::NativeText)));
    };
    QObject::connect(action, &QAction::changed, button, sync);
    QObject::connect(button, &QToolButton::clicked, action, &QAction::trigger);
    sync();
    return button;
}

// A rule name not yet taken: "new-rule", "new-rule-2", …
std::string freeRuleName(const core::Workspace& ws) {
    auto taken = [&ws](const std::string& name) {
        for (const auto& r : ws.policy.rules)
            if (r.name == name) return true;
        return false;
    };
    std::string name = "new-rule";
    for (int n = 2; taken(name); ++n) name = "new-rule-" + std::to_string(n);
    return name;
}

}  // namespace

PolicyPage::PolicyPage(const Workbench& workbench, QWidget* parent)
    : Page(parent),
      m_workbench(workbench),
      m_model(new RuleListModel(workbench.document, workbench.commands, workbench.costing, this)),
      m_filter(new QLineEdit(this)),
      m_list(new QListView(this)),
      m_editor(new RuleEditor(workbench.document, workbench.commands, this)),
      m_settings(new PolicySettingsView(workbench.document, workbench.commands, workbench.costing, this)),
      m_cascade(new CascadeEditor(workbench.document, workbench.commands, this)),
      m_preview(new RoutePreview(workbench.document, workbench.jobs, workbench.costing, workbench.keys, this)),
      m_tabs(new QTabWidget(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_add(new QAction(tr("Add rule"), this)),
      m_duplicate(new QAction(tr("Duplicate rule"), this)),
      m_up(new QAction(tr("Move rule up"), this)),
      m_down(new QAction(tr("Move rule down"), this)),
      m_suggest(new QAction(tr("Suggest rules…"), this)),
      m_driftAction(new QAction(tr("Traffic drift…"), this)) {
    setObjectName(QStringLiteral("policyPage"));
    m_add->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    m_duplicate->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    m_up->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Up));
    m_down->setShortcut(QKeySequence(Qt::ALT | Qt::Key_Down));
    for (QAction* a : {m_add, m_duplicate, m_up, m_down}) {
        a->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        addAction(a);
    }
    connect(m_add, &QAction::triggered, this, &PolicyPage::addRule);
    connect(m_duplicate, &QAction::triggered, this, &PolicyPage::duplicateRule);
    connect(m_up, &QAction::triggered, this, [this] { moveSelected(-1); });
    connect(m_down, &QAction::triggered, this, [this] { moveSelected(+1); });
    m_suggest->setObjectName(QStringLiteral("suggestRules"));
    m_suggest->setToolTip(tr("Patterns the classifier sends consistently to one tier, to add as rules"));
    connect(m_suggest, &QAction::triggered, this, [this] { openSuggestions(); });
    m_driftAction->setObjectName(QStringLiteral("trafficDrift"));
    m_driftAction->setToolTip(
        tr("Compare a new traffic log with the previous one: what moved, and which rules it affects"));
    connect(m_driftAction, &QAction::triggered, this, [this] { openDrift(); });

    auto* header =
        new ViewHeader(tr("Policy"),
                       tr("Rules decide first, in order; the classifier takes the rest. Every edit re-costs the sample "
                          "traffic, and the preview shows the decision for a request you type."),
                       this);

    m_filter->setObjectName(QStringLiteral("ruleFilter"));
    m_filter->setPlaceholderText(tr("Filter rules (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setProperty("localUndo", true);  // a filter, not the workspace: Ctrl+Z undoes its text
    m_list->setObjectName(QStringLiteral("ruleList"));
    m_list->setModel(m_model);
    m_list->setItemDelegate(new RuleDelegate(m_list));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setDragEnabled(true);
    m_list->setAcceptDrops(true);
    m_list->setDropIndicatorShown(true);
    m_list->setDragDropMode(QAbstractItemView::DragDrop);
    m_list->setDefaultDropAction(Qt::MoveAction);
    m_list->setDragDropOverwriteMode(false);
    m_list->setUniformItemSizes(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* rulesPane = new QWidget(this);
    auto* rulesLayout = new QVBoxLayout(rulesPane);
    rulesLayout->setContentsMargins(0, 0, 0, 0);
    rulesLayout->addWidget(m_filter);
    rulesLayout->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(toolButton(m_add, tr("Add"), rulesPane));
    buttons->addWidget(toolButton(m_duplicate, tr("Duplicate"), rulesPane));
    buttons->addWidget(toolButton(m_up, tr("Up"), rulesPane));
    buttons->addWidget(toolButton(m_down, tr("Down"), rulesPane));
    buttons->addWidget(toolButton(m_suggest, tr("Suggest…"), rulesPane));
    buttons->addWidget(toolButton(m_driftAction, tr("Drift…"), rulesPane));
    buttons->addStretch();
    rulesLayout->addLayout(buttons);
    auto* emptyHint =
        new QLabel(tr("Requests that no rule matches go to the classifier, then to the default tier."), rulesPane);
    emptyHint->setWordWrap(true);
    emptyHint->setStyleSheet(QStringLiteral("color: palette(mid);"));
    rulesLayout->addWidget(emptyHint);

    m_tabs->setObjectName(QStringLiteral("policyTabs"));
    m_tabs->addTab(scrolled(m_editor, m_tabs), tr("Rule"));
    m_tabs->addTab(scrolled(m_settings, m_tabs), tr("Classifier && threshold"));
    m_tabs->addTab(scrolled(m_cascade, m_tabs), tr("Cascade"));

    // Wide enough for a rule's number and name in a 1024-pixel window.
    rulesPane->setMinimumWidth(220);
    m_splitter->addWidget(rulesPane);
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 4);
    m_splitter->setStretchFactor(2, 4);
    m_splitter->setSizes({350, 420, 380});
    m_splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(m_splitter, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &PolicyPage::applyFilter);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &PolicyPage::applyFilter);
    connect(m_model, &QAbstractItemModel::modelReset, this, &PolicyPage::applyFilter);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (!m_filter->text().isEmpty()) applyFilter();
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        m_editor->setRule(current.isValid() ? current.row() : -1);
        if (current.isValid()) m_tabs->setCurrentIndex(0);
        updateActions();
    });
    connect(m_list->selectionModel(), &QItemSelectionModel::selectionChanged, this, &PolicyPage::updateActions);
    connect(m_model, &QAbstractItemModel::rowsMoved, this, &PolicyPage::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PolicyPage::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &PolicyPage::updateActions);
    connect(m_preview, &RoutePreview::decided, m_model, &RuleListModel::setDecidingRule);
    // A trace step shows what decided it: a rule here, a tier on the Tiers page.
    connect(m_preview, &RoutePreview::pointerActivated, this, [this](const QString& pointer) {
        if (pointer.startsWith(QStringLiteral("/policy")))
            selectPointer(pointer);
        else if (m_workbench.navigator)
            m_workbench.navigator->navigate(pointer);
    });
    if (m_workbench.navigator)
        m_workbench.navigator->addTarget(this, QStringLiteral("/policy"),
                                         [this](const QString& pointer) { selectPointer(pointer); });
    m_preview->decide();
    updateActions();
}

QList<QAction*> PolicyPage::pageActions() const { return {m_add, m_duplicate, m_up, m_down, m_suggest, m_driftAction}; }

DriftDialog* PolicyPage::openDrift() {
    if (!m_drift) m_drift = new DriftDialog(m_workbench, this);
    m_drift->show();
    m_drift->raise();
    m_drift->activateWindow();
    return m_drift;
}

RuleSuggestionsDialog* PolicyPage::openSuggestions() {
    if (!m_suggestions) m_suggestions = new RuleSuggestionsDialog(m_workbench, this);
    m_suggestions->show();
    m_suggestions->raise();
    m_suggestions->activateWindow();
    return m_suggestions;
}

bool PolicyPage::focusFilter() {
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
    return true;
}

int PolicyPage::selectedRule() const {
    const QModelIndex current = m_list->selectionModel()->currentIndex();
    return current.isValid() && m_list->selectionModel()->isSelected(current) ? current.row() : -1;
}

void PolicyPage::selectRule(int row) {
    const QModelIndex index = m_model->index(row);
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(index);
}

bool PolicyPage::deleteSelection() {
    const int row = selectedRule();
    if (row < 0) return false;
    (void)m_workbench.commands->removeRule(row);  // a refusal reaches the status line through refused()
    if (m_model->rowCount() > 0) selectRule(std::min(row, m_model->rowCount() - 1));
    return true;
}

void PolicyPage::addRule() {
    const core::Workspace& ws = m_workbench.document->workspace();
    core::Rule rule;
    rule.name = freeRuleName(ws);
    rule.when.kind = core::PredicateKind::Keywords;
    rule.when.values = {"example"};
    rule.action.kind = core::ActionKind::Tier;
    rule.action.tier =
        ws.policy.defaultTier.empty() && !ws.tiers.empty() ? ws.tiers.front().name : ws.policy.defaultTier;
    // After the selected rule; before it when it is a catch-all (nothing after one could match).
    // With none selected, last (before any trailing catch-all): a new rule never jumps ahead of
    // rules already there, such as one that rejects prompts holding keys.
    int row = selectedRule();
    if (row < 0) {
        row = static_cast<int>(ws.policy.rules.size());
        while (row > 0 && core::isCatchAll(ws.policy.rules[static_cast<size_t>(row - 1)].when)) --row;
    } else if (!core::isCatchAll(ws.policy.rules[static_cast<size_t>(row)].when)) {
        ++row;
    }
    if (m_workbench.commands->insertRule(row, std::move(rule)).ok()) {
        selectRule(row);
        m_editor->nameField()->setFocus(Qt::OtherFocusReason);
        m_editor->nameField()->selectAll();
    }
}

void PolicyPage::duplicateRule() {
    const int row = selectedRule();
    if (row >= 0 && m_workbench.commands->duplicateRule(row).ok()) selectRule(row + 1);
}

void PolicyPage::moveSelected(int delta) {
    const int row = selectedRule();
    if (row < 0) return;
    const int target = row + delta;
    if (target < 0 || target >= m_model->rowCount()) return;
    // beginMoveRows destination: before the row it lands in front of.
    if (m_workbench.commands->moveRule(row, delta < 0 ? target : target + 1).ok()) selectRule(target);
}

void PolicyPage::selectPointer(const QString& pointer) {
    const QStringList parts = Navigator::split(pointer);  // "policy", "rules", "3", …
    const QString section = parts.value(1);
    if (section == QStringLiteral("rules")) {
        bool ok = false;
        const int row = parts.value(2).toInt(&ok);
        if (ok && row >= 0 && row < m_model->rowCount()) {
            if (m_list->isRowHidden(row)) m_filter->clear();
            selectRule(row);
            m_tabs->setCurrentIndex(0);
            m_list->setFocus(Qt::OtherFocusReason);
        }
    } else if (section == QStringLiteral("cascade")) {
        m_tabs->setCurrentWidget(m_tabs->widget(2));
    } else if (!section.isEmpty()) {
        // The classifier, its labels, the threshold, the default tier, the guard, adaptations.
        m_tabs->setCurrentIndex(1);
    }
}

void PolicyPage::applyFilter() {
    const QString needle = m_filter->text().trimmed();
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const QModelIndex index = m_model->index(row);
        const bool match = needle.isEmpty() ||
                           index.data(RuleListModel::NameRole).toString().contains(needle, Qt::CaseInsensitive) ||
                           index.data(RuleListModel::ConditionRole).toString().contains(needle, Qt::CaseInsensitive) ||
                           index.data(RuleListModel::ActionRole).toString().contains(needle, Qt::CaseInsensitive);
        m_list->setRowHidden(row, !match);
    }
}

void PolicyPage::updateActions() {
    const int row = selectedRule();
    m_duplicate->setEnabled(row >= 0);
    m_up->setEnabled(row > 0);
    m_down->setEnabled(row >= 0 && row + 1 < m_model->rowCount());
}

void PolicyPage::saveState(QSettings& settings) const {
    settings.setValue(QStringLiteral("splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("tab"), m_tabs->currentIndex());
}

void PolicyPage::restoreState(const QSettings& settings) {
    m_splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("tab"), 0).toInt());
}

}  // namespace switchyard::ui
