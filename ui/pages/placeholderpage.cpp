#include "ui/pages/placeholderpage.h"

#include <QLabel>
#include <QVBoxLayout>

#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

PlaceholderPage::PlaceholderPage(QString key, QString title, const QString& subtitle, const QString& comingText,
                                 const QString& todayText, QWidget* parent)
    : Page(parent), m_key(std::move(key)), m_title(std::move(title)) {
    setObjectName(m_key + QStringLiteral("Page"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(new ViewHeader(m_title, subtitle, this));

    auto* body = new QWidget(this);
    auto* bodyLayout = new QVBoxLayout(body);
    bodyLayout->setContentsMargins(48, 40, 48, 40);
    bodyLayout->setSpacing(14);
    auto* coming = new QLabel(comingText, body);
    coming->setObjectName(QStringLiteral("placeholderText"));
    coming->setWordWrap(true);
    coming->setTextFormat(Qt::RichText);
    coming->setMaximumWidth(720);
    auto* today = new QLabel(todayText, body);
    today->setObjectName(QStringLiteral("placeholderToday"));
    today->setWordWrap(true);
    today->setTextFormat(Qt::RichText);
    today->setTextInteractionFlags(Qt::TextSelectableByMouse);
    today->setMaximumWidth(720);
    bodyLayout->addWidget(coming);
    bodyLayout->addWidget(today);
    bodyLayout->addStretch(1);
    layout->addWidget(body, 1);
}

}  // namespace switchyard::ui
