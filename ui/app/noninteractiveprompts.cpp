#include "ui/app/noninteractiveprompts.h"

#include <cstdio>

namespace switchyard::ui {

void NonInteractivePrompts::showProblems(QWidget*, const QString& summary, const QString& consequence,
                                         const core::Problems& problems) {
    std::fprintf(stderr, "%s. %s\n%s\n", qPrintable(summary), qPrintable(consequence),
                 core::formatProblems(problems).c_str());
}

void NonInteractivePrompts::showNotice(QWidget*, const QString& title, const QString& text) {
    std::fprintf(stderr, "%s: %s\n", qPrintable(title), qPrintable(text));
}

}  // namespace switchyard::ui
