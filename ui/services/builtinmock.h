#pragma once
// The offline demo's provider: core's loopback mock, started by the app itself on a free port
// the first time a simulated comparison needs it, and stopped with the app. No
// `switchyard-cli mock &` needed. Its answers start with "[simulated <model>]" and stream at a
// readable pace.

#include <memory>
#include <string>

#include "core/common/result.h"

namespace switchyard::core {
class MockServer;
}

namespace switchyard::ui {

class BuiltInMock final {
public:
    BuiltInMock();
    ~BuiltInMock();
    BuiltInMock(const BuiltInMock&) = delete;
    BuiltInMock& operator=(const BuiltInMock&) = delete;

    // "http://127.0.0.1:PORT", starting the server if it is not running yet.
    core::Result<std::string> baseUrl();
    [[nodiscard]] bool isRunning() const { return m_running; }

private:
    std::unique_ptr<core::MockServer> m_server;
    bool m_running = false;
};

}  // namespace switchyard::ui
