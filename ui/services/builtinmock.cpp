#include "ui/services/builtinmock.h"

#include "core/providers/mockserver.h"

namespace switchyard::ui {

namespace {
// A pace a person can watch: a quarter second to the first token, then about 60 tokens a second.
core::MockConfig demoPace() {
    core::MockConfig config;
    config.ttft = std::chrono::milliseconds(250);
    config.tokensPerSecond = 60;
    config.outputTokens = 90;
    return config;
}
}  // namespace

BuiltInMock::BuiltInMock() = default;
BuiltInMock::~BuiltInMock() = default;

core::Result<std::string> BuiltInMock::baseUrl() {
    if (!m_running) {
        m_server = std::make_unique<core::MockServer>(demoPace());
        if (core::Status s = m_server->start(0); !s) {
            m_server.reset();
            return s.problems();
        }
        m_running = true;
    }
    return m_server->baseUrl();
}

}  // namespace switchyard::ui
