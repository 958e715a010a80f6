#pragma once
// One interface for every export format, like a plug-in: a format has a name, a file suffix and
// a write() that turns a compiled policy and its workspace into files plus the warnings that say
// what the format could not express. The CLI (`switchyard-cli export`) and the GUI's Export
// dialog list formats through exporters() and never know a format by its class.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy/policy.h"
#include "core/workspace/workspace.h"

namespace switchyard::core {

struct ExportOptions {
    // What generated code calls the policy in comments and the module docstring.
    std::string moduleName = "switchyard_router";
    // Put the native routing config beside a generated router instead of embedding it.
    bool separateConfig = false;
};

// One file of an export; `name` is relative to the folder the export goes to.
struct ExportedFile {
    std::string name;
    std::string content;
    bool operator==(const ExportedFile&) const = default;
};

// Something the format cannot express as the engine decides, with where it is in the workspace.
struct ExportWarning {
    std::string pointer;  // JSON pointer into the workspace, e.g. /policy/rules/3/when/regex
    std::string message;  // one sentence
    bool operator==(const ExportWarning&) const = default;
    [[nodiscard]] std::string toString() const { return pointer.empty() ? message : pointer + ": " + message; }
};

struct ExportResult {
    std::vector<ExportedFile> files;  // the first is the main file
    std::vector<ExportWarning> warnings;
};

class Exporter {
public:
    virtual ~Exporter() = default;
    [[nodiscard]] virtual std::string name() const = 0;         // "native", "python", ...
    [[nodiscard]] virtual std::string suffix() const = 0;       // of the main file: ".json", ".py"
    [[nodiscard]] virtual std::string description() const = 0;  // one line for menus and --help
    // Whether ExportOptions::moduleName names a generated module (the GUI shows the field then).
    [[nodiscard]] virtual bool usesModuleName() const { return true; }
    // Problems only for a workspace the format cannot take at all; what it can take but not
    // fully express comes back as warnings.
    [[nodiscard]] virtual Result<ExportResult> write(const Policy& policy, const Workspace& workspace,
                                                     const ExportOptions& options) const = 0;
};

// Every format, in the order menus show them.
const std::vector<std::shared_ptr<const Exporter>>& exporters();
// The format called `name`, or nullptr.
std::shared_ptr<const Exporter> findExporter(std::string_view name);
// "native, python" for messages.
std::string exporterNames();

}  // namespace switchyard::core
