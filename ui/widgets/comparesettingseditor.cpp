#include "ui/widgets/comparesettingseditor.h"

#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "ui/services/comparesettings.h"
#include "ui/widgets/formrows.h"

namespace switchyard::ui {

CompareSettingsEditor::CompareSettingsEditor(QWidget* parent)
    : QWidget(parent), m_cap(new QLineEdit(this)), m_capProblem(makeProblemLabel(this)), m_idle(new QSpinBox(this)) {
    setObjectName(QStringLiteral("compareSettingsEditor"));
    m_cap->setObjectName(QStringLiteral("maxRunCostEdit"));
    m_cap->setPlaceholderText(tr("No cap"));
    m_cap->setFixedWidth(220);
    m_cap->setToolTip(tr("US dollars, e.g. 0.05 or $0.50; empty for none"));
    m_idle->setObjectName(QStringLiteral("streamIdleSpin"));
    m_idle->setRange(CompareRunSettings::kMinIdleSeconds, CompareRunSettings::kMaxIdleSeconds);
    m_idle->setSuffix(tr(" s"));
    m_idle->setAlignment(Qt::AlignRight);
    m_idle->setFixedWidth(220);
    m_idle->setToolTip(
        tr("How long a stream may send nothing, once its first token came, before it ends as timed out"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* box = new QGroupBox(tr("Compare runs"), this);
    box->setObjectName(QStringLiteral("providerGroup"));
    QFormLayout* form = makeGroupForm(box);
    const auto leftAligned = [](QWidget* field) {
        auto* row = new QHBoxLayout;
        row->addWidget(field);
        row->addStretch(1);
        return row;
    };
    const auto help = [box](const QString& text) {
        auto* label = new QLabel(text, box);
        label->setObjectName(QStringLiteral("fieldHelp"));
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        return label;
    };
    addFieldRow(form, tr("Cost &cap per run (USD)"), m_cap, m_capProblem, leftAligned(m_cap))->setMinimumWidth(150);
    form->addRow(QString(),
                 help(tr("Before a comparison runs, the estimate of all its columns is held to this cap, and a run "
                         "above it is refused with the figures: raise the cap here, lower Max output, or remove a "
                         "column. The estimate is each column's first call at the output it may write; a fallback "
                         "or a cascade escalation can add to it. A simulated run spends nothing and is not held "
                         "to the cap.")));
    addFieldRow(form, tr("Stream &idle timeout"), m_idle, nullptr, leftAligned(m_idle))->setMinimumWidth(150);
    form->addRow(QString(), help(tr("A stream that sends nothing for this long once it flows ends as timed out; "
                                    "what arrived before is kept and shown.")));
    layout->addWidget(box);

    // An amount is checked as it is typed and saved when the field is left or Enter pressed, so
    // none of the amounts on the way to it ("1" on the way to "10") is ever the cap.
    const auto parsed = [this](bool* ok) {
        const QString text = m_cap->text();
        auto cap = parseUsdField(text, ok);
        if (!*ok || (cap && *cap <= core::Money{})) {
            m_capProblem->setText(
                *ok ? tr("A cap must be above $0: leave the field empty for no cap")
                    : tr("\u201c%1\u201d is not a dollar amount: type a number such as 0.05 or $0.50, or leave the "
                         "field empty for no cap")
                          .arg(text.trimmed()));
            m_capProblem->show();
            *ok = false;
            return cap;
        }
        m_capProblem->hide();
        return cap;
    };
    connect(m_cap, &QLineEdit::textEdited, this, [parsed] {
        bool ok = false;
        (void)parsed(&ok);
    });
    connect(m_cap, &QLineEdit::editingFinished, this, [this, parsed] {
        bool ok = false;
        const auto cap = parsed(&ok);
        if (!ok) return;  // the refused text stays, with its reason; the cap stays what it was
        CompareRunSettings settings = CompareRunSettings::load();
        if (settings.maxRunCost == cap) return;
        settings.maxRunCost = cap;
        settings.save();
        emit changed();
    });
    connect(m_idle, &QSpinBox::valueChanged, this, [this](int seconds) {
        CompareRunSettings settings = CompareRunSettings::load();
        if (settings.streamIdle.count() == seconds) return;
        settings.streamIdle = std::chrono::seconds(seconds);
        settings.save();
        emit changed();
    });
    reload();
}

void CompareSettingsEditor::reload() {
    const CompareRunSettings settings = CompareRunSettings::load();
    if (!m_cap->hasFocus() || m_capProblem->isHidden()) m_cap->setText(usdFieldText(settings.maxRunCost));
    const QSignalBlocker block(m_idle);
    m_idle->setValue(static_cast<int>(settings.streamIdle.count()));
}

}  // namespace switchyard::ui
