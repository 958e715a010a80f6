#pragma once
// The condition of one rule as a tree (all / any / not groups with their conditions) and a form
// for the selected node with the fields of its kind. It edits a core::Predicate value and says
// `edited` after every change; validation that needs the engine (RE2's verdict on a regex) runs
// here, as typed, and a node that does not validate is shown with the reason at its field and
// not reported as edited, so the workspace keeps the last valid condition.

#include <QWidget>
#include <vector>

#include "core/workspace/policyspec.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace switchyard::ui {

class ConditionEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConditionEditor)

public:
    explicit ConditionEditor(QWidget* parent = nullptr);

    // Shows `predicate` (keeping the selected node when the tree has the same shape).
    void setPredicate(const core::Predicate& predicate);
    [[nodiscard]] const core::Predicate& predicate() const { return m_predicate; }
    // True while a field holds text that does not validate (the predicate has the last valid value).
    [[nodiscard]] bool hasInvalidField() const { return !m_fieldError.isEmpty(); }
    // Shows a problem the workspace edit reported for the condition (empty: clears it).
    void showProblem(const QString& message);

    [[nodiscard]] QTreeWidget* tree() const { return m_tree; }
    [[nodiscard]] QComboBox* kindBox() const { return m_kind; }
    [[nodiscard]] QLineEdit* regexField() const { return m_regex; }
    [[nodiscard]] QLabel* problemLabel() const { return m_problem; }
    // Selects the node at `path` (child indices from the root).
    void selectPath(const std::vector<int>& path);

signals:
    void edited();

private:
    void rebuildTree();
    void fillItem(QTreeWidgetItem* item, const core::Predicate& p);
    void loadFields();
    void fieldEdited();
    void kindChosen(int index);
    void addCondition(core::PredicateKind kind);
    void wrapSelected(core::PredicateKind group);
    void removeSelected();
    [[nodiscard]] std::vector<int> selectedPath() const;
    core::Predicate* nodeAt(const std::vector<int>& path);
    void setFieldError(const QString& message);

    core::Predicate m_predicate;
    bool m_loading = false;
    QString m_fieldError;

    QTreeWidget* m_tree;
    QToolButton* m_add;
    QToolButton* m_wrap;
    QToolButton* m_remove;
    QComboBox* m_kind;
    QStackedWidget* m_pages;
    QLabel* m_info;
    QLineEdit* m_globs;
    QLineEdit* m_metaKey;
    QComboBox* m_metaOp;
    QLineEdit* m_metaValue;
    QLineEdit* m_min;
    QLineEdit* m_max;
    QLabel* m_rangeUnit;
    QLineEdit* m_keywords;
    QCheckBox* m_matchAll;
    QLineEdit* m_regex;
    QCheckBox* m_flag;
    QLabel* m_problem;
};

// Splits "a, b ,c" into {"a", "b", "c"}, dropping empty parts.
std::vector<std::string> splitList(const QString& text);
QString joinList(const std::vector<std::string>& values);

}  // namespace switchyard::ui
