#include "core/eval/evaljudge.h"

namespace switchyard::core {

JudgeScore parseJudgeScore(std::string_view reply) {
    std::string_view s = reply;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.remove_suffix(1);  // one trailing line end is not content
    constexpr std::string_view kPrefix = "SCORE: ";
    auto offFormat = [&] {
        std::string shown(reply.substr(0, 80));
        for (char& c : shown)
            if (c == '\n' || c == '\r') c = ' ';
        return JudgeScore{std::nullopt,
                          "the judge answered off-format (expected \"SCORE: N\" with N from 1 to 10): \"" + shown +
                              (reply.size() > 80 ? "…" : "") + "\""};
    };
    if (!s.starts_with(kPrefix)) return offFormat();
    const std::string_view digits = s.substr(kPrefix.size());
    if (digits.empty() || digits.size() > 2) return offFormat();
    int value = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return offFormat();
        value = value * 10 + (c - '0');
    }
    if (digits[0] == '0' || value < 1 || value > 10) return offFormat();
    return JudgeScore{value, {}};
}

Request judgeRequest(std::string_view rubric, const DatasetItem& item, std::string_view answer) {
    Request r;
    r.messages.push_back(
        {"system",
         "You grade one answer against a rubric. Reply with exactly one line, \"SCORE: N\", where N is a whole number "
         "from 1 (fails the rubric) to 10 (fully meets it). Write nothing else."});
    std::string user = "Rubric:\n" + std::string(rubric) + "\n\nQuestion:\n" + item.prompt + "\n\n";
    if (!item.expected.empty()) user += "Reference answer:\n" + item.expected + "\n\n";
    user += "Answer to grade:\n" + std::string(answer);
    r.messages.push_back({"user", std::move(user)});
    r.options.maxOutputTokens = 8;
    r.options.temperature = 0.0;
    return r;
}

}  // namespace switchyard::core
