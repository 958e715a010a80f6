#pragma once
// The editor of a catalog cell. Enter or Tab commits only what the catalog accepts: a value it
// refuses (a negative price, a context window smaller than max output, a taken id) keeps the
// editor open with the reason in a note under the cell, and nothing changes. Leaving the cell
// with such a value (a click elsewhere) drops it and reports the reason through `refused`.

#include <QPointer>
#include <QStyledItemDelegate>

#include "core/common/problem.h"

class QLabel;
class QSortFilterProxyModel;

namespace switchyard::ui {

class CatalogModel;

class CatalogCellDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogCellDelegate)

public:
    // `proxy` maps the view's indexes to `model`'s.
    CatalogCellDelegate(CatalogModel* model, QSortFilterProxyModel* proxy, QObject* parent = nullptr);

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    void setEditorData(QWidget* editor, const QModelIndex& index) const override;
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override;
    void destroyEditor(QWidget* editor, const QModelIndex& index) const override;

    // The note under the open editor (null when none is shown), for tests and screenshots.
    [[nodiscard]] QLabel* note() const;

signals:
    // An edit was not made; the text says why.
    void refused(const QString& message);

protected:
    bool eventFilter(QObject* object, QEvent* event) override;

private:
    // Why the editor's text cannot be committed, empty if it can.
    QString problemWith(QWidget* editor) const;
    void showNote(QWidget* editor, const QString& message) const;
    void hideNote() const;

    CatalogModel* m_model;
    QSortFilterProxyModel* m_proxy;
    mutable QPointer<QLabel> m_note;
};

// "/catalog/3/input: a price cannot be negative" as a sentence for the cell: the first
// problem's message with a full stop, capitalised unless it follows a prefix ("Not changed: …").
QString cellMessage(const core::Problems& problems, bool capitalised = true);

}  // namespace switchyard::ui
