#pragma once
// A dataset item from a request and the fields around it, the one place that decides what an
// item holds (shared by the JSONL and CSV readers and the traffic sampler), and back: the
// request an item asks.

#include <string>
#include <vector>

#include "core/request/request.h"
#include "core/store/records.h"

namespace switchyard::core {

struct ItemFields {
    std::string id;  // empty: the caller gives one (the line number)
    std::string expected;
    std::vector<std::string> tags;
};

// Fills `item` from `request`; returns why the request cannot be an item (no prompt), or empty.
std::string makeDatasetItem(Request request, ItemFields fields, DatasetItem& item);

// The request an item asks: its stored request, else its prompt as one user message.
Request requestOfItem(const DatasetItem& item);

}  // namespace switchyard::core
