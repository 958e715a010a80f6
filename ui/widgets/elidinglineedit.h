#pragma once
// A line edit that reads as text until clicked (a tier's description on the board): while it
// has no focus, a text wider than the field ends with "…" instead of being cut mid-word; with
// focus it is an ordinary line edit holding the whole text. The text itself never changes.

#include <QLineEdit>

namespace switchyard::ui {

class ElidingLineEdit final : public QLineEdit {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidingLineEdit)

public:
    explicit ElidingLineEdit(QWidget* parent = nullptr);

    // What the field shows: the whole text while it has focus or fits, else its start and "…".
    [[nodiscard]] QString shownText() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    [[nodiscard]] QRect textRect() const;
};

}  // namespace switchyard::ui
