#pragma once
// The generated Python router: one standard-library module (templates/router.py) with the
// native routing config and the translated regexes embedded, that decides every request as
// Policy::route does and returns the decision as `switchyard-cli route --json` prints it.

#include <string>
#include <vector>

#include "core/exporters/exporter.h"

namespace switchyard::core {

// The module's template text, compiled in from templates/router.py.
std::string pythonRouterTemplate();

// Regex rules in the policy, each with its JSON pointer, for the generators and their warnings.
struct RegexRule {
    std::string pointer;  // /policy/rules/3/when/regex
    std::string pattern;
};
std::vector<RegexRule> regexRulesOf(const PolicySpec& policy);

// Warnings every generated router shares (regexes outside the portable subset, token counts,
// classifiers that need a caller's function), with `language` in the text.
std::vector<ExportWarning> generatedRouterWarnings(const Workspace& workspace, const std::string& language);

// ASCII JSON text (nlohmann's dump with ensure_ascii) as a double-quoted string literal that
// Python and JavaScript both read back as exactly that text; the module then parses it as JSON.
std::string quotedAsciiLiteral(const std::string& asciiJson);
// Printable ASCII only, for names written into generated comments and docstrings.
std::string safeForComment(const std::string& text);
// A Python / JavaScript identifier of ASCII letters, digits and '_'.
bool isIdentifier(const std::string& name);

class PythonRouterExporter final : public Exporter {
public:
    [[nodiscard]] std::string name() const override { return "python"; }
    [[nodiscard]] std::string suffix() const override { return ".py"; }
    [[nodiscard]] std::string description() const override {
        return "Python router module (standard library only) that decides as the engine does, with the policy embedded";
    }
    [[nodiscard]] Result<ExportResult> write(const Policy& policy, const Workspace& workspace,
                                             const ExportOptions& options) const override;
};

}  // namespace switchyard::core
