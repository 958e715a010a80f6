#include "ui/app/appstyle.h"

#include <QApplication>
#include <QFontDatabase>
#include <QIcon>
#include <QPalette>
#include <QStyleFactory>

// Outside any namespace, as Q_INIT_RESOURCE requires.
static void initSwitchyardResources() { Q_INIT_RESOURCE(switchyard); }

namespace switchyard::ui {

namespace {

// The first family of a preference list that the system has.
QString uiFontFamily() {
    const QStringList families = QFontDatabase::families();
    for (const char* wanted : {"Inter", "Noto Sans", "Cantarell", "DejaVu Sans"}) {
        if (families.contains(QString::fromLatin1(wanted))) return QString::fromLatin1(wanted);
    }
    return QApplication::font().family();
}

QPalette lightPalette() {
    QPalette p;
    const QColor window(0xf5, 0xf6, 0xf8);
    const QColor text(0x1d, 0x23, 0x2b);
    const QColor muted(0x6b, 0x76, 0x84);
    const QColor accent(0x2f, 0x6f, 0xd6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf7, 0xf9, 0xfb));
    p.setColor(QPalette::ToolTipBase, QColor(0x26, 0x2c, 0x35));
    p.setColor(QPalette::ToolTipText, Qt::white);
    p.setColor(QPalette::PlaceholderText, muted);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0xfb, 0xfb, 0xfc));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, Qt::white);
    p.setColor(QPalette::Midlight, QColor(0xe6, 0xe9, 0xee));
    p.setColor(QPalette::Mid, QColor(0xc9, 0xcf, 0xd8));
    p.setColor(QPalette::Dark, QColor(0xa0, 0xa8, 0xb4));
    p.setColor(QPalette::Shadow, QColor(0x60, 0x68, 0x74));
    p.setColor(QPalette::Highlight, accent);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, accent);
    p.setColor(QPalette::Disabled, QPalette::Text, muted);
    p.setColor(QPalette::Disabled, QPalette::WindowText, muted);
    p.setColor(QPalette::Disabled, QPalette::ButtonText, muted);
    return p;
}

const char* kStyleSheet = R"(
#viewHeader { background: #ffffff; border-bottom: 1px solid #e1e5eb; }
#viewTitle { font-size: 17pt; font-weight: 600; color: #1d232b; }
#viewSubtitle { color: #5f6b7a; }
#dialogTitle { font-size: 12pt; font-weight: 600; }
#monoLabel { font-family: "DejaVu Sans Mono"; color: #5f6b7a; }
#emptyLabel { color: #5f6b7a; font-size: 12pt; }
#fieldProblem { color: #b3261e; }
QListWidget#providerList { background: #ffffff; border: 1px solid #dde1e7; border-radius: 6px; outline: none; }
#providerList::item { padding-left: 8px; color: #2b323c; }
#providerList::item:selected { background: #dbe6fa; color: #1c4fa8; font-weight: 600; }
QGroupBox#providerGroup { font-weight: 600; border: 1px solid #dde1e7; border-radius: 8px; margin-top: 12px; padding-top: 8px; background: #ffffff; }
QGroupBox#providerGroup::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #4c5665; }
QGroupBox#providerGroup QLabel, QGroupBox#providerGroup QListWidget, QGroupBox#providerGroup QLineEdit { font-weight: normal; }
#sectionHeading { color: #4c5665; font-weight: 600; }
#keychainStatus { background: #eef4fd; border: 1px solid #c9dbf6; border-radius: 6px; padding: 8px 10px; color: #1d3b6b; }
#keychainStatus[warning="true"] { background: #fff6e5; border: 1px solid #f0d29a; color: #6b4a00; }

#navigationPane { background: #eceff3; border-right: 1px solid #dde1e7; }
#workspaceName { font-size: 12pt; font-weight: 600; color: #1d232b; }
#workspaceDescription { color: #5f6b7a; }
#navigationHeading { color: #7a8594; font-size: 8pt; font-weight: 700; letter-spacing: 1px; }
#navigation { background: transparent; border: none; outline: none; }
#navigation::item { padding-left: 10px; border-radius: 6px; color: #2b323c; }
#navigation::item:hover { background: #e1e6ed; }
#navigation::item:selected { background: #dbe6fa; color: #1c4fa8; font-weight: 600; }

#tierBoard { background: #f5f6f8; }
#tierColumn { background: #e9edf2; border: 1px solid #dde2e9; border-radius: 10px; }
#tierPosition { color: #6b7684; font-size: 8pt; font-weight: 700; letter-spacing: 1px; }
#tierCount { color: #6b7684; }
#tierCards { background: transparent; }
#tierShare { color: #1d232b; }
#tierCost { color: #1d232b; font-weight: 600; }
#tierWarning { color: #8a5a00; background: #fff1cc; border: 1px solid #f0d48a; border-radius: 8px;
    padding: 1px 7px; font-size: 8pt; font-weight: 700; }
#tierMenuButton { border: none; padding: 0 4px; font-size: 12pt; color: #4c5665; }
#tierMenuButton::menu-indicator { image: none; }
#catalogPanel { background: #ffffff; border-left: 1px solid #e1e5eb; }
#panelHeading { color: #6b7684; font-size: 8pt; font-weight: 700; letter-spacing: 1px; }
#panelHint { color: #5f6b7a; }
#catalogPanelList { border: 1px solid #e1e5eb; border-radius: 6px; background: #ffffff; }
#catalogPanelList::item { padding: 4px 2px; }
#tierStatus { background: #fdecea; color: #8c1d18; border-top: 1px solid #f3c4bf; padding: 6px 20px; }

QTableView#catalogTable { background: #ffffff; alternate-background-color: #f7f9fb;
    selection-background-color: #dbe6fa; selection-color: #1d232b; }
QTableView#catalogTable::item { padding-left: 8px; padding-right: 8px; border: none; }
QHeaderView::section { background: #f5f6f8; color: #4c5665; font-weight: 600; padding: 6px 8px;
    border: none; border-bottom: 1px solid #dde1e7; }
QLineEdit { padding: 5px 8px; border: 1px solid #c9cfd8; border-radius: 6px; background: #ffffff; }
QLineEdit:focus { border: 1px solid #2f6fd6; }
/* A tier's name and description read as text until they are edited in place. */
QLineEdit#tierName { color: #1d232b; font-size: 14pt; font-weight: 600; padding: 1px 0px; background: transparent;
    border: 1px solid transparent; }
QLineEdit#tierDescription { color: #4c5665; padding: 1px 0px; background: transparent; border: 1px solid transparent; }
QLineEdit#tierName:hover, QLineEdit#tierDescription:hover { border: 1px solid #c9cfd8; }
QLineEdit#tierName:focus, QLineEdit#tierDescription:focus { background: #ffffff; border: 1px solid #2f6fd6; }
QLineEdit#tierName[refused="true"] { border: 1px solid #c62f2f; }
#costStrip { background: #ffffff; border-top: 1px solid #dde1e7; }
#costProjection { color: #1d232b; font-weight: 600; }
#costSavings, #costBudget { color: #4c5665; }
#costBudget[over="true"] { color: #b3261e; font-weight: 600; }
#costDelta[direction="down"] { color: #1e7a3c; }
#costDelta[direction="up"] { color: #b3261e; }
QStatusBar { background: #eceff3; border-top: 1px solid #dde1e7; color: #4c5665; }
QStatusBar QLabel { color: #4c5665; padding: 0 8px; }
)";

}  // namespace

void initResources() { initSwitchyardResources(); }

void applyAppStyle(QApplication& app) {
    app.setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    app.setPalette(lightPalette());
    QFont font(uiFontFamily());
    font.setPointSizeF(10.0);
    font.setHintingPreference(QFont::PreferNoHinting);
    // No kerning: Qt measures a label or button text with a mnemonic ("&To") without the
    // mnemonic's underline, kerned, but paints it with the underlined letter shaped apart from
    // its neighbours, unkerned, so the painted text is wider than the widget sized for it ("To"
    // is 2 px wider in DejaVu Sans 10 pt and was clipped to "Tc"). Unkerned, both are one width.
    font.setKerning(false);
    app.setFont(font);
    app.setStyleSheet(QString::fromLatin1(kStyleSheet));
    app.setWindowIcon(QIcon(QStringLiteral(":/icons/switchyard.svg")));
}

}  // namespace switchyard::ui
