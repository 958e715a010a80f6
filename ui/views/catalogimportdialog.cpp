#include "ui/views/catalogimportdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/models/displayformat.h"

namespace switchyard::ui {

namespace {

QString count(qsizetype n, const char* what) { return QObject::tr("%1 %2").arg(n).arg(QString::fromLatin1(what)); }

// "input price $3.00 → $2.50, context window 200K → 400K"
QString describeUpdate(const core::CatalogModelUpdate& update) {
    const core::Model& a = update.before;
    const core::Model& b = update.after;
    QStringList parts;
    const auto price = [&parts](const char* what, const std::optional<core::Price>& x,
                                const std::optional<core::Price>& y) {
        if (x != y)
            parts << QObject::tr("%1 %2 \u2192 %3")
                         .arg(QString::fromLatin1(what), formatOptionalPrice(x), formatOptionalPrice(y));
    };
    price("input", a.prices.input, b.prices.input);
    price("output", a.prices.output, b.prices.output);
    price("cached input", a.prices.cacheRead, b.prices.cacheRead);
    price("cache write", a.prices.cacheWrite, b.prices.cacheWrite);
    if (a.prices.batch != b.prices.batch)
        parts << QObject::tr("batch %1 \u2192 %2").arg(formatDiscount(a.prices.batch), formatDiscount(b.prices.batch));
    if (a.prices.longContext != b.prices.longContext) parts << QObject::tr("long-context prices");
    if (a.contextWindow != b.contextWindow)
        parts << QObject::tr("context %1 \u2192 %2")
                     .arg(formatTokenCount(a.contextWindow), formatTokenCount(b.contextWindow));
    if (a.maxOutput != b.maxOutput)
        parts
            << QObject::tr("max output %1 \u2192 %2").arg(formatTokenCount(a.maxOutput), formatTokenCount(b.maxOutput));
    return parts.join(QStringLiteral(", "));
}

}  // namespace

CatalogImportDialog::CatalogImportDialog(CatalogImportPreview preview, QWidget* parent)
    : QDialog(parent),
      m_preview(std::move(preview)),
      m_counts(new QLabel(this)),
      m_list(new QTreeWidget(this)),
      m_apply(nullptr) {
    setObjectName(QStringLiteral("catalogImportDialog"));
    setWindowTitle(tr("Import LiteLLM prices"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 18, 20, 16);
    layout->setSpacing(10);

    auto* title = new QLabel(tr("Prices from \u201c%1\u201d").arg(m_preview.fileName), this);
    title->setObjectName(QStringLiteral("dialogTitle"));
    title->setTextFormat(Qt::PlainText);
    layout->addWidget(title);

    const core::CatalogMerge& plan = m_preview.plan;
    m_counts->setObjectName(QStringLiteral("importCounts"));
    m_counts->setText(countsText());
    layout->addWidget(m_counts);

    auto* explanation = new QLabel(
        tr("Models the catalog has get the list's prices and limits; their names, providers and tokenizers stay. "
           "Skipped: %1 entries that are not chat models (embeddings, images, audio) and %2 without an input and "
           "output price or a token limit. Applying is one step you can undo.")
            .arg(m_preview.imported.skippedNonChat)
            .arg(m_preview.imported.skippedIncomplete),
        this);
    explanation->setWordWrap(true);
    explanation->setObjectName(QStringLiteral("viewSubtitle"));
    layout->addWidget(explanation);

    m_list->setObjectName(QStringLiteral("importList"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Model"), tr("Change"), tr("Details")});
    m_list->setRootIsDecorated(false);
    m_list->setAlternatingRowColors(true);
    m_list->setUniformRowHeights(true);
    for (const core::CatalogModelUpdate& update : plan.changed) {
        auto* item = new QTreeWidgetItem(m_list, {toQString(update.before.id), tr("changed"), describeUpdate(update)});
        item->setToolTip(2, item->text(2));
    }
    for (const core::Model& model : plan.added) {
        const QString details = tr("%1 in, %2 out per 1M tokens; context %3, max output %4")
                                    .arg(formatPrice(model.prices.input), formatPrice(model.prices.output),
                                         formatTokenCount(model.contextWindow), formatTokenCount(model.maxOutput));
        auto* item = new QTreeWidgetItem(m_list, {toQString(model.id), tr("added"), details});
        item->setToolTip(2, details);
    }
    m_list->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setStretchLastSection(true);
    m_list->setVisible(!plan.empty());
    layout->addWidget(m_list, 1);

    if (plan.empty()) {
        auto* nothing =
            new QLabel(tr("Nothing to import: the catalog already has every model of the list at these prices."), this);
        nothing->setWordWrap(true);
        layout->addWidget(nothing);
    }

    auto* buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("importApply"));
    m_apply->setEnabled(!plan.empty());
    m_apply->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(820, plan.empty() ? 260 : 460);
}

QString CatalogImportDialog::countsText() const {
    const core::CatalogMerge& plan = m_preview.plan;
    return QStringList{count(static_cast<qsizetype>(plan.added.size()), "added"),
                       count(static_cast<qsizetype>(plan.changed.size()), "changed"),
                       count(static_cast<qsizetype>(plan.unchanged.size()), "unchanged"),
                       count(m_preview.skipped(), "skipped")}
        .join(QStringLiteral("  \u00b7  "));
}

}  // namespace switchyard::ui
