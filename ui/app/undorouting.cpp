#include "ui/app/undorouting.h"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace switchyard::ui {

namespace {
const char* const kLocalUndo = "localUndo";

bool isTextField(const QObject* object) {
    return qobject_cast<const QLineEdit*>(object) || qobject_cast<const QPlainTextEdit*>(object) ||
           qobject_cast<const QTextEdit*>(object) || qobject_cast<const QAbstractSpinBox*>(object);
}
}  // namespace

UndoRouting::UndoRouting(QWidget* window) : QObject(window), m_window(window) { qApp->installEventFilter(this); }

void UndoRouting::keepLocalUndo(QWidget* widget) { widget->setProperty(kLocalUndo, true); }

bool UndoRouting::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::ShortcutOverride || !isTextField(watched)) return QObject::eventFilter(watched, event);
    const auto* key = static_cast<QKeyEvent*>(event);
    if (!key->matches(QKeySequence::Undo) && !key->matches(QKeySequence::Redo))
        return QObject::eventFilter(watched, event);
    auto* widget = static_cast<QWidget*>(watched);
    if (!m_window->isAncestorOf(widget)) return QObject::eventFilter(watched, event);
    for (const QWidget* w = widget; w && w != m_window; w = w->parentWidget())
        if (w->property(kLocalUndo).toBool()) return QObject::eventFilter(watched, event);
    // Not overridden: the key goes to the shortcut map, where the window's Undo/Redo actions are.
    event->ignore();
    return true;
}

}  // namespace switchyard::ui
