#include "ui/services/comparesettings.h"

#include <QSettings>
#include <algorithm>

namespace switchyard::ui {

namespace {
const char* kMaxRunCostKey = "compare/maxRunCostUsd";  // exact decimal text; absent: no cap
const char* kIdleKey = "compare/streamIdleSeconds";
}  // namespace

CompareRunSettings CompareRunSettings::load() {
    const QSettings settings;
    CompareRunSettings out;
    const QString cap = settings.value(QLatin1String(kMaxRunCostKey)).toString();
    if (!cap.isEmpty())
        if (auto money = core::Money::parseUsd(cap.toStdString()); money && *money > core::Money{})
            out.maxRunCost = money;
    bool ok = false;
    const int idle = settings.value(QLatin1String(kIdleKey)).toInt(&ok);
    if (ok && idle >= kMinIdleSeconds && idle <= kMaxIdleSeconds) out.streamIdle = std::chrono::seconds(idle);
    return out;
}

void CompareRunSettings::save() const {
    QSettings settings;
    if (maxRunCost)
        settings.setValue(QLatin1String(kMaxRunCostKey), QString::fromStdString(maxRunCost->toExactString()));
    else
        settings.remove(QLatin1String(kMaxRunCostKey));
    settings.setValue(QLatin1String(kIdleKey),
                      static_cast<int>(std::clamp<std::int64_t>(streamIdle.count(), kMinIdleSeconds, kMaxIdleSeconds)));
}

}  // namespace switchyard::ui
