// The policy JSON's "levers" section: prompt caching, batch and the output cap.
#include "core/workspace/policyspecjson.h"

namespace switchyard::core::policyjson {
namespace {

std::vector<std::string> readGlobList(JsonReader& r, const json& obj, const std::string& ptr, const char* key) {
    std::vector<std::string> out;
    const json* list = r.array(obj, ptr, key, false);
    if (!list) return out;
    for (size_t i = 0; i < list->size(); ++i) {
        if (!(*list)[i].is_string()) {
            r.fail(appendPointer(appendPointer(ptr, key), i),
                   "expected a string, found " + describeJsonType((*list)[i]));
            continue;
        }
        out.push_back((*list)[i].get<std::string>());
    }
    return out;
}

}  // namespace

void readLevers(JsonReader& r, const json& v, const std::string& ptr, LeverConfig& l) {
    if (!r.expectObject(v, ptr, "savings levers")) return;
    r.rejectUnknownKeys(v, ptr, {"prompt_caching", "batch", "output_cap"});
    if (const json* pc = r.object(v, ptr, "prompt_caching", false)) {
        const std::string p = appendPointer(ptr, "prompt_caching");
        r.rejectUnknownKeys(*pc, p, {"enabled", "stable_prefix_tokens", "hit_rate"});
        l.promptCaching = r.boolean(*pc, p, "enabled", false).value_or(true);
        l.stablePrefixTokens = r.integer(*pc, p, "stable_prefix_tokens", true, 0, 10'000'000).value_or(0);
        l.cacheHitRate = r.number(*pc, p, "hit_rate", true, 0.0, 1.0).value_or(0);
    }
    if (const json* b = r.object(v, ptr, "batch", false)) {
        const std::string p = appendPointer(ptr, "batch");
        r.rejectUnknownKeys(*b, p, {"enabled", "endpoints", "task_types"});
        l.batch = r.boolean(*b, p, "enabled", false).value_or(true);
        l.batchEndpoints = readGlobList(r, *b, p, "endpoints");
        l.batchTaskTypes = readGlobList(r, *b, p, "task_types");
    }
    if (const json* oc = r.object(v, ptr, "output_cap", false)) {
        const std::string p = appendPointer(ptr, "output_cap");
        r.rejectUnknownKeys(*oc, p, {"enabled", "max_output_tokens"});
        l.outputCap = r.boolean(*oc, p, "enabled", false).value_or(true);
        l.maxOutputTokens = r.integer(*oc, p, "max_output_tokens", true, 1).value_or(0);
    }
}

ojson leversToJson(const LeverConfig& l) {
    // Each lever is written whenever any of its fields differs from the default, so a saved
    // workspace reads back equal.
    ojson j = ojson::object();
    if (l.promptCaching || l.stablePrefixTokens > 0 || l.cacheHitRate != 0)
        j["prompt_caching"] = {
            {"enabled", l.promptCaching}, {"stable_prefix_tokens", l.stablePrefixTokens}, {"hit_rate", l.cacheHitRate}};
    if (l.batch || !l.batchEndpoints.empty() || !l.batchTaskTypes.empty())
        j["batch"] = {{"enabled", l.batch}, {"endpoints", l.batchEndpoints}, {"task_types", l.batchTaskTypes}};
    if (l.outputCap || l.maxOutputTokens > 0)
        j["output_cap"] = {{"enabled", l.outputCap}, {"max_output_tokens", l.maxOutputTokens}};
    return j;
}

}  // namespace switchyard::core::policyjson
