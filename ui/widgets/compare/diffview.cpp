#include "ui/widgets/compare/diffview.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace switchyard::ui {

namespace {
QString escaped(const std::string& text) {
    return QString::fromStdString(text).toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>"));
}
}  // namespace

DiffView::DiffView(QWidget* parent)
    : QFrame(parent),
      m_first(new QComboBox(this)),
      m_second(new QComboBox(this)),
      m_only(new QCheckBox(tr("Only differences"), this)),
      m_view(new QTextBrowser(this)) {
    setObjectName(QStringLiteral("diffView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 6, 20, 10);
    layout->setSpacing(6);
    auto* row = new QHBoxLayout;
    auto* title = new QLabel(tr("Word diff"), this);
    title->setObjectName(QStringLiteral("sectionHeading"));
    m_first->setObjectName(QStringLiteral("diffFirst"));
    m_second->setObjectName(QStringLiteral("diffSecond"));
    m_first->setAccessibleName(tr("First answer of the diff"));
    m_second->setAccessibleName(tr("Second answer of the diff"));
    for (QComboBox* box : {m_first, m_second}) box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_only->setObjectName(QStringLiteral("diffOnlyDifferences"));
    row->addWidget(title);
    row->addWidget(m_first);
    row->addWidget(new QLabel(QStringLiteral("\u2192"), this));
    row->addWidget(m_second);
    row->addSpacing(12);
    row->addWidget(m_only);
    row->addStretch(1);
    auto* legend = new QLabel(
        tr("<span style='background:#fdecea;color:#8c1d18;text-decoration:line-through'>only in the first</span>"
           "&nbsp;&nbsp;<span style='background:#e3f4e8;color:#1e6b34'>only in the second</span>"),
        this);
    row->addWidget(legend);
    layout->addLayout(row);
    m_view->setObjectName(QStringLiteral("diffText"));
    m_view->setOpenLinks(false);
    layout->addWidget(m_view, 1);
    connect(m_first, &QComboBox::currentIndexChanged, this, &DiffView::refresh);
    connect(m_second, &QComboBox::currentIndexChanged, this, &DiffView::refresh);
    connect(m_only, &QCheckBox::toggled, this, &DiffView::refresh);
}

void DiffView::setAnswers(const QStringList& names, const QStringList& answers) {
    m_answers = answers;
    const int first = m_first->currentIndex();
    const int second = m_second->currentIndex();
    for (QComboBox* box : {m_first, m_second}) {
        const QSignalBlocker block(box);
        box->clear();
        box->addItems(names);
    }
    const int n = static_cast<int>(names.size());
    m_first->setCurrentIndex(first >= 0 && first < n ? first : 0);
    m_second->setCurrentIndex(second >= 0 && second < n && second != m_first->currentIndex() ? second
                                                                                             : (n > 1 ? 1 : 0));
    refresh();
}

void DiffView::setPair(int first, int second) {
    const QSignalBlocker block(m_first);
    m_first->setCurrentIndex(first);
    m_second->setCurrentIndex(second);
    refresh();
}

void DiffView::setOnlyDifferences(bool only) { m_only->setChecked(only); }

void DiffView::refresh() {
    const int a = m_first->currentIndex();
    const int b = m_second->currentIndex();
    m_pieces.clear();
    if (a < 0 || b < 0 || a >= m_answers.size() || b >= m_answers.size()) {
        m_view->clear();
        return;
    }
    m_pieces = core::wordDiff(m_answers[a].toStdString(), m_answers[b].toStdString());
    QString html;
    for (const core::DiffPiece& p : m_pieces) {
        switch (p.kind) {
            case core::DiffPiece::Kind::Same:
                html += m_only->isChecked() ? QStringLiteral("<span style='color:#8a94a3'> \u2026 </span>")
                                            : escaped(p.text);
                break;
            case core::DiffPiece::Kind::Removed:
                html += QStringLiteral(
                            "<span style='background:#fdecea;color:#8c1d18;text-decoration:line-through'>%1</span>")
                            .arg(escaped(p.text));
                break;
            case core::DiffPiece::Kind::Added:
                html += QStringLiteral("<span style='background:#e3f4e8;color:#1e6b34'>%1</span>").arg(escaped(p.text));
                break;
        }
    }
    if (m_pieces.size() == 1 && m_pieces.front().kind == core::DiffPiece::Kind::Same)
        html = tr("<i>The two answers are the same.</i>");
    m_view->setHtml(html);
}

QString DiffView::shownText() const { return m_view->toPlainText(); }

}  // namespace switchyard::ui
