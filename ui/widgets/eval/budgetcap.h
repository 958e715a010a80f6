#pragma once
// The Evaluate page's budget fields (the Runs tab's and the Shadow tab's): a dollar spin box whose
// 0 reads "no cap", turned into the cap core::EvalConfig takes, in one place.

#include <QDoubleSpinBox>
#include <QString>
#include <optional>

#include "core/common/money.h"

namespace switchyard::ui {

inline std::optional<core::Money> budgetCapOf(const QDoubleSpinBox& box) {
    if (box.value() <= 0) return std::nullopt;
    return core::Money::parseUsd(QString::number(box.value(), 'f', 4).toStdString());
}

}  // namespace switchyard::ui
