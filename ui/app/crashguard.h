#pragma once
// The last line of defence of the GUI: an exception that escapes an event handler (a bug; the
// engine reports bad input as problems, never by throwing) reaches GuardedApplication::notify
// instead of std::terminate. It is logged by type only (its text may quote a prompt or a key),
// and the handler set by main() tells the user and offers to save the open document to the
// recovery file (offerRecovery), instead of aborting and losing it.

#include <QApplication>
#include <QString>
#include <exception>
#include <functional>

namespace switchyard::ui {

class Autosave;
class UserPrompts;
class WorkspaceDocument;

class GuardedApplication final : public QApplication {
public:
    // `what`: the exception's type and, for our own and the standard library's, its category,
    // never its message text.
    using Handler = std::function<void(const QString& what)>;

    GuardedApplication(int& argc, char** argv);
    bool notify(QObject* receiver, QEvent* event) override;

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    [[nodiscard]] int exceptionsCaught() const { return m_caught; }

private:
    void report(const QString& what);

    Handler m_handler;
    int m_caught = 0;
    bool m_reporting = false;  // an exception while the dialog is up is logged, not shown again
};

// "std::out_of_range", "nlohmann::json type_error.316", "unknown exception": what an escaped
// exception was, without the message text it carries.
QString describeException(const std::exception_ptr& exception);

// Tells the user an internal error was caught and, if they agree, writes the document's
// unsaved edits to the recovery file now. Returns whether a recovery copy was written.
bool offerRecovery(QWidget* parent, UserPrompts& prompts, Autosave& autosave, const QString& what);

// At start: if the recovery file holds edits a crash or a kill left unsaved, asks whether to
// restore them (listing what differs from the saved file) and restores them into `document`
// (marked unsaved, with their original file). Returns whether it restored.
bool offerRestore(QWidget* parent, UserPrompts& prompts, WorkspaceDocument& document, Autosave& autosave);

}  // namespace switchyard::ui
