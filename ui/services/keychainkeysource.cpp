#include "ui/services/keychainkeysource.h"

#include <qt6keychain/keychain.h>

namespace switchyard::ui {

namespace {

// Read by probe(); nothing ever writes it, so a working keychain answers "not found".
const QString kProbeEntry = QStringLiteral("switchyard-keychain-probe");

// Jobs have no parent and delete themselves once finished: libsecret answers asynchronously and
// calls into the job, so a job deleted with its owner while a call is pending crashes the app
// (seen when a window closed during the keychain probe). The finished connections use the key
// source as context, so they end with it.
template <class JobType>
JobType* newJob(const QString& service, const QString& entry, QObject* parent) {
    auto* job = new JobType(service, parent);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);  // never a key in plain text in QSettings
    job->setKey(entry);
    return job;
}

}  // namespace

QString maskKey(const std::string& key) {
    QString dots = QStringLiteral("\u2022\u2022\u2022\u2022");
    if (key.size() < 12) return dots;
    return dots + QString::fromStdString(key.substr(key.size() - 4));
}

KeychainKeySource::KeychainKeySource(QString service, QObject* parent)
    : QObject(parent), m_service(std::move(service)) {}

void KeychainKeySource::setAvailability(Availability availability, const QString& reason) {
    if (availability == m_availability && reason == m_unavailableReason) return;
    m_availability = availability;
    m_unavailableReason = reason;
    emit availabilityChanged();
}

void KeychainKeySource::probe() {
    if (m_probing) return;
    m_probing = true;
    auto* job = newJob<QKeychain::ReadPasswordJob>(m_service, kProbeEntry, nullptr);
    connect(job, &QKeychain::Job::finished, this, [this](QKeychain::Job* done) {
        m_probing = false;
        const QKeychain::Error error = done->error();
        if (error == QKeychain::NoError || error == QKeychain::EntryNotFound)
            setAvailability(Availability::Available, {});
        else
            setAvailability(Availability::Unavailable, done->errorString());
    });
    job->start();
}

void KeychainKeySource::load(const QString& entry) {
    if (entry.isEmpty()) return;
    auto* job = newJob<QKeychain::ReadPasswordJob>(m_service, entry, nullptr);
    const int writes = m_writes[entry];
    connect(job, &QKeychain::Job::finished, this, [this, entry, writes](QKeychain::Job* done) {
        const auto* read = static_cast<QKeychain::ReadPasswordJob*>(done);
        const std::string name = entry.toStdString();
        {
            std::lock_guard lock(m_mutex);
            m_loaded.insert(name);
            if (writes != m_writes[entry]) {
                // A store or forget came after this read began: what it read is stale.
            } else if (done->error() == QKeychain::NoError && !read->textData().isEmpty())
                m_keys[name] = read->textData().toStdString();
            else
                m_keys.erase(name);
        }
        const QKeychain::Error error = done->error();
        if (error != QKeychain::NoError && error != QKeychain::EntryNotFound) {
            setAvailability(Availability::Unavailable, done->errorString());
            emit failed(entry, done->errorString());
        } else {
            setAvailability(Availability::Available, {});
        }
        emit keyChanged(entry);
    });
    job->start();
}

void KeychainKeySource::store(const QString& entry, const QString& key) {
    if (entry.isEmpty() || key.isEmpty()) return;
    ++m_writes[entry];
    auto* job = newJob<QKeychain::WritePasswordJob>(m_service, entry, nullptr);
    job->setTextData(key);
    // The key is copied into the job; it reaches memory here only once the keychain took it.
    connect(job, &QKeychain::Job::finished, this, [this, entry, value = key.toStdString()](QKeychain::Job* done) {
        if (done->error() != QKeychain::NoError) {
            if (done->error() == QKeychain::NoBackendAvailable || done->error() == QKeychain::OtherError)
                setAvailability(Availability::Unavailable, done->errorString());
            emit failed(entry, done->errorString());
            return;
        }
        {
            std::lock_guard lock(m_mutex);
            m_loaded.insert(entry.toStdString());
            m_keys[entry.toStdString()] = value;
        }
        setAvailability(Availability::Available, {});
        emit keyChanged(entry);
    });
    job->start();
}

void KeychainKeySource::forget(const QString& entry) {
    if (entry.isEmpty()) return;
    ++m_writes[entry];
    auto* job = newJob<QKeychain::DeletePasswordJob>(m_service, entry, nullptr);
    connect(job, &QKeychain::Job::finished, this, [this, entry](QKeychain::Job* done) {
        if (done->error() != QKeychain::NoError && done->error() != QKeychain::EntryNotFound) {
            emit failed(entry, done->errorString());
            return;
        }
        {
            std::lock_guard lock(m_mutex);
            m_keys.erase(entry.toStdString());
        }
        emit keyChanged(entry);
    });
    job->start();
}

bool KeychainKeySource::loaded(const QString& entry) const {
    std::lock_guard lock(m_mutex);
    return m_loaded.count(entry.toStdString()) != 0;
}

QString KeychainKeySource::maskedKey(const QString& entry) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_keys.find(entry.toStdString());
    return it == m_keys.end() ? QString() : maskKey(it->second);
}

core::Result<std::string> KeychainKeySource::keyFor(const core::ProviderConfig& provider) const {
    if (!provider.keychainEntry.empty()) {
        std::lock_guard lock(m_mutex);
        const auto it = m_keys.find(provider.keychainEntry);
        if (it != m_keys.end()) return it->second;
    }
    core::Result<std::string> fromEnvironment = m_environment.keyFor(provider);
    if (fromEnvironment || provider.keychainEntry.empty()) return fromEnvironment;
    std::string message = "the API key for provider \"" + provider.name +
                          "\" is missing: store one in keychain entry \"" + provider.keychainEntry +
                          "\" on the Settings page";
    if (!provider.keyEnv.empty()) message += " or set the environment variable " + provider.keyEnv;
    return core::Problem{"", 0, 0, "", message};
}

}  // namespace switchyard::ui
