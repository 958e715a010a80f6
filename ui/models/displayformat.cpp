#include "ui/models/displayformat.h"

#include <QDir>
#include <QHash>
#include <QLocale>
#include <cmath>

namespace switchyard::ui {

namespace {
const QString kNone = QStringLiteral("\u2014");
}

QString formatPrice(core::Price price) {
    QString text = toQString(price.toString());
    const auto dot = text.indexOf(u'.');
    if (dot < 0)
        text += QStringLiteral(".00");
    else if (text.size() - dot - 1 < 2)
        text += QString(2 - (text.size() - dot - 1), u'0');
    return QStringLiteral("$") + text;
}

QString formatOptionalPrice(const std::optional<core::Price>& price) { return price ? formatPrice(*price) : kNone; }

QString formatCount(std::int64_t count) { return QLocale(QLocale::English).toString(static_cast<qlonglong>(count)); }

QString formatTokenCount(std::int64_t tokens) {
    const QLocale c = QLocale::c();
    if (tokens < 10'000) return formatCount(tokens);
    if (tokens < 1'000'000) {
        const double k = static_cast<double>(tokens) / 1000.0;
        return c.toString(k, 'f', tokens % 1000 == 0 || k >= 100 ? 0 : 1) + QStringLiteral("K");
    }
    const double m = static_cast<double>(tokens) / 1'000'000.0;
    QString text = c.toString(m, 'f', 2);
    while (text.endsWith(u'0')) text.chop(1);
    if (text.endsWith(u'.')) text.chop(1);
    return text + QStringLiteral("M");
}

QString formatDiscount(core::Discount discount) {
    if (discount.basisPoints == 0) return kNone;
    const double percent = discount.basisPoints / 100.0;
    return QLocale::c().toString(percent, 'g', 4) + QStringLiteral("%");
}

QString formatPathForDisplay(const QString& path, const QString& homePath) {
    QString shown = QDir::cleanPath(path);
    const QString home = QDir::cleanPath(homePath);
    if (!home.isEmpty() && home != QStringLiteral("/") && shown.startsWith(home + u'/'))
        shown = QStringLiteral("~") + shown.mid(home.size());
    return QDir::toNativeSeparators(shown);
}

QColor providerColor(const QString& provider) {
    static const QHash<QString, QColor> known{
        {QStringLiteral("openai"), QColor(0x10, 0x8a, 0x6c)},  {QStringLiteral("anthropic"), QColor(0xc2, 0x65, 0x45)},
        {QStringLiteral("google"), QColor(0x34, 0x6f, 0xd8)},  {QStringLiteral("deepseek"), QColor(0x4d, 0x5b, 0xd6)},
        {QStringLiteral("mistral"), QColor(0xe0, 0x6a, 0x10)}, {QStringLiteral("xai"), QColor(0x3a, 0x3f, 0x47)},
        {QStringLiteral("meta"), QColor(0x1a, 0x6f, 0xd6)},    {QStringLiteral("groq"), QColor(0xd4, 0x4a, 0x2e)},
    };
    if (auto it = known.find(provider.toLower()); it != known.end()) return *it;
    return QColor::fromHsl(static_cast<int>(qHash(provider) % 360), 110, 110);
}

QString formatUsd(double usd) {
    const QLocale locale(QLocale::English);
    const double magnitude = std::abs(usd);
    // Cents everywhere (whole dollars from $1,000), so figures side by side line up; an amount
    // that rounds to no cent says so instead of showing $0.00.
    const QString sign = usd < 0 ? QStringLiteral("\u2212") : QString();
    if (magnitude > 0 && magnitude < 0.005) return sign + QStringLiteral("<$0.01");
    return sign + QLatin1Char('$') + locale.toString(magnitude, 'f', magnitude >= 1000 ? 0 : 2);
}

QString formatShare(double share) {
    return QLocale(QLocale::English).toString(share * 100.0, 'f', 1) + QLatin1Char('%');
}

}  // namespace switchyard::ui
