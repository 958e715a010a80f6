#include "ui/app/crashguard.h"

#include <cxxabi.h>
#include <QDateTime>
#include <QDebug>
#include <QDir>
#include <QFileInfo>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <typeinfo>

#include "ui/app/userprompts.h"
#include "ui/document/autosave.h"
#include "ui/document/workspacedocument.h"

namespace switchyard::ui {

namespace {

QString demangle(const char* name) {
    int status = 0;
    std::unique_ptr<char, void (*)(void*)> plain(abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
    return QString::fromLatin1(status == 0 && plain ? plain.get() : name);
}

}  // namespace

GuardedApplication::GuardedApplication(int& argc, char** argv) : QApplication(argc, argv) {}

bool GuardedApplication::notify(QObject* receiver, QEvent* event) {
    try {
        return QApplication::notify(receiver, event);
    } catch (...) {
        report(describeException(std::current_exception()));
    }
    return false;
}

void GuardedApplication::report(const QString& what) {
    ++m_caught;
    qCritical().noquote() << "switchyard: an internal error reached the event loop and was stopped there:" << what;
    if (!m_handler || m_reporting) return;
    m_reporting = true;
    m_handler(what);
    m_reporting = false;
}

QString describeException(const std::exception_ptr& exception) {
    try {
        std::rethrow_exception(exception);
    } catch (const nlohmann::json::exception& e) {
        // Its id names the kind ("type_error.316"); its text may quote the JSON it read.
        return QStringLiteral("nlohmann::json exception %1").arg(e.id);
    } catch (const std::exception& e) {
        return demangle(typeid(e).name());
    } catch (...) {
        return QStringLiteral("unknown exception");
    }
}

bool offerRecovery(QWidget* parent, UserPrompts& prompts, Autosave& autosave, const QString& what) {
    const QString question =
        QObject::tr(
            "Switchyard stopped an internal error (%1) before it could close the window. Your workspace is still "
            "open, but it may be safer to keep a copy of your unsaved changes and restart.")
            .arg(what);
    if (!prompts.askSaveRecoveryCopy(parent, question)) return false;
    const bool written = autosave.writeNow();
    prompts.showNotice(
        parent, QObject::tr("Recovery copy"),
        written ? QObject::tr("Your unsaved changes are in %1. The next start offers to restore them.")
                      .arg(QDir::toNativeSeparators(autosave.recoveryFile()))
                : QObject::tr("The recovery copy could not be written to %1. Save the workspace under another "
                              "name to keep your changes.")
                      .arg(QDir::toNativeSeparators(autosave.recoveryFile())));
    return written;
}

}  // namespace switchyard::ui

namespace switchyard::ui {

bool offerRestore(QWidget* parent, UserPrompts& prompts, WorkspaceDocument& document, Autosave& autosave) {
    core::Problems problems;
    std::optional<RecoveredWorkspace> recovered = Autosave::load(autosave.recoveryFile(), &problems);
    if (!recovered) {
        if (!problems.empty())
            prompts.showProblems(
                parent, QObject::tr("The recovery file could not be read"),
                QObject::tr("It was left in place: %1").arg(QDir::toNativeSeparators(autosave.recoveryFile())),
                problems);
        return false;
    }
    QStringList changes;
    const QString name = recovered->originalPath.isEmpty() ? QString::fromStdString(recovered->workspace.name)
                                                           : QFileInfo(recovered->originalPath).fileName();
    if (recovered->originalPath.isEmpty()) {
        changes << QObject::tr("A workspace that was never saved");
    } else if (auto saved = core::loadWorkspace(std::filesystem::path(recovered->originalPath.toStdU16String()))) {
        changes = Autosave::describeChanges(*saved, recovered->workspace);
    } else {
        changes << QObject::tr("The saved file %1 could not be read; the recovered workspace is complete")
                       .arg(QDir::toNativeSeparators(recovered->originalPath));
    }
    const QString when =
        QDateTime::fromMSecsSinceEpoch(recovered->savedAtMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    const QString summary = QObject::tr(
                                "Switchyard found unsaved changes to \u201c%1\u201d, kept at %2 by a session that "
                                "ended without saving them.")
                                .arg(name, when);
    switch (prompts.askRestoreRecovery(parent, summary, changes)) {
        case UserPrompts::RecoveryChoice::Restore:
            document.restore(std::move(recovered->workspace), recovered->originalPath);
            return true;
        case UserPrompts::RecoveryChoice::Discard:
            autosave.discard();
            return false;
        case UserPrompts::RecoveryChoice::Keep:
            return false;
    }
    return false;
}

}  // namespace switchyard::ui
