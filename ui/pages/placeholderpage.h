#pragma once
// A page whose view is not built yet says so honestly: what it will do, and what the user can
// do today instead (a command-line equivalent, another page).

#include "ui/pages/page.h"

namespace switchyard::ui {

class PlaceholderPage final : public Page {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PlaceholderPage)

public:
    PlaceholderPage(QString key, QString title, const QString& subtitle, const QString& comingText,
                    const QString& todayText, QWidget* parent = nullptr);

    [[nodiscard]] QString key() const override { return m_key; }
    [[nodiscard]] QString title() const override { return m_title; }

private:
    QString m_key;
    QString m_title;
};

}  // namespace switchyard::ui
