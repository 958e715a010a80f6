#pragma once
// The JSON block of a trained linear classifier, read and written one way for the local
// classifier (policyspec.cpp) and the embedding classifier (embeddingclassifierspec.cpp): labels,
// an input-size key, one bias per label, labels x row-length float32 weights as base64, and where
// it was trained from. The two model structs name these members alike, so a template serves both.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "core/common/float32base64.h"
#include "core/common/jsonreader.h"

namespace switchyard::core {

// What the two classifiers' blocks differ in.
struct TrainedClassifierLayout {
    const char* description;  // what the block is, for "expected <description>"
    const char* sizeKey;      // the input-size key: "hash_bits" or "dimensions"
    std::int64_t minSize;
    std::int64_t maxSize;
    std::int64_t sizeWhenMissing;  // stands in (a problem is recorded) so later checks can still run
    bool rowIsPowerOfTwo;          // hashed features: a row holds 2^size weights, not size
    const char* rowShape;          // how a problem explains the weight count
    // The local reader has always skipped bias entries that are not numbers when one number per
    // label remains; the embedding reader refuses them. Kept apart so every file reads as before.
    bool biasMayHoldNonNumbers;
};

// The model at `ptr`; nullopt (with problems recorded) when any part is unusable. `size` is the
// model's member that holds the sizeKey value.
template <class Model>
std::optional<Model> readTrainedClassifier(JsonReader& r, const nlohmann::json& v, const std::string& ptr,
                                           const TrainedClassifierLayout& layout, int Model::*size) {
    if (!r.expectObject(v, ptr, layout.description)) return std::nullopt;
    r.rejectUnknownKeys(
        v, ptr,
        {"labels", layout.sizeKey, "bias", "weights_f32le_base64", "trained_on", "examples", "held_out_accuracy"});
    const std::size_t before = r.problemCount();
    Model m;
    if (const nlohmann::json* labels = r.array(v, ptr, "labels", true)) {
        for (const auto& l : *labels)
            if (l.is_string()) m.labels.push_back(l.get<std::string>());
        if (m.labels.size() != labels->size() || m.labels.size() < 2)
            r.fail(appendPointer(ptr, "labels"), "the classifier needs two or more labels, all strings");
    }
    m.*size = static_cast<int>(
        r.integer(v, ptr, layout.sizeKey, true, layout.minSize, layout.maxSize).value_or(layout.sizeWhenMissing));
    if (const nlohmann::json* bias = r.array(v, ptr, "bias", true)) {
        // A number beyond float's range counts as not a number (converting it is undefined).
        for (const auto& b : *bias)
            if (b.is_number() && std::fabs(b.get<double>()) <= static_cast<double>(std::numeric_limits<float>::max()))
                m.bias.push_back(static_cast<float>(b.get<double>()));
        if (m.bias.size() != m.labels.size() || (!layout.biasMayHoldNonNumbers && m.bias.size() != bias->size()))
            r.fail(appendPointer(ptr, "bias"), "expected one bias number per label");
    }
    if (auto w = r.string(v, ptr, "weights_f32le_base64", true)) {
        auto floats = base64ToFloats(*w);
        const std::size_t row =
            layout.rowIsPowerOfTwo ? std::size_t{1} << (m.*size) : static_cast<std::size_t>(m.*size);
        const std::size_t expected = m.labels.size() * row;
        if (!floats)
            r.fail(appendPointer(ptr, "weights_f32le_base64"),
                   "the weights are not valid base64 of finite float32 numbers");
        else if (floats->size() != expected)
            r.fail(appendPointer(ptr, "weights_f32le_base64"), "expected " + std::to_string(expected) + " weights (" +
                                                                   layout.rowShape + "), found " +
                                                                   std::to_string(floats->size()));
        else
            m.weights = std::move(*floats);
    }
    m.trainedOn = r.string(v, ptr, "trained_on", false, true).value_or("");
    m.examples = r.integer(v, ptr, "examples", false, 0).value_or(0);
    m.heldOutAccuracy = r.number(v, ptr, "held_out_accuracy", false, 0.0, 1.0).value_or(0);
    if (r.problemCount() != before) return std::nullopt;
    return m;
}

template <class Model>
nlohmann::ordered_json trainedClassifierToJson(const Model& m, const TrainedClassifierLayout& layout,
                                               int Model::*size) {
    nlohmann::ordered_json j;
    j["labels"] = m.labels;
    j[layout.sizeKey] = m.*size;
    j["bias"] = m.bias;
    j["weights_f32le_base64"] = floatsToBase64(m.weights);
    if (!m.trainedOn.empty()) j["trained_on"] = m.trainedOn;
    j["examples"] = m.examples;
    j["held_out_accuracy"] = m.heldOutAccuracy;
    return j;
}

}  // namespace switchyard::core
