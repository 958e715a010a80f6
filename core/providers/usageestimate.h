#pragma once
// Usage for a call whose provider never sent its usage block (a stream cut or ended without it,
// WIRE.md §1 "if the stream is interrupted, that usage chunk may never arrive"): counted with the
// routing engine's own token counter (core/policy/tokencounter.h over core/tokens), so the call is
// priced from counted tokens and marked estimated instead of being priced at zero.

#include <string_view>

#include "core/catalog/cost.h"
#include "core/request/request.h"

namespace switchyard::core {

// Input: the request's messages with the chat framing the engine counts (countRequestTokens).
// Output: the thinking and the answer text that arrived. `tokenizer` is the catalog's name for
// the model's tokenizer ("o200k_base", "cl100k_base": exact; anything else: bytes/4). No cache
// counts: only the provider can tell what its cache served.
Usage estimateUsage(const Request& request, std::string_view thinking, std::string_view text,
                    std::string_view tokenizer);
// The output part alone (for a usage whose input counts did arrive).
std::int64_t estimateOutputTokens(std::string_view thinking, std::string_view text, std::string_view tokenizer);

}  // namespace switchyard::core
