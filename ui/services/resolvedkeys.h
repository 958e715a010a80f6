#pragma once
// The keys of a run, looked up once on the GUI thread (the keychain answers there) and kept as
// given — a key, no key, or the problem that says where it was looked for — so the workers
// that call providers never reach back into the keychain object. Compare and Evaluate use it.

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/providers/keysource.h"

namespace switchyard::ui {

class ResolvedKeys final : public core::KeySource {
public:
    void resolve(const core::KeySource& source, const core::ProviderConfig& provider) {
        m_keys.insert_or_assign(provider.name, source.keyFor(provider));
    }
    [[nodiscard]] core::Result<std::string> keyFor(const core::ProviderConfig& provider) const override {
        const auto it = m_keys.find(provider.name);
        if (it != m_keys.end()) return it->second;
        return core::Problem{"", 0, 0, "", "no key was looked up for the provider \"" + provider.name + "\""};
    }

private:
    std::map<std::string, core::Result<std::string>> m_keys;
};

// The keys a run on `providers` (and the mock it is simulated with, if any) needs, from `keys`
// (the keychain) or, when there is none, from the environment.
inline std::shared_ptr<ResolvedKeys> resolveRunKeys(const core::KeySource* keys,
                                                    const std::vector<core::ProviderConfig>& providers,
                                                    const std::optional<core::ProviderConfig>& simulateWith) {
    auto resolved = std::make_shared<ResolvedKeys>();
    core::EnvKeySource environment;
    const core::KeySource& source = keys ? *keys : static_cast<const core::KeySource&>(environment);
    for (const core::ProviderConfig& provider : providers) resolved->resolve(source, provider);
    if (simulateWith) resolved->resolve(source, *simulateWith);
    return resolved;
}

}  // namespace switchyard::ui
