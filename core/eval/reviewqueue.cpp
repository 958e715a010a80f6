#include "core/eval/reviewqueue.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "core/store/statement.h"

namespace switchyard::core {

std::string_view toString(ReviewReason reason) {
    switch (reason) {
        case ReviewReason::ChecksDisagree:
            return "checks disagree";
        case ReviewReason::CheapVsPremium:
            return "cheapest against dearest";
        case ReviewReason::Other:
            return "other";
    }
    return "other";
}

namespace {

std::set<std::string> words(std::string_view text) {
    std::set<std::string> out;
    std::string word;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c >= 0x80) {
            word.push_back(static_cast<char>(std::tolower(c)));
        } else if (!word.empty()) {
            out.insert(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) out.insert(std::move(word));
    return out;
}

// SplitMix64's finaliser: a well-mixed bit from the seed and the pair.
std::uint64_t mix(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::pair<std::int64_t, std::int64_t> ordered(std::int64_t a, std::int64_t b) {
    return {std::min(a, b), std::max(a, b)};
}

}  // namespace

double wordDifference(std::string_view a, std::string_view b) {
    const auto wa = words(a), wb = words(b);
    if (wa.empty() && wb.empty()) return 0;
    std::size_t common = 0;
    for (const auto& w : wa) common += wb.count(w);
    const std::size_t all = wa.size() + wb.size() - common;
    return 1.0 - static_cast<double>(common) / static_cast<double>(all);
}

std::string blindAnswerText(std::string_view text) {
    constexpr std::string_view kPrefix = "[simulated";
    if (!text.starts_with(kPrefix)) return std::string(text);
    const auto end = text.find(']');
    if (end == std::string_view::npos) return {};
    std::string_view rest = text.substr(end + 1);
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front()))) rest.remove_prefix(1);
    return std::string(rest);
}

bool reviewSwapped(std::uint64_t seed, std::int64_t responseA, std::int64_t responseB) {
    const auto [low, high] = ordered(responseA, responseB);
    return (mix(seed ^ mix(static_cast<std::uint64_t>(low) * 0x100000001b3ULL + static_cast<std::uint64_t>(high))) &
            1U) != 0;
}

std::vector<ReviewPair> buildReviewQueue(const std::vector<EvalAnswer>& answers,
                                         const std::vector<std::pair<std::int64_t, std::int64_t>>& voted,
                                         std::uint64_t seed) {
    std::set<std::pair<std::int64_t, std::int64_t>> done;
    for (const auto& [a, b] : voted) done.insert(ordered(a, b));
    std::map<std::int64_t, std::vector<const EvalAnswer*>> byItem;
    for (const auto& a : answers)
        if (a.responseId && a.errorClass.empty() && !a.model.empty()) byItem[a.item].push_back(&a);

    std::vector<ReviewPair> out;
    for (auto& [item, list] : byItem) {
        // Dearest first, so a pair's unshuffled order is (dearer, cheaper).
        std::stable_sort(list.begin(), list.end(),
                         [](const EvalAnswer* x, const EvalAnswer* y) { return x->cost > y->cost; });
        const EvalAnswer* dearest = list.front();
        const EvalAnswer* cheapest = list.back();
        for (std::size_t i = 0; i < list.size(); ++i)
            for (std::size_t j = i + 1; j < list.size(); ++j) {
                const EvalAnswer* x = list[i];
                const EvalAnswer* y = list[j];
                if (x->model == y->model || done.contains(ordered(*x->responseId, *y->responseId))) continue;
                ReviewPair p;
                p.item = item;
                p.difference = wordDifference(blindAnswerText(x->text), blindAnswerText(y->text));
                p.reason = x->passed != y->passed            ? ReviewReason::ChecksDisagree
                           : (x == dearest && y == cheapest) ? ReviewReason::CheapVsPremium
                                                             : ReviewReason::Other;
                const bool swap = reviewSwapped(seed, *x->responseId, *y->responseId);
                p.left = swap ? *y : *x;
                p.right = swap ? *x : *y;
                out.push_back(std::move(p));
            }
    }
    std::stable_sort(out.begin(), out.end(), [](const ReviewPair& a, const ReviewPair& b) {
        if (a.reason != b.reason) return a.reason < b.reason;
        if (a.difference != b.difference) return a.difference > b.difference;
        return a.item < b.item;
    });
    return out;
}

Result<ReviewQueue> loadReviewQueue(Store& store, std::int64_t runId, std::uint64_t newSeed) {
    auto run = store.run(runId);
    if (!run) return run.problems();
    ReviewQueue q;
    q.runId = runId;
    bool seeded = false;
    for (const auto& tag : run->tags)
        if (tag.starts_with(kReviewSeedTag)) {
            q.seed = std::stoull(tag.substr(kReviewSeedTag.size()));
            seeded = true;
        }
    if (!seeded) {
        q.seed = newSeed;
        if (auto s = store.tagRun(runId, std::string(kReviewSeedTag) + std::to_string(newSeed)); !s)
            return s.problems();
    }
    auto answers = loadEvalAnswers(store, runId);
    if (!answers) return answers.problems();
    std::set<std::int64_t> ofRun;
    for (const auto& a : *answers)
        if (a.responseId) ofRun.insert(*a.responseId);
    auto stmt = Statement::prepare(store.database(), "SELECT left_response_id, right_response_id FROM votes");
    if (!stmt) return stmt.problems();
    std::vector<std::pair<std::int64_t, std::int64_t>> voted;
    for (;;) {
        auto row = stmt->step();
        if (!row) return row.problems();
        if (!*row) break;
        const std::int64_t l = stmt->columnInt(0), r = stmt->columnInt(1);
        if (ofRun.contains(l) && ofRun.contains(r)) voted.emplace_back(l, r);
    }
    q.votedPairs = static_cast<std::int64_t>(std::set(voted.begin(), voted.end()).size());
    q.pairs = buildReviewQueue(*answers, voted, q.seed);
    return q;
}

}  // namespace switchyard::core
