// The policy JSON's "classifier" section: kind, label -> tier map, the LLM classifier's
// settings and the trained local (and embedding) classifier.
#include "core/workspace/policyspecjson.h"
#include "core/workspace/trainedclassifierjson.h"

namespace switchyard::core {

using namespace policyjson;

namespace {

constexpr TrainedClassifierLayout kLocalClassifierLayout{.description = "a trained local classifier",
                                                         .sizeKey = "hash_bits",
                                                         .minSize = 8,
                                                         .maxSize = 22,
                                                         .sizeWhenMissing = 14,
                                                         .rowIsPowerOfTwo = true,
                                                         .rowShape = "labels x 2^hash_bits",
                                                         .biasMayHoldNonNumbers = true};

}  // namespace

const char* classifierKindName(ClassifierKind kind) {
    switch (kind) {
        case ClassifierKind::None:
            return "none";
        case ClassifierKind::Local:
            return "local";
        case ClassifierKind::Llm:
            return "llm";
        case ClassifierKind::Embedding:
            return "embedding";
    }
    return "none";
}

nlohmann::ordered_json localClassifierToJson(const LocalClassifierModel& m) {
    return trainedClassifierToJson(m, kLocalClassifierLayout, &LocalClassifierModel::hashBits);
}

std::optional<LocalClassifierModel> readLocalClassifier(JsonReader& r, const json& v, const std::string& ptr) {
    return readTrainedClassifier(r, v, ptr, kLocalClassifierLayout, &LocalClassifierModel::hashBits);
}

namespace policyjson {

void readClassifier(JsonReader& r, const json& v, const std::string& ptr, const PolicyNames& names,
                    ClassifierConfig& c) {
    if (!r.expectObject(v, ptr, "a classifier configuration")) return;
    r.rejectUnknownKeys(v, ptr, {"kind", "labels", "llm", "local", "embedding"});
    const std::string kind = r.string(v, ptr, "kind", false).value_or("none");
    if (kind == "none")
        c.kind = ClassifierKind::None;
    else if (kind == "local")
        c.kind = ClassifierKind::Local;
    else if (kind == "llm")
        c.kind = ClassifierKind::Llm;
    else if (kind == "embedding")
        c.kind = ClassifierKind::Embedding;
    else
        r.fail(appendPointer(ptr, "kind"),
               "unknown classifier kind " + dq(kind) + " (use none, local, llm or embedding)");
    if (const json* labels = r.object(v, ptr, "labels", c.kind != ClassifierKind::None)) {
        for (auto it = labels->begin(); it != labels->end(); ++it) {
            const std::string lp = appendPointer(appendPointer(ptr, "labels"), it.key());
            if (!it.value().is_string()) {
                r.fail(lp, "the classifier label " + dq(it.key()) + " must name a tier, found " +
                               describeJsonType(it.value()));
                continue;
            }
            const std::string tier = it.value().get<std::string>();
            if (!contains(names.tiers, tier))
                r.failReference(lp, "the classifier label " + dq(it.key()) + " maps to the unknown tier " + dq(tier));
            c.labelTiers[it.key()] = tier;
        }
        if (labels->empty())
            r.fail(appendPointer(ptr, "labels"), "the classifier needs at least one label mapped to a tier");
    }
    if (const json* llm = r.object(v, ptr, "llm", c.kind == ClassifierKind::Llm)) {
        const std::string lp = appendPointer(ptr, "llm");
        r.rejectUnknownKeys(*llm, lp, {"model", "prompt", "default_label", "timeout_ms", "expected_output_tokens"});
        c.llm.model = r.string(*llm, lp, "model", true).value_or("");
        if (!c.llm.model.empty() && !contains(names.models, c.llm.model))
            r.failReference(appendPointer(lp, "model"),
                            "the LLM classifier uses the model " + dq(c.llm.model) + ", which is not in the catalog");
        c.llm.promptTemplate = r.string(*llm, lp, "prompt", false, true).value_or("");
        if (!c.llm.promptTemplate.empty() && c.llm.promptTemplate.find("{{text}}") == std::string::npos)
            r.fail(appendPointer(lp, "prompt"),
                   "the LLM classifier prompt must contain {{text}} where the request goes");
        c.llm.defaultLabel = r.string(*llm, lp, "default_label", true).value_or("");
        if (!c.llm.defaultLabel.empty() && !c.labelTiers.empty() && !c.labelTiers.count(c.llm.defaultLabel))
            r.fail(appendPointer(lp, "default_label"),
                   "the default label " + dq(c.llm.defaultLabel) + " is not one of the classifier's labels");
        c.llm.timeoutMs = r.integer(*llm, lp, "timeout_ms", false, 1, 600'000).value_or(3000);
        c.llm.expectedOutputTokens = r.integer(*llm, lp, "expected_output_tokens", false, 1, 100'000).value_or(3);
    }
    if (v.contains("local")) {
        c.local = readLocalClassifier(r, v["local"], appendPointer(ptr, "local"));
        if (c.local) {
            for (const auto& label : c.local->labels)
                if (!c.labelTiers.empty() && !c.labelTiers.count(label))
                    r.fail(appendPointer(ptr, "labels"),
                           "the local classifier predicts the label " + dq(label) + ", which maps to no tier");
        }
    }
    if (const json* e = r.object(v, ptr, "embedding", c.kind == ClassifierKind::Embedding))
        c.embedding = readEmbeddingClassifier(r, *e, appendPointer(ptr, "embedding"), names.providers, c.labelTiers);
    // A local or embedding classifier without a trained model falls through to the default
    // tier; that is a valid state (before training), so it is no problem.
}

ojson classifierToJson(const ClassifierConfig& c) {
    ojson j;
    j["kind"] = classifierKindName(c.kind);
    if (!c.labelTiers.empty()) j["labels"] = c.labelTiers;
    if (c.kind == ClassifierKind::Llm || !c.llm.model.empty()) {
        ojson l;
        l["model"] = c.llm.model;
        if (!c.llm.promptTemplate.empty()) l["prompt"] = c.llm.promptTemplate;
        l["default_label"] = c.llm.defaultLabel;
        l["timeout_ms"] = c.llm.timeoutMs;
        l["expected_output_tokens"] = c.llm.expectedOutputTokens;
        j["llm"] = std::move(l);
    }
    if (c.local) j["local"] = localClassifierToJson(*c.local);
    if (c.embedding) j["embedding"] = embeddingClassifierToJson(*c.embedding);
    return j;
}

}  // namespace policyjson
}  // namespace switchyard::core
