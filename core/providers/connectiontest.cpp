#include "core/providers/connectiontest.h"

#include <chrono>

namespace switchyard::core {

namespace {

std::string where(const ProviderConfig& provider) {
    return provider.baseUrl.empty() ? "the provider's default URL" : provider.baseUrl;
}

std::string milliseconds(std::chrono::microseconds us) { return std::to_string((us.count() + 500) / 1000) + " ms"; }

// The server's own words, without our "HTTP 401 from provider "x" (model): " prefix.
std::string detail(const CallResult& result) {
    const auto colon = result.message.find(": ");
    return colon == std::string::npos ? result.message : result.message.substr(colon + 2);
}

std::string keyHint(const ProviderConfig& provider) {
    if (!provider.keychainEntry.empty() && !provider.keyEnv.empty())
        return "check the key stored for it (keychain entry \"" + provider.keychainEntry + "\", else " +
               provider.keyEnv + ")";
    if (!provider.keychainEntry.empty())
        return "check the key stored in keychain entry \"" + provider.keychainEntry + "\"";
    if (!provider.keyEnv.empty()) return "check the key in " + provider.keyEnv;
    return "this provider names no key";
}

}  // namespace

std::optional<std::string> connectionTestModel(const ProviderConfig& provider, std::string* why) {
    if (!provider.models.empty()) return provider.models.front();
    if (provider.kind == "mock") return std::string("switchyard-connection-test");
    if (why)
        *why = "provider \"" + provider.name + "\" serves no model yet: add one of its models to test the connection";
    return std::nullopt;
}

CallSpec connectionTestSpec(const ProviderConfig& provider, const std::string& model) {
    CallSpec spec;
    spec.provider = provider;
    spec.model = model;
    spec.request.messages.push_back({"user", "Reply with the word ok."});
    // Anthropic requires max_tokens; a few tokens keep the call's cost negligible, and some
    // reasoning models refuse a limit of 1.
    spec.request.options.maxOutputTokens = 16;
    spec.stream = false;
    spec.retry.maxAttempts = 1;
    spec.timeouts.connect = std::chrono::seconds(5);
    spec.timeouts.firstByte = std::chrono::seconds(20);
    spec.timeouts.total = std::chrono::seconds(30);
    return spec;
}

std::string describeConnectionTest(const ProviderConfig& provider, const CallResult& result) {
    const std::string status = result.httpStatus > 0 ? "HTTP " + std::to_string(result.httpStatus) : std::string();
    switch (result.error) {
        case ErrorClass::none:
            return "Connected: " + result.model + " answered in " + milliseconds(result.latency) +
                   (result.simulated ? " (the simulated mock provider)." : ".");
        case ErrorClass::auth:
            if (result.httpStatus == 401)
                return "401 Unauthorized: the provider refused the key; " + keyHint(provider) + ".";
            if (result.httpStatus == 403)
                return "403 Forbidden: the key was accepted but may not use " + result.model + " (" + detail(result) +
                       ").";
            return "No key: " + result.message + ".";
        case ErrorClass::rate_limit:
            return "429 Too Many Requests: the key works, but the provider asks to slow down (" + detail(result) + ").";
        case ErrorClass::server:
            return (status.empty() ? std::string("Server error") : status) +
                   ": the provider failed on its side; try again later (" + detail(result) + ").";
        case ErrorClass::timeout:
            return "Timed out: " + where(provider) + " did not answer in time (" + result.message + ").";
        case ErrorClass::network:
            return "Unreachable: nothing answers at " + where(provider) + " (" + detail(result) + ")." +
                   (provider.kind == "mock" ? " Start the mock with `switchyard-cli mock`." : "");
        case ErrorClass::bad_response:
            return "Unexpected answer: " + where(provider) + " did not answer in the " + provider.kind +
                   " format; check the kind and the base URL (" + detail(result) + ").";
        case ErrorClass::invalid_request:
            if (result.httpStatus == 404)
                return "404 Not Found: check the base URL and that the provider serves " + result.model + " (" +
                       detail(result) + ").";
            return (status.empty() ? std::string("Refused") : status) + ": " + detail(result) + ".";
        case ErrorClass::cancelled:
            return "Cancelled.";
    }
    return result.message;
}

ConnectionTest testConnection(ProviderClient& client, const ProviderConfig& provider) {
    ConnectionTest test;
    std::string why;
    const auto model = connectionTestModel(provider, &why);
    if (!model) {
        test.summary = why;
        return test;
    }
    test.model = *model;
    test.result = client.call(connectionTestSpec(provider, *model));
    test.ok = test.result.ok();
    test.summary = describeConnectionTest(provider, test.result);
    return test;
}

}  // namespace switchyard::core
