#pragma once
// A dataset from real traffic: a random or stratified sample of a traffic log's requests (the
// readers of core/simulate, so the same records, line numbers and problems as `simulate`).
// Random: a uniform reservoir sample. Stratified: the sample's share of each stratum (task
// type, endpoint, or the tier the policy routes to) matches the log's, by largest remainder,
// each stratum sampled uniformly. Items keep the record's line as their id and the logged model
// as metadata ("logged_model").

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "core/common/result.h"
#include "core/eval/datasetimport.h"
#include "core/policy/policy.h"
#include "core/simulate/trafficsource.h"

namespace switchyard::core {

enum class SampleStrata { None, TaskType, Endpoint, Tier };

struct TrafficSampleOptions {
    std::size_t size = 100;
    std::uint64_t seed = 1;
    SampleStrata strata = SampleStrata::None;
    const Policy* policy = nullptr;  // required for SampleStrata::Tier
    TrafficFormat format = TrafficFormat::Auto;
    std::map<std::string, std::string> csvColumns;
    std::size_t maxProblemsKept = 100;
};

// `lines` counts the log's records, `skipped` its malformed records and those with no prompt.
Result<DatasetImport> sampleTrafficLog(const std::filesystem::path& path, const TrafficSampleOptions& options);

}  // namespace switchyard::core
