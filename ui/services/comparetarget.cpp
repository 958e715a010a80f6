#include "ui/services/comparetarget.h"

#include <QCoreApplication>
#include <algorithm>

namespace switchyard::ui {

namespace {
QString tr(const char* text) { return QCoreApplication::translate("CompareTarget", text); }
}  // namespace

QString CompareTarget::key() const {
    switch (kind) {
        case Kind::Policy:
            return QStringLiteral("policy");
        case Kind::Tier:
            return QStringLiteral("tier:") + name;
        case Kind::Model:
            return QStringLiteral("model:") + name;
    }
    return {};
}

std::optional<CompareTarget> CompareTarget::fromKey(const QString& key) {
    if (key == QLatin1String("policy")) return CompareTarget{};
    if (key.startsWith(QLatin1String("tier:")) && key.size() > 5) return CompareTarget{Kind::Tier, key.mid(5)};
    if (key.startsWith(QLatin1String("model:")) && key.size() > 6) return CompareTarget{Kind::Model, key.mid(6)};
    return std::nullopt;
}

QString CompareTarget::label() const {
    switch (kind) {
        case Kind::Policy:
            return tr("The policy");
        case Kind::Tier:
            return tr("Tier %1").arg(name);
        case Kind::Model:
            return name;
    }
    return {};
}

bool CompareTarget::existsIn(const core::Workspace& workspace) const {
    switch (kind) {
        case Kind::Policy:
            return true;
        case Kind::Tier:
            return workspace.findTier(name.toStdString()) != nullptr;
        case Kind::Model:
            return workspace.catalog.find(name.toStdString()) != nullptr;
    }
    return false;
}

std::vector<CompareTarget> availableTargets(const core::Workspace& workspace) {
    std::vector<CompareTarget> targets{CompareTarget{}};
    for (const core::Tier& tier : workspace.tiers)
        targets.push_back({CompareTarget::Kind::Tier, QString::fromStdString(tier.name)});
    for (const core::Model& model : workspace.catalog.models())
        targets.push_back({CompareTarget::Kind::Model, QString::fromStdString(model.id)});
    return targets;
}

std::vector<CompareTarget> policyVsBaseline(const core::Workspace& workspace) {
    std::vector<CompareTarget> targets{CompareTarget{}};
    const std::string baseline = core::baselineModelFor(workspace.policy, workspace.tiers);
    if (!baseline.empty()) targets.push_back({CompareTarget::Kind::Model, QString::fromStdString(baseline)});
    return targets;
}

std::vector<CompareTarget> eachTiersPrimary(const core::Workspace& workspace) {
    std::vector<CompareTarget> targets;
    for (const core::Tier& tier : workspace.tiers) {
        if (tier.primary.empty() || static_cast<int>(targets.size()) == kMaxCompareColumns) continue;
        const CompareTarget target{CompareTarget::Kind::Model, QString::fromStdString(tier.primary)};
        if (std::find(targets.begin(), targets.end(), target) == targets.end()) targets.push_back(target);
    }
    return targets;
}

}  // namespace switchyard::ui
