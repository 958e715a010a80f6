#pragma once
// Shared by the store tests: a temporary folder removed at the end, and small record builders.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/store/records.h"

namespace switchyard::core::testing {

class TempDir final {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "switchyard-store-XXXXXX").string();
        if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::permissions(m_path, std::filesystem::perms::owner_all, ec);
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return m_path; }
    [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return m_path / name; }

private:
    std::filesystem::path m_path;
};

inline Money usd(const char* decimal) { return *Money::parseUsd(decimal); }

inline ResponseRecord response(const char* model, const char* cost, std::int64_t latencyMs) {
    ResponseRecord r;
    r.model = model;
    r.provider = "test";
    r.text = std::string("answer from ") + model;
    r.tokensIn = 100;
    r.tokensOut = 20;
    r.cost = usd(cost);
    r.latencyMs = latencyMs;
    r.finishReason = "stop";
    return r;
}

inline RequestRecord request(std::int64_t runId, std::int64_t atMs, const char* tier, const char* model,
                             const char* baseline) {
    RequestRecord q;
    q.runId = runId;
    q.createdAtMs = atMs;
    q.prompt = "prompt";
    q.metadataJson = R"({"task":"test"})";
    q.decision.tier = tier;
    q.decision.model = model;
    q.decision.rule = "rule";
    q.baselineCost = usd(baseline);
    return q;
}

}  // namespace switchyard::core::testing
