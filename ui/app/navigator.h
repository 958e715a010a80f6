#pragma once
// Jumps to the place in the workbench that shows a part of the workspace, named by its JSON
// pointer (/tiers/1/fallbacks/0, /policy/rules/3/then/tier, /catalog/7/input). Pages register
// the part of the document they show with a prefix and, if they can, a function that selects
// the item; the main window shows the page the navigator asks for. So a problems list, a
// search or a trace links to an item without knowing which page holds it.

#include <QObject>
#include <QString>
#include <functional>
#include <vector>

namespace switchyard::ui {

class Page;

class Navigator final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Navigator)

public:
    using Selector = std::function<void(const QString& pointer)>;

    explicit Navigator(QObject* parent = nullptr);

    // `page` shows the parts under `prefix` ("/tiers"); `select` selects the item a pointer
    // names once the page is shown (none: showing the page is all it can do). A later
    // registration of the same prefix replaces the earlier one (a real page after a placeholder).
    void addTarget(Page* page, const QString& prefix, Selector select = {});
    // Shows the page of the longest registered prefix of `pointer` and selects the item there.
    // False when no page shows that part.
    bool navigate(const QString& pointer);
    // The page that would show `pointer`, or null.
    [[nodiscard]] Page* pageFor(const QString& pointer) const;

    // The parts of a pointer, unescaped (RFC 6901): "/a~1b/2" -> {"a/b", "2"}.
    static QStringList split(const QString& pointer);

signals:
    // The main window shows `page`; emitted before the page selects the item.
    void pageRequested(switchyard::ui::Page* page);
    void navigated(const QString& pointer);

private:
    struct Target {
        Page* page;
        QString prefix;
        Selector select;
    };
    [[nodiscard]] const Target* targetFor(const QString& pointer) const;

    std::vector<Target> m_targets;
};

}  // namespace switchyard::ui
