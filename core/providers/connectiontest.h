#pragma once
// "Test connection": one tiny call to a provider, so a user learns whether its base URL, key and
// model work before any traffic depends on them, and the outcome in words a user acts on
// ("401: the provider refused the key …", "unreachable: nothing answers at …").
//
// The call asks for a handful of output tokens, is not streamed and is not retried (a retry
// would hide the first failure's cause and triple the wait), and gives up sooner than a real
// call: a test that hangs for ten minutes tells nothing.

#include <optional>
#include <string>

#include "core/providers/callresult.h"
#include "core/providers/providerclient.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct ConnectionTest {
    bool ok = false;
    std::string model;    // the model the call named
    std::string summary;  // one sentence for the user; never contains a key
    CallResult result;
};

// The model a test call names: the provider's first model; any name for the mock (it answers
// every model). Nullopt, with the reason in `why`, for a provider that serves no model yet.
std::optional<std::string> connectionTestModel(const ProviderConfig& provider, std::string* why = nullptr);

CallSpec connectionTestSpec(const ProviderConfig& provider, const std::string& model);

// The outcome of a test call in words, by what went wrong: the HTTP status and what it means for
// this provider's settings, the host that could not be reached, the timeout that expired.
std::string describeConnectionTest(const ProviderConfig& provider, const CallResult& result);

// Makes the call and describes it. Blocks: call it on a worker, never on a GUI thread.
ConnectionTest testConnection(ProviderClient& client, const ProviderConfig& provider);

}  // namespace switchyard::core
