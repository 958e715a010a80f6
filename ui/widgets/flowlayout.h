#pragma once

#include <QLayout>
#include <QList>

class QString;

namespace switchyard::ui {

// Lays its items out left to right and starts a new row when the next one does not fit, so a
// row of filters stays one row in a wide window and wraps, rather than widening the window,
// in a narrow one. Its minimum width is its widest item's; its preferred size is one row.
class FlowLayout final : public QLayout {
public:
    explicit FlowLayout(int horizontalSpacing = 12, int verticalSpacing = 6);
    ~FlowLayout() override;
    FlowLayout(const FlowLayout&) = delete;
    FlowLayout& operator=(const FlowLayout&) = delete;

    void addItem(QLayoutItem* item) override;
    [[nodiscard]] int count() const override;
    [[nodiscard]] QLayoutItem* itemAt(int index) const override;
    QLayoutItem* takeAt(int index) override;

    [[nodiscard]] Qt::Orientations expandingDirections() const override;
    [[nodiscard]] bool hasHeightForWidth() const override;
    [[nodiscard]] int heightForWidth(int width) const override;
    [[nodiscard]] QSize minimumSize() const override;
    [[nodiscard]] QSize sizeHint() const override;
    void setGeometry(const QRect& rect) override;

private:
    // Places the items in `rect` (only measures when `apply` is false); returns the height used.
    int arrange(const QRect& rect, bool apply) const;

    QList<QLayoutItem*> m_items;
    int m_horizontal;
    int m_vertical;
};

// Adds `label` (its buddy `field`, so its mnemonic focuses the field) beside `field`, and
// `second` after them if given, as one item of `flow`, so a wrap never parts them.
void addLabelledItem(FlowLayout* flow, QWidget* parent, const QString& label, QWidget* field,
                     QWidget* second = nullptr);

}  // namespace switchyard::ui
