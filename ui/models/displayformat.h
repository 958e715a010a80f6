#pragma once
// How core values read in the UI: prices, token counts, discounts. One place so every view
// writes "$0.075" and "128K" the same way.

#include <QColor>
#include <QString>
#include <cstdint>
#include <optional>
#include <string>

#include "core/common/money.h"

namespace switchyard::ui {

inline QString toQString(const std::string& text) { return QString::fromStdString(text); }

// "$2.50", "$0.075": the exact price with at least two decimals.
QString formatPrice(core::Price price);
// A price, or an em dash where the provider has none.
QString formatOptionalPrice(const std::optional<core::Price>& price);
// "7,697": a count with its thousands grouped.
QString formatCount(std::int64_t count);
// "128K", "1.05M", "8,192" below ten thousand.
QString formatTokenCount(std::int64_t tokens);
// "50%", or an em dash for no discount.
QString formatDiscount(core::Discount discount);
// "$1,234", "$12.34", "$0.61", "<$0.01": a monthly dollar amount for people, in cents (exact
// amounts such as a request's cost show Money::toDisplay).
QString formatUsd(double usd);
// "64.2%" of a 0..1 share.
QString formatShare(double share);
// A file path as a status bar shows it: native separators, the home folder as "~".
QString formatPathForDisplay(const QString& path, const QString& homePath);
// A stable colour per provider, used for chips and dots.
QColor providerColor(const QString& provider);

}  // namespace switchyard::ui
