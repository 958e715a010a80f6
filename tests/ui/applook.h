#pragma once
// Shared by the ui tests that check what a user sees at a window size: the application's own
// look (its font, style, palette and style sheet, as `switchyard` and the screenshots show it)
// for one test, and the test harness's look back after it.

#include <QApplication>
#include <QFont>
#include <QPalette>
#include <QString>
#include <QStyle>

#include "ui/app/appstyle.h"

namespace switchyard::ui::test {

class AppLook {
public:
    AppLook()
        : m_font(QApplication::font()),
          m_palette(QApplication::palette()),
          m_styleSheet(qApp->styleSheet()),
          m_style(QApplication::style()->name()) {
        applyAppStyle(*qApp);
    }
    ~AppLook() {
        qApp->setStyleSheet(m_styleSheet);
        QApplication::setStyle(m_style);
        QApplication::setPalette(m_palette);
        QApplication::setFont(m_font);
    }
    AppLook(const AppLook&) = delete;
    AppLook& operator=(const AppLook&) = delete;

private:
    QFont m_font;
    QPalette m_palette;
    QString m_styleSheet;
    QString m_style;
};

}  // namespace switchyard::ui::test
