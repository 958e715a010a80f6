#include "ui/app/navigator.h"

#include <QStringList>

namespace switchyard::ui {

Navigator::Navigator(QObject* parent) : QObject(parent) {}

void Navigator::addTarget(Page* page, const QString& prefix, Selector select) {
    for (Target& target : m_targets) {
        if (target.prefix == prefix) {
            target = {page, prefix, std::move(select)};
            return;
        }
    }
    m_targets.push_back({page, prefix, std::move(select)});
}

const Navigator::Target* Navigator::targetFor(const QString& pointer) const {
    const Target* best = nullptr;
    for (const Target& target : m_targets) {
        const bool under =
            pointer == target.prefix || pointer.startsWith(target.prefix + u'/') || target.prefix.isEmpty();
        if (under && (!best || target.prefix.size() > best->prefix.size())) best = &target;
    }
    return best;
}

Page* Navigator::pageFor(const QString& pointer) const {
    const Target* target = targetFor(pointer);
    return target ? target->page : nullptr;
}

bool Navigator::navigate(const QString& pointer) {
    const Target* target = targetFor(pointer);
    if (!target) return false;
    const Selector select = target->select;  // a copy: the page may register again while selecting
    emit pageRequested(target->page);
    if (select) select(pointer);
    emit navigated(pointer);
    return true;
}

QStringList Navigator::split(const QString& pointer) {
    QStringList parts = pointer.split(u'/');
    if (!parts.isEmpty() && parts.front().isEmpty()) parts.removeFirst();
    for (QString& part : parts) {
        part.replace(QStringLiteral("~1"), QStringLiteral("/"));
        part.replace(QStringLiteral("~0"), QStringLiteral("~"));
    }
    return parts;
}

}  // namespace switchyard::ui
