#include "ui/views/tiercolumn.h"

#include <QAbstractItemModel>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QResizeEvent>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/models/tiermodel.h"
#include "ui/views/tiercardlist.h"
#include "ui/widgets/elidinglineedit.h"

namespace switchyard::ui {

namespace {

QLabel* makeLabel(const char* name, QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setObjectName(QString::fromLatin1(name));
    label->setTextFormat(Qt::PlainText);
    return label;
}

QString positionText(int row, int count) {
    if (count == 1) return TierColumn::tr("Only tier");
    if (row == 0) return TierColumn::tr("Tier %1 of %2 \u00b7 cheapest").arg(row + 1).arg(count);
    if (row == count - 1) return TierColumn::tr("Tier %1 of %2 \u00b7 most capable").arg(row + 1).arg(count);
    return TierColumn::tr("Tier %1 of %2").arg(row + 1).arg(count);
}

QString fallbackText(int fallbacks) {
    if (fallbacks <= 0) return TierColumn::tr("Primary only, no fallbacks");
    if (fallbacks == 1) return TierColumn::tr("Primary and 1 fallback");
    return TierColumn::tr("Primary and %1 fallbacks").arg(fallbacks);
}

}  // namespace

TierColumn::TierColumn(QAbstractItemModel* model, int tierRow, QWidget* parent)
    : QFrame(parent),
      m_model(model),
      m_tier(model->index(tierRow, 0)),
      m_position(makeLabel("tierPosition", this)),
      m_name(new QLineEdit(this)),
      m_description(new ElidingLineEdit(this)),
      m_share(makeLabel("tierShare", this)),
      m_cost(makeLabel("tierCost", this)),
      m_warning(makeLabel("tierWarning", this)),
      m_count(makeLabel("tierCount", this)),
      m_menuButton(new QToolButton(this)),
      m_cards(new TierCardList(this)) {
    setObjectName(QStringLiteral("tierColumn"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(2);

    auto* top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(m_position, 1);
    m_menuButton->setObjectName(QStringLiteral("tierMenuButton"));
    m_menuButton->setText(QStringLiteral("\u22ef"));
    m_menuButton->setToolTip(tr("Move or remove this tier"));
    m_menuButton->setPopupMode(QToolButton::InstantPopup);
    m_menuButton->setAutoRaise(true);
    top->addWidget(m_menuButton);
    layout->addLayout(top);

    // The name and description edit in place: they look like text until clicked.
    m_name->setObjectName(QStringLiteral("tierName"));
    m_name->setFrame(false);
    m_name->setToolTip(tr("Tier name: rules, the default tier and classifier labels follow a rename"));
    m_description->setObjectName(QStringLiteral("tierDescription"));
    m_description->setFrame(false);
    m_description->setPlaceholderText(tr("Add a description"));
    // A description longer than the card ends with "…"; the whole of it is in the tool tip
    // and in the field once clicked.
    layout->addWidget(m_name);
    layout->addWidget(m_description);
    layout->addSpacing(4);
    // Share of requests on the left, what they cost a month on the right.
    auto* figures = new QHBoxLayout;
    figures->setSpacing(8);
    m_share->setText(QStringLiteral("\u2014"));
    m_cost->setText(QStringLiteral("\u2014"));
    m_cost->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    figures->addWidget(m_share, 1);
    figures->addWidget(m_cost);
    layout->addLayout(figures);
    auto* counts = new QHBoxLayout;
    counts->setSpacing(8);
    counts->addWidget(m_count, 1);
    m_warning->setText(tr("\u26a0 Context"));
    m_warning->hide();
    counts->addWidget(m_warning);
    layout->addLayout(counts);
    layout->addSpacing(6);

    m_cards->setModel(m_model);
    m_cards->setRootIndex(m_tier);
    layout->addWidget(m_cards, 1);

    connect(m_name, &QLineEdit::textEdited, this, [this](const QString& text) {
        if (m_nameAtFocus.isEmpty()) m_nameAtFocus = m_tier.data(TierModel::TierNameRole).toString();
        emit renameRequested(row(), text);
    });
    connect(m_name, &QLineEdit::editingFinished, this, [this] {
        // A refused name does not outlive the edit, and neither do the names accepted on the way
        // to it ("mediu" on the way to a taken "medium"): the tier goes back to the name it had
        // before the first keystroke, which also takes the merged rename step off the stack.
        if (!m_name->property("problem").toString().isEmpty() && !m_nameAtFocus.isEmpty() &&
            m_tier.data(TierModel::TierNameRole).toString() != m_nameAtFocus)
            emit renameRequested(row(), m_nameAtFocus);
        m_nameAtFocus.clear();
        setNameProblem({});
        m_name->setText(m_tier.data(TierModel::TierNameRole).toString());
        m_name->setCursorPosition(0);
    });
    connect(m_description, &QLineEdit::editingFinished, this, [this] { m_description->setCursorPosition(0); });
    connect(m_description, &QLineEdit::textEdited, this,
            [this](const QString& text) { emit describeRequested(row(), text); });
    refreshHeader();
}

void TierColumn::refreshHeader() {
    if (!m_tier.isValid()) return;
    const int tiers = m_model->rowCount();
    m_position->setText(positionText(m_tier.row(), tiers).toUpper());
    const QString name = m_tier.data(TierModel::TierNameRole).toString();
    // A refused name stays in the field, with its reason, until the edit ends.
    if (m_name->property("problem").toString().isEmpty() && m_name->text() != name) {
        m_name->setText(name);
        if (!m_name->hasFocus()) m_name->setCursorPosition(0);
    }
    const QString description = m_tier.data(TierModel::TierDescriptionRole).toString();
    if (m_description->text() != description) {
        m_description->setText(description);
        // Show the start of a long description, not the end where setText leaves the cursor.
        if (!m_description->hasFocus()) m_description->setCursorPosition(0);
    }
    m_description->setToolTip(description);
    m_count->setText(fallbackText(m_model->rowCount(m_tier) - 1));
    const QString warning = m_tier.data(TierModel::ContextWarningRole).toString();
    m_warning->setVisible(!warning.isEmpty());
    m_warning->setToolTip(warning);
}

void TierColumn::setFigures(const QString& share, const QString& monthly, const QString& toolTip) {
    m_fullShare = share;
    m_cost->setText(monthly);
    fitFigures();
    m_share->setToolTip(toolTip);
    m_cost->setToolTip(toolTip);
}

void TierColumn::resizeEvent(QResizeEvent* event) {
    QFrame::resizeEvent(event);
    fitFigures();
}

void TierColumn::fitFigures() {
    const QFontMetrics metrics(m_share->font());
    const int room = contentsRect().width() - 40 - QFontMetrics(m_cost->font()).horizontalAdvance(m_cost->text());
    m_share->setText(metrics.horizontalAdvance(m_fullShare) <= room ? m_fullShare
                                                                    : m_fullShare.section(QLatin1Char(' '), 0, 0));
}

void TierColumn::setNameProblem(const QString& reason) {
    m_name->setProperty("problem", reason);
    m_name->setProperty("refused", !reason.isEmpty());
    m_name->setToolTip(reason.isEmpty() ? tr("Tier name: rules, the default tier and classifier labels follow a rename")
                                        : reason);
    // Re-polish so the stylesheet's [problem] rule applies.
    m_name->style()->unpolish(m_name);
    m_name->style()->polish(m_name);
}

}  // namespace switchyard::ui
