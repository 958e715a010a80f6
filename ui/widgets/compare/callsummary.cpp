#include "ui/widgets/compare/callsummary.h"

#include <QCoreApplication>
#include <QLocale>

namespace switchyard::ui {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("CallSummary", text); }
QString message(const core::CallResult& r) { return QString::fromStdString(r.message); }
QString seconds(std::chrono::milliseconds ms) {
    return QLocale().toString(static_cast<double>(ms.count()) / 1000.0, 'f', 1);
}
QString milliseconds(std::chrono::microseconds us) {
    return QLocale().toString(static_cast<double>(us.count()) / 1000.0, 'f', 0);
}

QString attemptsNote(const core::CallResult& r) {
    if (r.attempts <= 1) return {};
    QString note = tr(" after %1 attempts").arg(r.attempts);
    if (r.retryWaited.count() > 0) note += tr(" (%1 s of waiting between them)").arg(seconds(r.retryWaited));
    return note;
}

QString kept(const core::CallResult& r) { return r.text.empty() ? QString() : tr(" What arrived before it is kept."); }

}  // namespace

QString describeFailure(const core::CallResult& r) {
    switch (r.error) {
        case core::ErrorClass::none:
            return {};
        case core::ErrorClass::auth:
            if (r.httpStatus == 0) return tr("Key missing: %1. Set it in Settings, or run simulated.").arg(message(r));
            return tr("Key refused (HTTP %1): %2").arg(r.httpStatus).arg(message(r));
        case core::ErrorClass::rate_limit:
            return tr("Rate limited (HTTP 429): gave up%1. %2").arg(attemptsNote(r), message(r));
        case core::ErrorClass::server:
            return (r.httpStatus >= 500
                        ? tr("Provider error (HTTP %1)%2: %3").arg(r.httpStatus).arg(attemptsNote(r), message(r))
                        : tr("Provider error%1: %2").arg(attemptsNote(r), message(r))) +
                   kept(r);
        case core::ErrorClass::timeout:
            return tr("Timed out%1: %2.").arg(attemptsNote(r), message(r)) + kept(r);
        case core::ErrorClass::network:
            return (r.incomplete && !r.text.empty()
                        ? tr("The stream was cut: %1.").arg(message(r))
                        : tr("Could not reach the provider%1: %2.").arg(attemptsNote(r), message(r))) +
                   kept(r);
        case core::ErrorClass::bad_response:
            return tr("The provider's answer could not be read: %1.").arg(message(r)) + kept(r);
        case core::ErrorClass::cancelled:
            return tr("Cancelled.") + kept(r);
        case core::ErrorClass::invalid_request:
            if (r.message.find("context") != std::string::npos || r.message.find("too long") != std::string::npos)
                return tr("Too long for the model's context window: %1").arg(message(r));
            return r.httpStatus ? tr("Refused (HTTP %1): %2").arg(r.httpStatus).arg(message(r))
                                : tr("Not sent: %1.").arg(message(r));
    }
    return message(r);
}

QString describeTokens(const core::CallResult& r) {
    const QLocale locale;
    QString text = tr("%1 in").arg(locale.toString(static_cast<qlonglong>(r.usage.inputTokens)));
    if (r.usage.cachedInputTokens || r.usage.cacheWriteTokens)
        text += tr(" (%1 cached, %2 cache write)")
                    .arg(locale.toString(static_cast<qlonglong>(r.usage.cachedInputTokens)),
                         locale.toString(static_cast<qlonglong>(r.usage.cacheWriteTokens)));
    text += tr(" \u00b7 %1 out").arg(locale.toString(static_cast<qlonglong>(r.usage.outputTokens)));
    if (r.reasoningTokens > 0)
        text += tr(" (%1 reasoning)").arg(locale.toString(static_cast<qlonglong>(r.reasoningTokens)));
    if (r.usageEstimated)
        text += tr(" \u00b7 usage estimated (the provider sent none; counted here)");
    else if (!r.usageReported)
        text += tr(" \u00b7 usage not reported");
    return text;
}

QString describeCost(const core::CallResult& r) {
    if (r.cost && r.usageEstimated)
        return tr("about %1 (estimated: %2 USD)")
            .arg(QString::fromStdString(r.cost->total.toDisplay()),
                 QString::fromStdString(r.cost->total.toExactString()));
    if (r.cost)
        return tr("%1 (exact: %2 USD)")
            .arg(QString::fromStdString(r.cost->total.toDisplay()),
                 QString::fromStdString(r.cost->total.toExactString()));
    if (!r.usageReported) return tr("no cost: the provider reported no usage");
    return tr("no cost: the model has no catalog prices");
}

double tokensPerSecond(const core::CallResult& r) {
    const auto streaming = r.latency - r.ttft;
    if (r.usage.outputTokens <= 0 || r.ttft.count() <= 0 || streaming.count() <= 0) return 0;
    return static_cast<double>(r.usage.outputTokens) / (static_cast<double>(streaming.count()) / 1e6);
}

QString describeTiming(const core::CallResult& r) {
    QStringList parts;
    if (r.ttft.count() > 0) parts << tr("first token %1 ms").arg(milliseconds(r.ttft));
    parts << tr("total %1 ms").arg(milliseconds(r.latency));
    if (const double rate = tokensPerSecond(r); rate > 0)
        parts << tr("%1 tokens/s").arg(QLocale().toString(rate, 'f', 0));
    return parts.join(QStringLiteral(" \u00b7 "));
}

}  // namespace switchyard::ui
