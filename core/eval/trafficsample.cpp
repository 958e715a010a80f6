#include "core/eval/trafficsample.h"

#include <algorithm>
#include <random>

#include "core/eval/datasetitem.h"

namespace switchyard::core {

namespace {

struct Candidate {
    std::int64_t line = 0;
    DatasetItem item;
};

// A uniform reservoir of at most `capacity` candidates over everything offered.
struct Reservoir {
    std::vector<Candidate> kept;
    std::int64_t seen = 0;
    void offer(Candidate c, std::size_t capacity, std::mt19937_64& rng) {
        seen += 1;
        if (kept.size() < capacity) {
            kept.push_back(std::move(c));
            return;
        }
        const auto j = std::uniform_int_distribution<std::int64_t>(0, seen - 1)(rng);
        if (static_cast<std::size_t>(j) < capacity) kept[static_cast<std::size_t>(j)] = std::move(c);
    }
};

std::string stratumOf(const Request& r, const TrafficSampleOptions& o) {
    switch (o.strata) {
        case SampleStrata::None:
            return {};
        case SampleStrata::TaskType:
            return r.taskType;
        case SampleStrata::Endpoint:
            return r.endpoint;
        case SampleStrata::Tier:
            return o.policy ? o.policy->route(r).tier : std::string();
    }
    return {};
}

// Shares of `total` proportional to the strata's sizes, by largest remainder (ties: stratum name).
std::map<std::string, std::size_t> allocate(const std::map<std::string, Reservoir>& strata, std::size_t total) {
    std::int64_t all = 0;
    for (const auto& [name, r] : strata) all += r.seen;
    std::map<std::string, std::size_t> out;
    if (all == 0) return out;
    std::vector<std::pair<double, std::string>> remainders;
    std::size_t given = 0;
    for (const auto& [name, r] : strata) {
        const double exact = static_cast<double>(total) * static_cast<double>(r.seen) / static_cast<double>(all);
        const auto whole = std::min(static_cast<std::size_t>(exact), r.kept.size());
        out[name] = whole;
        given += whole;
        remainders.emplace_back(exact - static_cast<double>(whole), name);
    }
    std::stable_sort(remainders.begin(), remainders.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (const auto& [rest, name] : remainders) {
        if (given >= total) break;
        if (out[name] < strata.at(name).kept.size()) {
            out[name] += 1;
            given += 1;
        }
    }
    return out;
}

}  // namespace

Result<DatasetImport> sampleTrafficLog(const std::filesystem::path& path, const TrafficSampleOptions& options) {
    if (options.strata == SampleStrata::Tier && !options.policy)
        return Problem{path.string(), 0, 0, "", "sampling by tier needs the workspace's policy"};
    auto opened = TrafficSource::open(path, options.format, options.csvColumns);
    if (!opened) return opened.problems();
    TrafficSource& source = *opened;
    DatasetImport out;
    std::mt19937_64 rng(options.seed);
    std::map<std::string, Reservoir> strata;
    RecordParsers parsers;
    ChunkCounts counts;
    const std::string file = source.file();
    const std::function<bool(TrafficRecord&, std::int64_t)> onRecord = [&](TrafficRecord& rec, std::int64_t line) {
        if (rec.billingOnly) return true;
        out.lines += 1;
        Candidate c;
        c.line = line;
        ItemFields fields;
        fields.id = "line " + std::to_string(line);
        if (!rec.model.empty()) rec.request.metadata["logged_model"] = rec.model;
        const std::string stratum = stratumOf(rec.request, options);
        if (std::string why = makeDatasetItem(std::move(rec.request), std::move(fields), c.item); !why.empty()) {
            out.skipped += 1;
            if (out.problems.size() < options.maxProblemsKept)
                out.problems.push_back(Problem{file, static_cast<int>(line), 0, "", why});
            return true;
        }
        strata[stratum].offer(std::move(c), options.size, rng);
        return true;
    };
    TrafficChunk chunk;
    while (source.next(chunk, std::size_t{1} << 20))
        forEachRecord(chunk, source.layout(), source.csvParser(), parsers, counts, options.maxProblemsKept, file,
                      onRecord);
    out.lines += counts.malformed;
    out.skipped += counts.malformed;
    for (auto& p : counts.problems)
        if (out.problems.size() < options.maxProblemsKept) out.problems.push_back(std::move(p));

    std::vector<Candidate> chosen;
    for (auto& [name, share] : allocate(strata, options.size)) {
        auto& kept = strata[name].kept;
        std::shuffle(kept.begin(), kept.end(), rng);  // a uniform subset of a uniform reservoir
        for (std::size_t i = 0; i < share; ++i) chosen.push_back(std::move(kept[i]));
    }
    std::sort(chosen.begin(), chosen.end(), [](const Candidate& a, const Candidate& b) { return a.line < b.line; });
    for (auto& c : chosen) out.items.push_back(std::move(c.item));
    return out;
}

}  // namespace switchyard::core
