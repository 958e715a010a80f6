#include "ui/views/catalogcelldelegate.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>

#include "ui/models/catalogmodel.h"

namespace switchyard::ui {

QString cellMessage(const core::Problems& problems, bool capitalised) {
    if (problems.empty()) return {};
    QString text = QString::fromStdString(problems.front().message).trimmed();
    if (!text.isEmpty()) text[0] = capitalised ? text[0].toUpper() : text[0].toLower();
    if (!text.endsWith(u'.') && !text.endsWith(u'!') && !text.endsWith(u'?')) text += u'.';
    return text;
}

CatalogCellDelegate::CatalogCellDelegate(CatalogModel* model, QSortFilterProxyModel* proxy, QObject* parent)
    : QStyledItemDelegate(parent), m_model(model), m_proxy(proxy) {}

QWidget* CatalogCellDelegate::createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                                           const QModelIndex& index) const {
    Q_UNUSED(option);
    auto* editor = new QLineEdit(parent);
    editor->setObjectName(QStringLiteral("catalogCellEditor"));
    editor->setProperty("cell", QVariant::fromValue(QPersistentModelIndex(index)));
    editor->setFrame(false);
    const QVariant alignment = index.data(Qt::TextAlignmentRole);
    if (alignment.isValid()) editor->setAlignment(alignment.value<Qt::Alignment>());
    const int column = m_proxy->mapToSource(index).column();
    if (column >= CatalogModel::InputColumn && column <= CatalogModel::CacheWriteColumn)
        editor->setPlaceholderText(column >= CatalogModel::CachedInputColumn ? tr("none") : tr("USD per 1M"));
    return editor;
}

void CatalogCellDelegate::setEditorData(QWidget* editor, const QModelIndex& index) const {
    auto* line = qobject_cast<QLineEdit*>(editor);
    // Set once: the view calls this again when the row's data changes while the editor is open.
    if (!line || line->property("filled").toBool()) return;
    line->setText(index.data(Qt::EditRole).toString());
    line->selectAll();
    line->setProperty("filled", true);
}

void CatalogCellDelegate::setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const {
    auto* line = qobject_cast<QLineEdit*>(editor);
    if (!line) return;
    if (index.data(Qt::EditRole).toString() == line->text()) return;  // nothing typed
    if (!model->setData(index, line->text(), Qt::EditRole))
        emit const_cast<CatalogCellDelegate*>(this)->refused(cellMessage(m_model->lastRefusal()));
}

void CatalogCellDelegate::destroyEditor(QWidget* editor, const QModelIndex& index) const {
    hideNote();
    QStyledItemDelegate::destroyEditor(editor, index);
}

QString CatalogCellDelegate::problemWith(QWidget* editor) const {
    auto* line = qobject_cast<QLineEdit*>(editor);
    if (!line) return {};
    const QModelIndex index = editor->property("cell").value<QPersistentModelIndex>();
    if (!index.isValid() || index.data(Qt::EditRole).toString() == line->text()) return {};
    return cellMessage(m_model->checkCell(m_proxy->mapToSource(index), line->text()));
}

bool CatalogCellDelegate::eventFilter(QObject* object, QEvent* event) {
    auto* editor = qobject_cast<QWidget*>(object);
    if (!editor) return QStyledItemDelegate::eventFilter(object, event);
    if (event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter || key == Qt::Key_Tab || key == Qt::Key_Backtab) {
            const QString problem = problemWith(editor);
            if (!problem.isEmpty()) {
                showNote(editor, problem);
                return true;  // the editor stays open with the reason
            }
        } else if (key == Qt::Key_Escape) {
            hideNote();
        }
    } else if (event->type() == QEvent::FocusOut) {
        // As the base class decides it: focus that moved within the editor is no leaving.
        for (QWidget* w = QApplication::focusWidget(); w; w = w->parentWidget())
            if (w == editor) return false;
        const QString problem = problemWith(editor);
        if (!problem.isEmpty()) {
            emit refused(
                tr("Not changed: %1").arg(problem.isEmpty() ? problem : problem.front().toLower() + problem.mid(1)));
            emit closeEditor(editor, QAbstractItemDelegate::RevertModelCache);
            return true;
        }
    }
    return QStyledItemDelegate::eventFilter(object, event);
}

void CatalogCellDelegate::showNote(QWidget* editor, const QString& message) const {
    QWidget* viewport = editor->parentWidget();
    if (!m_note) {
        m_note = new QLabel(viewport);
        m_note->setObjectName(QStringLiteral("cellNote"));
        m_note->setWordWrap(true);
        m_note->setTextFormat(Qt::PlainText);
        m_note->setStyleSheet(
            QStringLiteral("QLabel#cellNote { background: #fff4f2; color: #9b2c1f; border: 1px solid #e3a59b;"
                           " border-radius: 5px; padding: 5px 8px; }"));
    }
    editor->setStyleSheet(QStringLiteral("QLineEdit { border: 1px solid #c9473a; background: #fff8f7; }"));
    m_note->setText(message);
    const int width = std::min(std::max(editor->width(), 320), viewport->width() - 8);
    m_note->setFixedWidth(width);
    m_note->adjustSize();
    int x = std::min(editor->x(), viewport->width() - width - 4);
    int y = editor->geometry().bottom() + 3;
    if (y + m_note->height() > viewport->height()) y = editor->y() - m_note->height() - 3;
    m_note->move(std::max(x, 4), y);
    m_note->show();
    m_note->raise();
}

QLabel* CatalogCellDelegate::note() const { return m_note.data(); }

void CatalogCellDelegate::hideNote() const {
    if (m_note) m_note->deleteLater();
    m_note = nullptr;
}

}  // namespace switchyard::ui
