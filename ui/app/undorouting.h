#pragma once
// Ctrl+Z and Ctrl+Shift+Z mean the workspace's undo and redo everywhere in the window. Qt's text
// fields claim those keys for their own text history, which in a field that edits the workspace
// as you type would undo letters the workspace has already taken (and bring back a refused
// value) while the Undo menu says otherwise. This filter hands the keys back to the window's
// actions, except in fields whose text is not the workspace's: a widget (or an ancestor) with
// the property "localUndo" set keeps its own history (the route preview's request, filters).

#include <QObject>

class QWidget;

namespace switchyard::ui {

class UndoRouting final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UndoRouting)

public:
    // Routes the keys for text fields inside `window`; installs itself on the application.
    explicit UndoRouting(QWidget* window);

    // Marks `widget` and everything inside it as keeping its own undo history.
    static void keepLocalUndo(QWidget* widget);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QWidget* m_window;
};

}  // namespace switchyard::ui
