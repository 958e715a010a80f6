#pragma once
// The application's look: Fusion with a light, calm palette and one style sheet for the named
// widgets (view titles, tier columns, navigation). Deterministic, so offscreen screenshots
// match what people see.

class QApplication;

namespace switchyard::ui {

// Loads the Qt resources of switchyard_ui (a static library needs this once per program).
void initResources();
void applyAppStyle(QApplication& app);

}  // namespace switchyard::ui
