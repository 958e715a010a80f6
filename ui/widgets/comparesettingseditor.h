#pragma once
// The Settings page's "Compare" form: the most one comparison run may be estimated to cost
// (empty: no cap) and the stream idle timeout, saved as CompareRunSettings as they are typed.
// A refused amount stays in its field with the reason under it and changes nothing.

#include <QWidget>

class QLabel;
class QLineEdit;
class QSpinBox;

namespace switchyard::ui {

class CompareSettingsEditor final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CompareSettingsEditor)

public:
    explicit CompareSettingsEditor(QWidget* parent = nullptr);

    // Shows what is saved (the page calls it when it is shown).
    void reload();

signals:
    void changed();

private:
    QLineEdit* m_cap;
    QLabel* m_capProblem;
    QSpinBox* m_idle;
};

}  // namespace switchyard::ui
