#pragma once
// The header every page starts with: a title, one line saying what the page is for, and an
// optional row of controls on the right (filter box, buttons).

#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace switchyard::ui {

class ViewHeader final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewHeader)

public:
    ViewHeader(const QString& title, const QString& subtitle, QWidget* parent = nullptr);

    void setSubtitle(const QString& subtitle);
    // Adds a control to the right-hand side, after the ones added before.
    void addTrailingWidget(QWidget* widget);

private:
    QLabel* m_subtitle;
    QHBoxLayout* m_trailing;
};

}  // namespace switchyard::ui
