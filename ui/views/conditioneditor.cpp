#include "ui/views/conditioneditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QStackedWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/workspace/workspaceedits.h"
#include "ui/models/displayformat.h"
#include "ui/models/rulesummary.h"

namespace switchyard::ui {

namespace {

using Kind = core::PredicateKind;

enum FieldPage { InfoPage, GlobsPage, MetaPage, RangePage, KeywordsPage, RegexPage, FlagPage };

constexpr Kind kKinds[] = {Kind::Always,      Kind::All,          Kind::Any,      Kind::Not,
                           Kind::Endpoint,    Kind::UserPlan,     Kind::TaskType, Kind::Meta,
                           Kind::InputTokens, Kind::OutputTokens, Kind::Keywords, Kind::Regex,
                           Kind::CodeBlock,   Kind::Turns,        Kind::JsonMode, Kind::Tools};
constexpr core::MetaOp kOps[] = {core::MetaOp::Equals, core::MetaOp::In,  core::MetaOp::Glob, core::MetaOp::Exists,
                                 core::MetaOp::Gt,     core::MetaOp::Gte, core::MetaOp::Lt,   core::MetaOp::Lte};

bool isGroup(Kind k) { return k == Kind::All || k == Kind::Any || k == Kind::Not; }

FieldPage pageOf(Kind k) {
    switch (k) {
        case Kind::Endpoint:
        case Kind::UserPlan:
        case Kind::TaskType:
            return GlobsPage;
        case Kind::Meta:
            return MetaPage;
        case Kind::InputTokens:
        case Kind::OutputTokens:
        case Kind::Turns:
            return RangePage;
        case Kind::Keywords:
            return KeywordsPage;
        case Kind::Regex:
            return RegexPage;
        case Kind::CodeBlock:
        case Kind::JsonMode:
        case Kind::Tools:
            return FlagPage;
        default:
            return InfoPage;
    }
}

int kindIndex(Kind k) {
    for (int i = 0; i < static_cast<int>(std::size(kKinds)); ++i)
        if (kKinds[i] == k) return i;
    return 0;
}

bool isNumericOp(core::MetaOp op) {
    return op == core::MetaOp::Gt || op == core::MetaOp::Gte || op == core::MetaOp::Lt || op == core::MetaOp::Lte;
}

// A whole number, or nullopt for an empty field; `ok` false when the text is neither.
std::optional<std::int64_t> readBound(const QString& text, bool* ok) {
    *ok = true;
    if (text.trimmed().isEmpty()) return std::nullopt;
    const qlonglong value = text.trimmed().toLongLong(ok);
    if (!*ok) return std::nullopt;
    return static_cast<std::int64_t>(value);
}

QString boundText(const std::optional<std::int64_t>& v) { return v ? QString::number(*v) : QString(); }

}  // namespace

std::vector<std::string> splitList(const QString& text) {
    std::vector<std::string> out;
    for (const QString& part : text.split(u',')) {
        const QString trimmed = part.trimmed();
        if (!trimmed.isEmpty()) out.push_back(trimmed.toStdString());
    }
    return out;
}

QString joinList(const std::vector<std::string>& values) {
    QStringList parts;
    for (const auto& v : values) parts << toQString(v);
    return parts.join(QStringLiteral(", "));
}

ConditionEditor::ConditionEditor(QWidget* parent)
    : QWidget(parent),
      m_tree(new QTreeWidget(this)),
      m_add(new QToolButton(this)),
      m_wrap(new QToolButton(this)),
      m_remove(new QToolButton(this)),
      m_kind(new QComboBox(this)),
      m_pages(new QStackedWidget(this)),
      m_info(new QLabel(this)),
      m_globs(new QLineEdit(this)),
      m_metaKey(new QLineEdit(this)),
      m_metaOp(new QComboBox(this)),
      m_metaValue(new QLineEdit(this)),
      m_min(new QLineEdit(this)),
      m_max(new QLineEdit(this)),
      m_rangeUnit(new QLabel(this)),
      m_keywords(new QLineEdit(this)),
      m_matchAll(new QCheckBox(tr("Require every keyword"), this)),
      m_regex(new QLineEdit(this)),
      m_flag(new QCheckBox(this)),
      m_problem(new QLabel(this)) {
    m_tree->setObjectName(QStringLiteral("conditionTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(true);
    m_tree->setMinimumHeight(90);
    m_tree->setMaximumHeight(160);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);

    m_add->setText(tr("Add condition"));
    m_add->setPopupMode(QToolButton::InstantPopup);
    auto* addMenu = new QMenu(m_add);
    for (Kind k : kKinds)
        if (k != Kind::Always) addMenu->addAction(predicateKindLabel(k), this, [this, k] { addCondition(k); });
    m_add->setMenu(addMenu);
    m_wrap->setText(tr("Group"));
    m_wrap->setToolTip(tr("Put the selected condition inside an all / any / not group"));
    m_wrap->setPopupMode(QToolButton::InstantPopup);
    auto* wrapMenu = new QMenu(m_wrap);
    for (Kind k : {Kind::All, Kind::Any, Kind::Not})
        wrapMenu->addAction(predicateKindLabel(k), this, [this, k] { wrapSelected(k); });
    m_wrap->setMenu(wrapMenu);
    m_remove->setText(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("removeCondition"));

    m_kind->setObjectName(QStringLiteral("conditionKind"));
    for (Kind k : kKinds) m_kind->addItem(predicateKindLabel(k));
    for (core::MetaOp op : kOps) m_metaOp->addItem(metaOpLabel(op));

    m_globs->setPlaceholderText(tr("globs, comma-separated: /tickets/*, /faq"));
    m_metaKey->setPlaceholderText(tr("key, e.g. region"));
    m_metaValue->setPlaceholderText(tr("value"));
    m_min->setPlaceholderText(tr("no minimum"));
    m_max->setPlaceholderText(tr("no maximum"));
    m_keywords->setPlaceholderText(tr("words, comma-separated: invoice, refund"));
    m_regex->setObjectName(QStringLiteral("regexField"));
    m_regex->setPlaceholderText(tr("RE2 pattern, searched in all messages; (?i) for any case"));
    m_info->setWordWrap(true);
    m_problem->setObjectName(QStringLiteral("conditionProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_problem->hide();

    // The field pages, in FieldPage order.
    m_pages->addWidget(m_info);
    auto page = [this](auto fill) {
        auto* w = new QWidget(m_pages);
        auto* form = new QFormLayout(w);
        form->setContentsMargins(0, 0, 0, 0);
        fill(form);
        m_pages->addWidget(w);
        form->setAlignment(Qt::AlignTop);
    };
    page([this](QFormLayout* f) { f->addRow(tr("Matches"), m_globs); });
    page([this](QFormLayout* f) {
        f->addRow(tr("Key"), m_metaKey);
        f->addRow(tr("Test"), m_metaOp);
        f->addRow(tr("Value"), m_metaValue);
    });
    page([this](QFormLayout* f) {
        auto* row = new QHBoxLayout;
        row->addWidget(m_min);
        row->addWidget(new QLabel(QStringLiteral("–"), this));
        row->addWidget(m_max);
        row->addWidget(m_rangeUnit);
        f->addRow(tr("Between"), row);
    });
    page([this](QFormLayout* f) {
        f->addRow(tr("Words"), m_keywords);
        f->addRow(QString(), m_matchAll);
    });
    page([this](QFormLayout* f) { f->addRow(tr("Pattern"), m_regex); });
    page([this](QFormLayout* f) { f->addRow(QString(), m_flag); });

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_wrap);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    auto* kindRow = new QFormLayout;
    kindRow->setContentsMargins(0, 0, 0, 0);
    kindRow->addRow(tr("Condition"), m_kind);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    layout->addLayout(buttons);
    layout->addLayout(kindRow);
    layout->addWidget(m_pages);
    layout->addWidget(m_problem);

    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this] { loadFields(); });
    connect(m_remove, &QToolButton::clicked, this, &ConditionEditor::removeSelected);
    connect(m_kind, &QComboBox::activated, this, &ConditionEditor::kindChosen);
    for (QLineEdit* e : {m_globs, m_metaKey, m_metaValue, m_min, m_max, m_keywords, m_regex})
        connect(e, &QLineEdit::textEdited, this, &ConditionEditor::fieldEdited);
    connect(m_metaOp, &QComboBox::activated, this, &ConditionEditor::fieldEdited);
    connect(m_matchAll, &QCheckBox::toggled, this, &ConditionEditor::fieldEdited);
    connect(m_flag, &QCheckBox::toggled, this, &ConditionEditor::fieldEdited);
    rebuildTree();
}

void ConditionEditor::setPredicate(const core::Predicate& predicate) {
    if (predicate == m_predicate && m_tree->topLevelItemCount() > 0) return;
    m_predicate = predicate;
    setFieldError({});
    rebuildTree();
}

void ConditionEditor::showProblem(const QString& message) {
    if (!m_fieldError.isEmpty()) return;  // the field's own message comes first
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

void ConditionEditor::setFieldError(const QString& message) {
    m_fieldError = message;
    m_problem->setText(message);
    m_problem->setVisible(!message.isEmpty());
}

core::Predicate* ConditionEditor::nodeAt(const std::vector<int>& path) {
    core::Predicate* node = &m_predicate;
    for (int i : path) {
        if (i < 0 || i >= static_cast<int>(node->children.size())) return nullptr;
        node = &node->children[static_cast<size_t>(i)];
    }
    return node;
}

std::vector<int> ConditionEditor::selectedPath() const {
    std::vector<int> path;
    for (QTreeWidgetItem* item = m_tree->currentItem(); item && item->parent(); item = item->parent())
        path.insert(path.begin(), item->parent()->indexOfChild(item));
    return path;
}

void ConditionEditor::selectPath(const std::vector<int>& path) {
    QTreeWidgetItem* item = m_tree->topLevelItem(0);
    for (int i : path) {
        if (!item || i >= item->childCount()) break;
        item = item->child(i);
    }
    if (item) m_tree->setCurrentItem(item);
}

void ConditionEditor::fillItem(QTreeWidgetItem* item, const core::Predicate& p) {
    item->setText(0, isGroup(p.kind) ? predicateKindLabel(p.kind) : predicateSummary(p));
    item->setToolTip(0, conditionSummary(p, 400));
    for (const auto& child : p.children) fillItem(new QTreeWidgetItem(item), child);
}

void ConditionEditor::rebuildTree() {
    const std::vector<int> path = selectedPath();
    const QSignalBlocker block(m_tree);
    m_tree->clear();
    auto* root = new QTreeWidgetItem(m_tree);
    fillItem(root, m_predicate);
    m_tree->expandAll();
    selectPath(path);
    if (!m_tree->currentItem()) m_tree->setCurrentItem(root);
    loadFields();
}

void ConditionEditor::loadFields() {
    const core::Predicate* node = nodeAt(selectedPath());
    if (!node) return;
    m_loading = true;
    setFieldError({});
    m_kind->setCurrentIndex(kindIndex(node->kind));
    const FieldPage page = pageOf(node->kind);
    m_pages->setCurrentIndex(page);
    switch (page) {
        case InfoPage:
            m_info->setText(
                node->kind == Kind::Always
                    ? tr("Matches every request: a catch-all. Rules below an enabled catch-all never match.")
                : node->kind == Kind::Not ? tr("Matches when the condition inside does not. Add one condition to it.")
                : node->kind == Kind::All
                    ? tr("Matches when every condition inside matches (none inside: always).")
                    : tr("Matches when at least one condition inside matches (none inside: never)."));
            break;
        case GlobsPage:
            m_globs->setText(joinList(node->values));
            break;
        case MetaPage: {
            m_metaKey->setText(toQString(node->key));
            for (int i = 0; i < static_cast<int>(std::size(kOps)); ++i)
                if (kOps[i] == node->metaOp) m_metaOp->setCurrentIndex(i);
            m_metaValue->setText(isNumericOp(node->metaOp) ? QString::number(node->number, 'g', 15)
                                                           : joinList(node->values));
            m_metaValue->setEnabled(node->metaOp != core::MetaOp::Exists);
            break;
        }
        case RangePage:
            m_min->setText(boundText(node->min));
            m_max->setText(boundText(node->max));
            m_rangeUnit->setText(node->kind == Kind::Turns ? tr("user messages") : tr("tokens"));
            break;
        case KeywordsPage:
            m_keywords->setText(joinList(node->values));
            m_matchAll->setChecked(node->matchAll);
            break;
        case RegexPage:
            m_regex->setText(node->values.empty() ? QString() : toQString(node->values.front()));
            break;
        case FlagPage:
            m_flag->setText(node->kind == Kind::CodeBlock  ? tr("The text contains a fenced code block (```)")
                            : node->kind == Kind::JsonMode ? tr("The request asks for JSON output")
                                                           : tr("The request carries tool definitions"));
            m_flag->setChecked(node->flag);
            break;
    }
    m_remove->setEnabled(node != &m_predicate || node->kind != Kind::Always);
    m_loading = false;
}

void ConditionEditor::fieldEdited() {
    if (m_loading) return;
    core::Predicate* node = nodeAt(selectedPath());
    if (!node) return;
    core::Predicate updated = *node;
    switch (pageOf(node->kind)) {
        case GlobsPage:
            updated.values = splitList(m_globs->text());
            break;
        case MetaPage: {
            updated.key = m_metaKey->text().trimmed().toStdString();
            updated.metaOp = kOps[std::max(0, m_metaOp->currentIndex())];
            m_metaValue->setEnabled(updated.metaOp != core::MetaOp::Exists);
            updated.values.clear();
            updated.number = 0;
            if (isNumericOp(updated.metaOp)) {
                bool ok = false;
                updated.number = m_metaValue->text().trimmed().toDouble(&ok);
                if (!ok) return setFieldError(tr("Value: enter a number to compare with, e.g. 5 or 2.5."));
            } else if (updated.metaOp == core::MetaOp::In) {
                updated.values = splitList(m_metaValue->text());
            } else if (updated.metaOp != core::MetaOp::Exists) {
                updated.values = {m_metaValue->text().toStdString()};
            }
            break;
        }
        case RangePage: {
            bool okMin = false, okMax = false;
            updated.min = readBound(m_min->text(), &okMin);
            updated.max = readBound(m_max->text(), &okMax);
            if (!okMin || !okMax) return setFieldError(tr("Enter whole numbers, or leave a bound empty."));
            break;
        }
        case KeywordsPage:
            updated.values = splitList(m_keywords->text());
            updated.matchAll = m_matchAll->isChecked();
            break;
        case RegexPage: {
            const std::string pattern = m_regex->text().toStdString();
            const core::Problems problems = core::validateRegex(pattern);
            if (!problems.empty()) return setFieldError(toQString(problems.front().message));
            updated.values = {pattern};
            break;
        }
        case FlagPage:
            updated.flag = m_flag->isChecked();
            break;
        case InfoPage:
            return;
    }
    setFieldError({});
    if (updated == *node) return;
    *node = std::move(updated);
    if (QTreeWidgetItem* item = m_tree->currentItem()) {
        item->setText(0, predicateSummary(*node));
        item->setToolTip(0, conditionSummary(*node, 400));
    }
    emit edited();
}

void ConditionEditor::kindChosen(int index) {
    if (m_loading || index < 0) return;
    core::Predicate* node = nodeAt(selectedPath());
    const Kind kind = kKinds[index];
    if (!node || node->kind == kind) return;
    core::Predicate replacement;
    replacement.kind = kind;
    if (isGroup(kind) && isGroup(node->kind)) replacement.children = node->children;
    if (kind == Kind::Not && replacement.children.size() > 1) replacement.children.resize(1);
    if (kind == Kind::Regex) replacement.values = {""};
    if (kind == Kind::Meta) replacement.metaOp = core::MetaOp::Equals;
    *node = std::move(replacement);
    rebuildTree();
    emit edited();
}

void ConditionEditor::addCondition(Kind kind) {
    core::Predicate added;
    added.kind = kind;
    if (kind == Kind::Regex) added.values = {""};
    std::vector<int> path = selectedPath();
    core::Predicate* node = nodeAt(path);
    if (!node) return;
    std::vector<int> selectAfter;
    if (node == &m_predicate && node->kind == Kind::Always) {
        *node = std::move(added);
    } else if (node->kind == Kind::All || node->kind == Kind::Any ||
               (node->kind == Kind::Not && node->children.empty())) {
        node->children.push_back(std::move(added));
        selectAfter = path;
        selectAfter.push_back(static_cast<int>(node->children.size()) - 1);
    } else if (!path.empty() && (nodeAt({path.begin(), path.end() - 1})->kind != Kind::Not)) {
        core::Predicate* parent = nodeAt({path.begin(), path.end() - 1});
        parent->children.insert(parent->children.begin() + path.back() + 1, std::move(added));
        selectAfter = {path.begin(), path.end() - 1};
        selectAfter.push_back(path.back() + 1);
    } else {
        // A single condition (or the child of a not): both go into an "all of" group.
        core::Predicate group;
        group.kind = Kind::All;
        group.children = {std::move(*node), std::move(added)};
        *node = std::move(group);
        selectAfter = path;
        selectAfter.push_back(1);
    }
    rebuildTree();
    selectPath(selectAfter);
    emit edited();
}

void ConditionEditor::wrapSelected(Kind groupKind) {
    const std::vector<int> path = selectedPath();
    core::Predicate* node = nodeAt(path);
    if (!node) return;
    core::Predicate group;
    group.kind = groupKind;
    group.children = {std::move(*node)};
    *node = std::move(group);
    rebuildTree();
    std::vector<int> inner = path;
    inner.push_back(0);
    selectPath(inner);
    emit edited();
}

void ConditionEditor::removeSelected() {
    std::vector<int> path = selectedPath();
    if (path.empty()) {
        m_predicate = core::Predicate{};
    } else {
        core::Predicate* parent = nodeAt({path.begin(), path.end() - 1});
        parent->children.erase(parent->children.begin() + path.back());
        path.pop_back();
    }
    rebuildTree();
    selectPath(path);
    emit edited();
}

}  // namespace switchyard::ui
