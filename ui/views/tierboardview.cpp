#include "ui/views/tierboardview.h"

#include <QAbstractItemModel>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QScrollArea>
#include <QVBoxLayout>

#include "ui/models/tiermodel.h"
#include "ui/views/modelcarddelegate.h"

namespace switchyard::ui {

namespace {
constexpr int kColumnMinWidth = 290;
constexpr int kColumnMaxWidth = 420;

QLabel* makeLabel(const QString& text, const char* role, QWidget* parent) {
    auto* label = new QLabel(text, parent);
    label->setObjectName(QString::fromLatin1(role));
    label->setTextFormat(Qt::PlainText);
    return label;
}

QString positionText(int row, int count) {
    if (count == 1) return QObject::tr("Only tier");
    if (row == 0) return QObject::tr("Tier %1 of %2 \u00b7 cheapest").arg(row + 1).arg(count);
    if (row == count - 1) return QObject::tr("Tier %1 of %2 \u00b7 most capable").arg(row + 1).arg(count);
    return QObject::tr("Tier %1 of %2").arg(row + 1).arg(count);
}
}  // namespace

TierBoardView::TierBoardView(QWidget* parent)
    : QWidget(parent), m_delegate(new ModelCardDelegate(this)), m_board(new QWidget), m_columns(new QHBoxLayout(m_board)),
      m_emptyLabel(makeLabel(tr("This workspace has no tiers."), "emptyLabel", this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* header = new QWidget(this);
    header->setObjectName(QStringLiteral("viewHeader"));
    auto* headerLayout = new QVBoxLayout(header);
    headerLayout->setContentsMargins(24, 18, 24, 12);
    headerLayout->setSpacing(2);
    headerLayout->addWidget(makeLabel(tr("Tiers"), "viewTitle", header));
    headerLayout->addWidget(makeLabel(tr("Requests escalate from left to right. Within a tier the primary model is "
                                         "tried first, then each fallback in order."),
                                      "viewSubtitle", header));
    layout->addWidget(header);

    m_board->setObjectName(QStringLiteral("tierBoard"));
    m_columns->setContentsMargins(24, 8, 24, 24);
    m_columns->setSpacing(16);
    auto* scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_board);
    layout->addWidget(scroll, 1);
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->hide();
    layout->addWidget(m_emptyLabel, 1);
}

void TierBoardView::setModel(QAbstractItemModel* model) {
    if (m_model) disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, &TierBoardView::rebuild);
        connect(m_model, &QAbstractItemModel::layoutChanged, this, &TierBoardView::rebuild);
        auto rebuildOnTopLevel = [this](const QModelIndex& parent) {
            if (!parent.isValid()) rebuild();
        };
        connect(m_model, &QAbstractItemModel::rowsInserted, this, rebuildOnTopLevel);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, rebuildOnTopLevel);
        connect(m_model, &QAbstractItemModel::rowsMoved, this, [this] { rebuild(); });
        connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& topLeft) {
            if (!topLeft.parent().isValid()) rebuild();
        });
    }
    rebuild();
}

QListView* TierBoardView::tierList(int column) const {
    return column >= 0 && column < tierColumnCount() ? m_lists[static_cast<size_t>(column)] : nullptr;
}

void TierBoardView::rebuild() {
    m_lists.clear();
    // deleteLater: a rebuild can start inside an event of one of these lists (a drop that
    // edits the tiers), which must not return into a deleted widget.
    while (QLayoutItem* item = m_columns->takeAt(0)) {
        if (QWidget* widget = item->widget()) {
            widget->hide();
            widget->deleteLater();
        }
        delete item;
    }
    const int tiers = m_model ? m_model->rowCount() : 0;
    for (int row = 0; row < tiers; ++row) m_columns->addWidget(makeColumn(row), 1);
    m_columns->addStretch(0);
    m_emptyLabel->setVisible(m_model && tiers == 0);
}

QWidget* TierBoardView::makeColumn(int row) {
    const QModelIndex tier = m_model->index(row, 0);
    auto* column = new QFrame(m_board);
    column->setObjectName(QStringLiteral("tierColumn"));
    column->setMinimumWidth(kColumnMinWidth);
    column->setMaximumWidth(kColumnMaxWidth);
    auto* layout = new QVBoxLayout(column);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(2);

    layout->addWidget(makeLabel(positionText(row, m_model->rowCount()).toUpper(), "tierPosition", column));
    layout->addWidget(makeLabel(tier.data(TierModel::TierNameRole).toString(), "tierName", column));
    const QString description = tier.data(TierModel::TierDescriptionRole).toString();
    auto* descriptionLabel = makeLabel(description, "tierDescription", column);
    descriptionLabel->setWordWrap(true);
    descriptionLabel->setVisible(!description.isEmpty());
    layout->addWidget(descriptionLabel);
    const int fallbacks = m_model->rowCount(tier) - 1;
    layout->addWidget(makeLabel(fallbacks <= 0 ? tr("No fallbacks") : fallbacks == 1 ? tr("1 fallback") : tr("%1 fallbacks").arg(fallbacks),
                                "tierCount", column));
    layout->addSpacing(8);

    auto* list = new QListView(column);
    list->setObjectName(QStringLiteral("tierCards"));
    list->setModel(m_model);
    list->setRootIndex(tier);
    list->setItemDelegate(m_delegate);
    list->setSpacing(4);
    list->setFrameShape(QFrame::NoFrame);
    list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->setUniformItemSizes(true);
    list->viewport()->setAutoFillBackground(false);
    layout->addWidget(list, 1);
    m_lists.push_back(list);
    return column;
}

}  // namespace switchyard::ui
