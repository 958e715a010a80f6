#include "ui/app/exportdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QTimer>
#include <QVBoxLayout>

#include "core/common/files.h"
#include "core/policy/policy.h"
#include "ui/app/navigator.h"
#include "ui/app/userprompts.h"
#include "ui/document/workspacedocument.h"
#include "ui/jobs/jobrunner.h"
#include "ui/models/displayformat.h"

namespace switchyard::ui {
namespace {

constexpr int kPointerRole = Qt::UserRole + 1;

QString filesText(size_t n) { return n == 1 ? QObject::tr("1 file") : QObject::tr("%1 files").arg(n); }

QString sizeText(size_t bytes) {
    if (bytes < 1024) return QObject::tr("%1 bytes").arg(bytes);
    if (bytes < size_t{1024} * 1024) return QObject::tr("%1 KB").arg(static_cast<double>(bytes) / 1024.0, 0, 'f', 1);
    return QObject::tr("%1 MB").arg(static_cast<double>(bytes) / (1024.0 * 1024.0), 0, 'f', 1);
}

struct Preview {
    std::shared_ptr<const core::ExportResult> result;
    double milliseconds = 0;
};

}  // namespace

ExportDialog::ExportDialog(const Workbench& workbench, QWidget* parent)
    : QDialog(parent),
      m_workbench(workbench),
      m_format(new QComboBox(this)),
      m_formatHelp(new QLabel(this)),
      m_moduleLabel(nullptr),
      m_module(new QLineEdit(this)),
      m_files(new QListWidget(this)),
      m_preview(new QPlainTextEdit(this)),
      m_warningsTitle(new QLabel(this)),
      m_warnings(new QListWidget(this)),
      m_status(new QLabel(this)),
      m_save(nullptr),
      m_debounce(new QTimer(this)) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export for Production"));
    resize(1100, 720);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(20, 16, 20, 14);
    layout->setSpacing(10);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    for (const auto& e : core::exporters()) {
        m_format->addItem(toQString(e->name()), toQString(e->name()));
        m_format->setItemData(m_format->count() - 1, toQString(e->description()), Qt::ToolTipRole);
    }
    auto* formatLabel = new QLabel(tr("&Format:"), this);
    formatLabel->setBuddy(m_format);
    auto* formatRow = new QHBoxLayout;
    formatRow->addWidget(m_format);
    m_formatHelp->setObjectName(QStringLiteral("viewSubtitle"));
    m_formatHelp->setWordWrap(true);
    formatRow->addWidget(m_formatHelp, 1);
    form->addRow(formatLabel, formatRow);
    m_module->setObjectName(QStringLiteral("exportModule"));
    m_module->setText(toQString(core::ExportOptions{}.moduleName));
    m_module->setProperty("localUndo", true);  // its own text undo, not the workspace's
    m_module->setMaximumWidth(360);
    m_module->setToolTip(tr("The generated module's name: letters, digits and '_'"));
    m_moduleLabel = new QLabel(tr("&Module name:"), this);
    m_moduleLabel->setBuddy(m_module);
    form->addRow(m_moduleLabel, m_module);
    layout->addLayout(form);

    auto* split = new QSplitter(Qt::Horizontal, this);
    m_files->setObjectName(QStringLiteral("exportFiles"));
    m_files->setMinimumWidth(240);
    m_files->setAlternatingRowColors(true);
    m_files->setAccessibleName(tr("Exported files"));
    split->addWidget(m_files);
    m_preview->setObjectName(QStringLiteral("exportPreview"));
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setAccessibleName(tr("Preview of the selected file"));
    split->addWidget(m_preview);
    split->setStretchFactor(1, 1);
    split->setSizes({290, 810});
    layout->addWidget(split, 1);

    m_warningsTitle->setObjectName(QStringLiteral("exportWarningsTitle"));
    m_warningsTitle->setWordWrap(true);
    layout->addWidget(m_warningsTitle);
    m_warnings->setObjectName(QStringLiteral("exportWarnings"));
    m_warnings->setAccessibleName(tr("Export warnings"));
    m_warnings->setWordWrap(true);
    m_warnings->setAlternatingRowColors(true);
    m_warnings->setMaximumHeight(150);
    layout->addWidget(m_warnings);

    auto* bottom = new QHBoxLayout;
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bottom->addWidget(m_status, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_save = buttons->addButton(tr("&Save to Folder\u2026"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(QStringLiteral("exportSave"));
    m_save->setEnabled(false);
    m_save->setToolTip(tr("Write every file into a folder (Ctrl+S)"));
    bottom->addWidget(buttons);
    layout->addLayout(bottom);

    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_save, &QPushButton::clicked, this, &ExportDialog::save);
    auto* saveKey = new QShortcut(QKeySequence::Save, this);
    connect(saveKey, &QShortcut::activated, this, [this] {
        if (m_save->isEnabled()) save();
    });

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(120);
    connect(m_debounce, &QTimer::timeout, this, &ExportDialog::runExport);
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    connect(m_module, &QLineEdit::textEdited, this, &ExportDialog::scheduleExport);
    connect(m_files, &QListWidget::currentRowChanged, this, &ExportDialog::showFile);
    const auto jump = [this](QListWidgetItem* item) {
        const QString pointer = item ? item->data(kPointerRole).toString() : QString();
        if (!pointer.isEmpty() && m_workbench.navigator) m_workbench.navigator->navigate(pointer);
    };
    connect(m_warnings, &QListWidget::itemActivated, this, jump);
    connect(m_workbench.document, &WorkspaceDocument::changed, this, [this] {
        if (isVisible()) scheduleExport();
    });

    // The last format and module name used for this workspace.
    QSettings settings;
    const int remembered = m_format->findData(settings.value(settingsKey("format")).toString());
    if (remembered >= 0) m_format->setCurrentIndex(remembered);
    const QString module = settings.value(settingsKey("module")).toString();
    if (!module.isEmpty()) m_module->setText(module);
    formatChanged();
}

ExportDialog::~ExportDialog() = default;

QString ExportDialog::settingsKey(const char* what) const {
    const QString path = m_workbench.document->filePath();
    const QString id =
        path.isEmpty() ? QStringLiteral("untitled") : QString::number(qHash(QFileInfo(path).absoluteFilePath()), 16);
    return QStringLiteral("export/%1/%2").arg(id, QString::fromLatin1(what));
}

void ExportDialog::showEvent(QShowEvent* event) {
    QDialog::showEvent(event);
    scheduleExport();
}

void ExportDialog::formatChanged() {
    const auto exporter = core::findExporter(m_format->currentData().toString().toStdString());
    m_formatHelp->setText(exporter ? toQString(exporter->description()) : QString());
    const bool named = exporter && exporter->usesModuleName();
    m_module->setVisible(named);
    m_moduleLabel->setVisible(named);
    scheduleExport();
}

void ExportDialog::scheduleExport() {
    ++m_generation;  // what is running now is stale
    m_save->setEnabled(false);
    m_status->setText(tr("Exporting\u2026"));
    m_debounce->start();
}

void ExportDialog::runExport() {
    const auto exporter = core::findExporter(m_format->currentData().toString().toStdString());
    if (!exporter) return;
    const quint64 generation = m_generation;
    std::shared_ptr<const core::Workspace> snapshot = m_workbench.document->snapshot();
    core::ExportOptions options;
    if (exporter->usesModuleName()) options.moduleName = m_module->text().trimmed().toStdString();
    ++m_running;
    Job* job = m_workbench.jobs->start<Preview>(
        tr("Export as %1").arg(toQString(exporter->name())),
        [exporter, snapshot, options](JobControl&) -> core::Result<Preview> {
            QElapsedTimer clock;
            clock.start();
            auto policy = core::Policy::compile(*snapshot);
            if (!policy.ok()) return policy.problems();
            auto written = exporter->write(*policy, *snapshot, options);
            if (!written.ok()) return written.problems();
            return Preview{std::make_shared<const core::ExportResult>(std::move(written.value())),
                           static_cast<double>(clock.nsecsElapsed()) / 1e6};
        },
        [this, generation](Preview& p) {
            if (generation == m_generation) showResult(p.result, p.milliseconds);
        });
    connect(job, &Job::failed, this, [this, generation](const core::Problems& problems) {
        if (generation != m_generation) return;
        QStringList lines;
        for (const auto& p : problems) lines << toQString(p.pointer.empty() ? p.message : p.pointer + ": " + p.message);
        showFailure(tr("Cannot export: %1").arg(lines.join(QStringLiteral("; "))));
    });
    connect(job, &Job::ended, this, [this] { --m_running; });
}

void ExportDialog::showResult(std::shared_ptr<const core::ExportResult> result, double milliseconds) {
    const QString selected = m_files->currentItem() ? m_files->currentItem()->data(Qt::UserRole).toString() : QString();
    m_result = std::move(result);
    {
        const QSignalBlocker block(m_files);
        m_files->clear();
        int row = 0;
        for (size_t i = 0; i < m_result->files.size(); ++i) {
            const auto& f = m_result->files[i];
            auto* item = new QListWidgetItem(
                QStringLiteral("%1   %2").arg(toQString(f.name), sizeText(f.content.size())), m_files);
            item->setData(Qt::UserRole, toQString(f.name));
            if (toQString(f.name) == selected) row = static_cast<int>(i);
        }
        m_files->setCurrentRow(row);
    }
    showFile(m_files->currentRow());

    m_warnings->clear();
    for (const auto& w : m_result->warnings) {
        auto* item = new QListWidgetItem(toQString(w.message), m_warnings);
        item->setData(kPointerRole, toQString(w.pointer));
        item->setToolTip(w.pointer.empty()
                             ? tr("The whole workspace")
                             : tr("%1 \u2014 press Enter or double-click to open it").arg(toQString(w.pointer)));
    }
    m_warnings->setVisible(!m_result->warnings.empty());
    m_warningsTitle->setText(m_result->warnings.empty()
                                 ? tr("No warnings: this format expresses the whole policy as the engine decides it.")
                                 : tr("<b>%1</b>: what this format cannot express as the engine decides. "
                                      "Double-click one (or press Enter) to open the part of the workspace it names.")
                                       .arg(m_result->warnings.size() == 1
                                                ? tr("1 warning")
                                                : tr("%1 warnings").arg(m_result->warnings.size())));
    size_t bytes = 0;
    for (const auto& f : m_result->files) bytes += f.content.size();
    m_status->setText(tr("%1, %2, exported in %3 ms.")
                          .arg(filesText(m_result->files.size()), sizeText(bytes))
                          .arg(milliseconds, 0, 'f', 1));
    m_save->setEnabled(true);
    QSettings settings;
    settings.setValue(settingsKey("format"), m_format->currentData());
    if (m_module->isVisible()) settings.setValue(settingsKey("module"), m_module->text().trimmed());
    emit previewUpdated();
}

void ExportDialog::showFailure(const QString& text) {
    m_result.reset();
    m_files->clear();
    m_preview->clear();
    m_warnings->clear();
    m_warnings->setVisible(false);
    m_warningsTitle->clear();
    m_status->setText(QStringLiteral("<span style=\"color:#b3261e\">%1</span>").arg(text.toHtmlEscaped()));
    m_save->setEnabled(false);
    emit previewUpdated();
}

void ExportDialog::showFile(int row) {
    if (!m_result || row < 0 || static_cast<size_t>(row) >= m_result->files.size()) {
        m_preview->clear();
        return;
    }
    m_preview->setPlainText(toQString(m_result->files[static_cast<size_t>(row)].content));
}

void ExportDialog::save() {
    QSettings settings;
    QString start = settings.value(settingsKey("folder")).toString();
    if (start.isEmpty() && !m_workbench.document->filePath().isEmpty())
        start = QFileInfo(m_workbench.document->filePath()).absolutePath();
    const QString folder = m_workbench.prompts->chooseExportFolder(this, start);
    if (!folder.isEmpty()) saveTo(folder);
}

void ExportDialog::saveTo(const QString& folder) {
    if (!m_result) return;
    const auto result = m_result;
    const std::filesystem::path dir = folder.toStdString();
    ++m_running;
    m_save->setEnabled(false);
    m_status->setText(tr("Saving to %1\u2026").arg(QDir::toNativeSeparators(folder)));
    Job* job = m_workbench.jobs->start<int>(
        tr("Save the export"),
        [result, dir](JobControl&) -> core::Result<int> {
            std::error_code error;
            std::filesystem::create_directories(dir, error);
            for (const auto& f : result->files)
                if (auto written = core::writeFileAtomically(dir / f.name, f.content); !written.ok())
                    return written.problems();
            return static_cast<int>(result->files.size());
        },
        [this, folder](int& count) {
            QSettings().setValue(settingsKey("folder"), folder);
            m_status->setText(
                tr("Saved %1 to %2.").arg(filesText(static_cast<size_t>(count)), QDir::toNativeSeparators(folder)));
            emit saved(folder, true);
        });
    connect(job, &Job::failed, this, [this, folder](const core::Problems& problems) {
        m_status->setText(QStringLiteral("<span style=\"color:#b3261e\">%1</span>")
                              .arg(tr("Saving stopped, the files before this one were written: %1")
                                       .arg(toQString(core::formatProblems(problems)))
                                       .toHtmlEscaped()));
        emit saved(folder, false);
    });
    connect(job, &Job::ended, this, [this] {
        --m_running;
        m_save->setEnabled(m_result != nullptr);
    });
}

}  // namespace switchyard::ui
