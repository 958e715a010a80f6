#include "ui/app/problemsdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <limits>
#include <utility>

#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {
QString locationOf(const core::Problem& problem) {
    if (problem.line <= 0) return QStringLiteral("\u2014");
    if (problem.column <= 0) return QString::number(problem.line);
    return QStringLiteral("%1:%2").arg(problem.line).arg(problem.column);
}
}  // namespace

ProblemsDialog::ProblemsDialog(const QString& summary, const QString& consequence, const core::Problems& problems,
                               QWidget* parent)
    : QDialog(parent), m_text(toQString(core::formatProblems(problems))), m_list(new QTreeWidget(this)) {
    setWindowTitle(tr("Problems"));
    setObjectName(QStringLiteral("problemsDialog"));
    resize(820, 420);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 14);
    layout->setSpacing(10);

    auto* header = new QHBoxLayout;
    header->setSpacing(14);
    auto* icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(36, 36));
    icon->setAlignment(Qt::AlignTop);
    header->addWidget(icon);
    auto* texts = new QVBoxLayout;
    auto* title = new QLabel(summary, this);
    title->setObjectName(QStringLiteral("dialogTitle"));
    title->setWordWrap(true);
    texts->addWidget(title);
    const QString file = problems.empty() ? QString() : toQString(problems.front().file);
    auto* detail = new QLabel(this);
    const QString count = problems.size() == 1 ? tr("1 problem found.") : tr("%1 problems found.").arg(problems.size());
    detail->setText(consequence.isEmpty() ? count : count + u' ' + consequence);
    detail->setWordWrap(true);
    detail->setObjectName(QStringLiteral("viewSubtitle"));
    texts->addWidget(detail);
    if (!file.isEmpty()) {
        auto* path = new QLabel(file, this);
        path->setObjectName(QStringLiteral("monoLabel"));
        path->setTextInteractionFlags(Qt::TextSelectableByMouse);
        texts->addWidget(path);
    }
    header->addLayout(texts, 1);
    layout->addLayout(header);

    m_list->setObjectName(QStringLiteral("problemList"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Line:col"), tr("JSON pointer"), tr("Problem")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setWordWrap(true);
    m_list->setUniformRowHeights(false);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    core::Problems sorted = problems;
    // In file order, problems without a line last.
    auto position = [](const core::Problem& p) {
        return std::pair(p.line > 0 ? p.line : std::numeric_limits<int>::max(), p.column);
    };
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const core::Problem& a, const core::Problem& b) { return position(a) < position(b); });
    const int rowHeight = m_list->fontMetrics().height() + 10;
    for (const auto& problem : sorted) {
        auto* item = new QTreeWidgetItem(m_list);
        item->setText(0, locationOf(problem));
        item->setText(1, problem.pointer.empty() ? QStringLiteral("\u2014") : toQString(problem.pointer));
        item->setText(2, toQString(problem.message));
        item->setToolTip(2, toQString(problem.toString()));
        item->setTextAlignment(0, Qt::AlignRight | Qt::AlignVCenter);
        item->setSizeHint(0, QSize(0, rowHeight));
    }
    m_list->header()->setStretchLastSection(true);
    m_list->resizeColumnToContents(0);
    m_list->resizeColumnToContents(1);
    m_list->setColumnWidth(0, m_list->columnWidth(0) + 16);
    m_list->setColumnWidth(1, qMin(m_list->columnWidth(1) + 16, 260));
    layout->addWidget(m_list, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copy = buttons->addButton(tr("Copy All"), QDialogButtonBox::ActionRole);
    connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(m_text); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

}  // namespace switchyard::ui
