#include "ui/widgets/viewheader.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

namespace switchyard::ui {

ViewHeader::ViewHeader(const QString& title, const QString& subtitle, QWidget* parent)
    : QWidget(parent), m_subtitle(new QLabel(subtitle, this)), m_trailing(new QHBoxLayout) {
    setObjectName(QStringLiteral("viewHeader"));
    setAttribute(Qt::WA_StyledBackground);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(24, 18, 24, 12);
    layout->setSpacing(12);
    auto* texts = new QVBoxLayout;
    texts->setSpacing(2);
    auto* titleLabel = new QLabel(title, this);
    titleLabel->setObjectName(QStringLiteral("viewTitle"));
    titleLabel->setTextFormat(Qt::PlainText);
    m_subtitle->setObjectName(QStringLiteral("viewSubtitle"));
    m_subtitle->setTextFormat(Qt::PlainText);
    m_subtitle->setWordWrap(true);
    texts->addWidget(titleLabel);
    texts->addWidget(m_subtitle);
    layout->addLayout(texts, 1);
    m_trailing->setSpacing(8);
    layout->addLayout(m_trailing);
}

void ViewHeader::setSubtitle(const QString& subtitle) { m_subtitle->setText(subtitle); }

void ViewHeader::addTrailingWidget(QWidget* widget) {
    widget->setParent(this);
    m_trailing->addWidget(widget, 0, Qt::AlignBottom);
}

}  // namespace switchyard::ui
