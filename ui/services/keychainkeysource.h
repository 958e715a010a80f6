#pragma once
// The GUI's source of API keys: keys the user entered once, kept in the system keychain through
// QtKeychain (the Secret Service on Linux, the macOS Keychain, the Windows Credential Store),
// and, for a provider whose keychain entry holds none, the environment variable it names.
//
// The keychain answers asynchronously (it may even ask the user to unlock it), so nothing here
// waits for it: load() and store() start a keychain job and report through signals on the GUI
// thread, and keyFor() — called by core's ProviderClient on any thread when a call starts —
// answers from the keys read so far, then from the environment.
//
// Keys are held only in this object's memory. They never go to the workspace, QSettings, a log
// line or a message: a page shows a key only as maskKey() gives it. QtKeychain's "insecure
// fallback" (plain text in QSettings when no keychain runs) stays off: then the page says that
// no keychain service runs, and keys come from the environment.

#include <QObject>
#include <QString>
#include <map>
#include <mutex>
#include <set>
#include <string>

#include "core/providers/keysource.h"

namespace switchyard::ui {

// "••••" and the key's last four characters; only the dots for a key too short to hide its rest.
QString maskKey(const std::string& key);

class KeychainKeySource final : public QObject, public core::KeySource {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeychainKeySource)

public:
    enum class Availability { Unknown, Available, Unavailable };

    // `service` groups Switchyard's entries in the keychain ("Switchyard").
    explicit KeychainKeySource(QString service = QStringLiteral("Switchyard"), QObject* parent = nullptr);

    [[nodiscard]] const QString& service() const { return m_service; }
    // Asks the keychain whether it answers (reading an entry nobody writes); availabilityChanged
    // follows. Until then availability() is Unknown.
    void probe();
    [[nodiscard]] Availability availability() const { return m_availability; }
    // Why the keychain cannot be used, in the keychain's own words; empty while it can.
    [[nodiscard]] const QString& unavailableReason() const { return m_unavailableReason; }

    // Reads an entry into memory; keyChanged(entry) follows (also when the entry holds nothing).
    void load(const QString& entry);
    // Writes a key to an entry; keyChanged(entry) on success, failed(entry, message) otherwise.
    void store(const QString& entry, const QString& key);
    // Deletes an entry from the keychain and from memory; keyChanged(entry) follows.
    void forget(const QString& entry);

    // Whether load() has answered for the entry (whatever it found).
    [[nodiscard]] bool loaded(const QString& entry) const;
    // The key held for an entry, masked; empty when none is held.
    [[nodiscard]] QString maskedKey(const QString& entry) const;

    // From the provider's keychain entry when it holds a key, else from its environment
    // variable (core::EnvKeySource). Thread-safe.
    [[nodiscard]] core::Result<std::string> keyFor(const core::ProviderConfig& provider) const override;

signals:
    void availabilityChanged();
    void keyChanged(const QString& entry);
    void failed(const QString& entry, const QString& message);

private:
    void setAvailability(Availability availability, const QString& reason);

    QString m_service;
    Availability m_availability = Availability::Unknown;
    QString m_unavailableReason;
    bool m_probing = false;
    mutable std::mutex m_mutex;
    std::map<std::string, std::string> m_keys;  // entry -> key; guarded by m_mutex
    std::set<std::string> m_loaded;             // entries read; guarded by m_mutex
    // Bumped by store() and forget(): a read that started before them answers too late to count.
    std::map<QString, int> m_writes;
    core::EnvKeySource m_environment;
};

}  // namespace switchyard::ui
