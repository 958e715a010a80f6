#include "ui/pages/settingspage.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/app/navigator.h"
#include "ui/commands/workspacecommands.h"
#include "ui/document/workspacedocument.h"
#include "ui/models/displayformat.h"
#include "ui/services/keychainkeysource.h"
#include "ui/widgets/comparesettingseditor.h"
#include "ui/widgets/leverseditor.h"
#include "ui/widgets/providereditor.h"
#include "ui/widgets/simulationsettingseditor.h"
#include "ui/widgets/viewheader.h"

namespace switchyard::ui {

SettingsPage::SettingsPage(const Workbench& workbench, QWidget* parent)
    : Page(parent),
      m_workbench(workbench),
      m_keys(workbench.keys),
      m_keychainStatus(new QLabel(this)),
      m_providers(new QListWidget(this)),
      m_add(new QPushButton(tr("Add provider"), this)),
      m_remove(new QPushButton(tr("Remove"), this)),
      m_listProblem(new QLabel(this)),
      m_editor(new ProviderEditor(workbench, this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)),
      m_tabs(new QTabWidget(this)),
      m_simulation(new SimulationSettingsEditor(workbench, this)),
      m_compare(new CompareSettingsEditor(this)) {
    setObjectName(QStringLiteral("settingsPage"));
    m_keychainStatus->setObjectName(QStringLiteral("keychainStatus"));
    m_keychainStatus->setWordWrap(true);
    m_keychainStatus->setTextFormat(Qt::PlainText);
    m_providers->setObjectName(QStringLiteral("providerList"));
    m_add->setObjectName(QStringLiteral("addProviderButton"));
    m_remove->setObjectName(QStringLiteral("removeProviderButton"));
    m_listProblem->setObjectName(QStringLiteral("fieldProblem"));
    m_listProblem->setWordWrap(true);
    m_listProblem->hide();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(new ViewHeader(tr("Settings"),
                                     tr("Providers, their API keys and a connection test for each; the sample traffic "
                                        "that live costing decides; the cost cap of a comparison."),
                                     this));

    QTabWidget* tabs = m_tabs;
    tabs->setObjectName(QStringLiteral("settingsTabs"));
    tabs->setDocumentMode(true);

    auto* providersTab = new QWidget(tabs);
    auto* providersLayout = new QVBoxLayout(providersTab);
    providersLayout->setContentsMargins(24, 14, 24, 14);
    providersLayout->setSpacing(10);
    providersLayout->addWidget(m_keychainStatus);

    auto* left = new QWidget(m_splitter);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 12, 0);
    auto* listHeading = new QLabel(tr("Providers"), left);
    listHeading->setObjectName(QStringLiteral("sectionHeading"));
    leftLayout->addWidget(listHeading);
    leftLayout->addWidget(m_providers, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    leftLayout->addLayout(buttons);
    leftLayout->addWidget(m_listProblem);

    auto* scroll = new QScrollArea(m_splitter);
    scroll->setObjectName(QStringLiteral("providerScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* editorHolder = new QWidget(scroll);
    auto* editorLayout = new QVBoxLayout(editorHolder);
    editorLayout->setContentsMargins(12, 0, 4, 0);
    editorLayout->addWidget(m_editor);
    scroll->setWidget(editorHolder);

    m_splitter->addWidget(left);
    m_splitter->addWidget(scroll);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({280, 900});
    m_splitter->setChildrenCollapsible(false);
    providersLayout->addWidget(m_splitter, 1);
    tabs->addTab(providersTab, tr("Providers and keys"));

    auto* simulationScroll = new QScrollArea(tabs);
    simulationScroll->setObjectName(QStringLiteral("simulationScroll"));
    simulationScroll->setWidgetResizable(true);
    simulationScroll->setFrameShape(QFrame::NoFrame);
    auto* simulationHolder = new QWidget(simulationScroll);
    auto* simulationLayout = new QVBoxLayout(simulationHolder);
    simulationLayout->setContentsMargins(24, 14, 24, 14);
    m_simulation->setMaximumWidth(900);
    simulationLayout->addWidget(m_simulation);
    auto* levers = new LeversEditor(workbench, simulationHolder);
    levers->setMaximumWidth(900);
    simulationLayout->addWidget(levers);
    simulationLayout->addStretch(1);
    simulationScroll->setWidget(simulationHolder);
    tabs->addTab(simulationScroll, tr("Sample traffic and projection"));
    m_simulationTab = simulationScroll;

    auto* compareTab = new QWidget(tabs);
    compareTab->setObjectName(QStringLiteral("compareSettingsTab"));
    auto* compareLayout = new QVBoxLayout(compareTab);
    compareLayout->setContentsMargins(24, 14, 24, 14);
    m_compare->setMaximumWidth(900);
    compareLayout->addWidget(m_compare);
    compareLayout->addStretch(1);
    tabs->addTab(compareTab, tr("Compare"));
    layout->addWidget(tabs, 1);

    connect(m_providers, &QListWidget::currentRowChanged, this, [this](int row) {
        m_editor->showProvider(row);
        m_remove->setEnabled(row >= 0);
    });
    connect(m_add, &QPushButton::clicked, this, &SettingsPage::addProvider);
    connect(m_remove, &QPushButton::clicked, this, &SettingsPage::removeProvider);
    connect(m_workbench.document, &WorkspaceDocument::changed, this, &SettingsPage::workspaceChanged);
    connect(m_keys, &KeychainKeySource::availabilityChanged, this, &SettingsPage::refreshKeychainStatus);
    setTabOrder(m_providers, m_add);
    setTabOrder(m_add, m_remove);
    setTabOrder(m_remove, m_editor);

    if (m_workbench.navigator) {
        m_workbench.navigator->addTarget(this, QStringLiteral("/providers"), [this](const QString& pointer) {
            bool ok = false;
            const int row = Navigator::split(pointer).value(1).toInt(&ok);
            m_tabs->setCurrentIndex(0);
            if (ok && row >= 0 && row < m_providers->count()) m_providers->setCurrentRow(row);
        });
        m_workbench.navigator->addTarget(this, QStringLiteral("/simulation"),
                                         [this](const QString&) { showSimulationSettings(); });
    }

    rebuildProviderList();
    refreshKeychainStatus();
    m_keys->probe();
}

QString SettingsPage::keychainStatus() const { return m_keychainStatus->text(); }

void SettingsPage::refreshKeychainStatus() {
    switch (m_keys->availability()) {
        case KeychainKeySource::Availability::Unknown:
            m_keychainStatus->setText(tr("Asking the system keychain\u2026"));
            break;
        case KeychainKeySource::Availability::Available:
            m_keychainStatus->setToolTip({});
            m_keychainStatus->setText(
                tr("API keys you enter are kept in the system keychain (service \u201c%1\u201d); the "
                   "workspace file names only the entry. A provider without a stored key uses the "
                   "environment variable it names.")
                    .arg(m_keys->service()));
            break;
        case KeychainKeySource::Availability::Unavailable:
            m_keychainStatus->setText(
                tr("No keychain service (Secret Service) is running here, so keys cannot be stored. Each "
                   "provider uses the environment variable it names: set it before starting Switchyard."));
            m_keychainStatus->setToolTip(tr("The keychain said: %1").arg(m_keys->unavailableReason()));
            break;
    }
    m_keychainStatus->setProperty("warning", m_keys->availability() == KeychainKeySource::Availability::Unavailable);
    m_keychainStatus->style()->unpolish(m_keychainStatus);
    m_keychainStatus->style()->polish(m_keychainStatus);
}

void SettingsPage::workspaceChanged(const WorkspaceChange& change) {
    if (!change.touches(WorkspaceField::Providers | WorkspaceField::Catalog)) return;
    int row = m_providers->currentRow();
    if (change.kind == WorkspaceChange::Kind::ProviderInserted) row = change.row;
    rebuildProviderList();
    const int count = m_providers->count();
    m_providers->setCurrentRow(count == 0 ? -1 : std::clamp(row, 0, count - 1));
    m_editor->showProvider(m_providers->currentRow());
}

void SettingsPage::rebuildProviderList() {
    const QSignalBlocker blocker(m_providers);
    const int row = m_providers->currentRow();
    m_providers->clear();
    for (const core::ProviderConfig& provider : m_workbench.document->workspace().providers) {
        auto* item = new QListWidgetItem(toQString(provider.name), m_providers);
        item->setToolTip(tr("%1 \u00b7 %2")
                             .arg(toQString(provider.kind),
                                  provider.baseUrl.empty() ? tr("default URL") : toQString(provider.baseUrl)));
        item->setSizeHint(QSize(0, 30));
    }
    const int count = m_providers->count();
    m_providers->setCurrentRow(count == 0 ? -1 : std::clamp(row < 0 ? 0 : row, 0, count - 1));
    m_remove->setEnabled(m_providers->currentRow() >= 0);
    m_editor->showProvider(m_providers->currentRow());
}

void SettingsPage::addProvider() {
    const auto& providers = m_workbench.document->workspace().providers;
    std::string name = "new-provider";
    for (int n = 2; std::any_of(providers.begin(), providers.end(), [&](const auto& p) { return p.name == name; }); ++n)
        name = "new-provider-" + std::to_string(n);
    core::ProviderConfig provider;
    provider.name = name;
    provider.kind = "openai-compatible";
    const core::Status status = m_workbench.commands->insertProvider(static_cast<int>(providers.size()), provider);
    m_listProblem->setVisible(!status);
    if (!status) m_listProblem->setText(QString::fromStdString(status.problem().message));
}

void SettingsPage::removeProvider() {
    const int row = m_providers->currentRow();
    if (row < 0) return;
    const core::Status status = m_workbench.commands->removeProvider(row);
    m_listProblem->setVisible(!status);
    if (!status) m_listProblem->setText(QString::fromStdString(status.problem().message));
}

bool SettingsPage::deleteSelection() {
    if (!m_providers->hasFocus() || m_providers->currentRow() < 0) return false;
    removeProvider();
    return true;
}

void SettingsPage::saveState(QSettings& settings) const {
    settings.setValue(QStringLiteral("splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("provider"), m_providers->currentRow());
    settings.setValue(QStringLiteral("tab"), m_tabs->currentIndex());
}

void SettingsPage::restoreState(const QSettings& settings) {
    m_splitter->restoreState(settings.value(QStringLiteral("splitter")).toByteArray());
    const int row = settings.value(QStringLiteral("provider"), 0).toInt();
    if (row >= 0 && row < m_providers->count()) m_providers->setCurrentRow(row);
    m_tabs->setCurrentIndex(std::clamp(settings.value(QStringLiteral("tab"), 0).toInt(), 0, m_tabs->count() - 1));
}

void SettingsPage::showSimulationSettings() { m_tabs->setCurrentWidget(m_simulationTab); }

}  // namespace switchyard::ui
