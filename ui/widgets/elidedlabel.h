#pragma once
// A one-line label that gives way in a narrow window: it shows as much of its text as fits and
// ends it with "…", never cutting a word or a number in half without saying so; the whole text
// is in its tool tip. Its minimum width is small, so it never sets the window's.

#include <QLabel>

namespace switchyard::ui {

class ElidedLabel final : public QLabel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ElidedLabel)

public:
    explicit ElidedLabel(QWidget* parent = nullptr);

    void setFullText(const QString& text);
    [[nodiscard]] const QString& fullText() const { return m_full; }
    [[nodiscard]] QSize minimumSizeHint() const override;
    [[nodiscard]] QSize sizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void fit();

    QString m_full;
};

}  // namespace switchyard::ui
