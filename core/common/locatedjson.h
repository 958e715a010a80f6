#pragma once
// JSON text parsed together with a way back from a JSON pointer to the line and column where
// that value is written, so validators can say "workspace.json:41:17: /tiers/2/primary: ...".

#include <nlohmann/json.hpp>
#include <string>

#include "core/common/jsontext.h"
#include "core/common/result.h"

namespace switchyard::core {

class LocatedJson final {
public:
    // Parses `text` (parseJsonText: never throws, depth-limited); any malformed input comes back
    // as a Problem with file, line, column and the pointer of the value being read.
    // A field given twice in one object is refused unless `duplicates` says the last wins (for
    // files Switchyard imports but nobody edits here, such as LiteLLM's price list).
    static Result<LocatedJson> parse(std::string text, std::string file,
                                     DuplicateKeys duplicates = DuplicateKeys::Refuse);

    [[nodiscard]] const nlohmann::json& root() const { return m_root; }
    [[nodiscard]] const std::string& file() const { return m_file; }
    [[nodiscard]] const std::string& text() const { return m_text; }

    // A problem located at the value `pointer` names, or at its nearest ancestor that exists.
    [[nodiscard]] Problem problemAt(const std::string& pointer, std::string message) const;

    // The number literal written at `pointer` ("99999999999999999999"), for messages that show
    // what the user typed; empty when no number is there.
    [[nodiscard]] std::string numberTextAt(const std::string& pointer) const;

    // 1-based line and column of the byte offset.
    void lineColumn(size_t offset, int& line, int& column) const;

private:
    LocatedJson() = default;
    std::string m_text;
    std::string m_file;
    nlohmann::json m_root;
};

// Pointer of a child: appendPointer("/tiers", 2) == "/tiers/2"; keys escaped per RFC 6901.
std::string appendPointer(const std::string& pointer, const std::string& key);
std::string appendPointer(const std::string& pointer, size_t index);

// Byte offset in `text` where the value at `pointer` starts; npos when it does not exist.
// `text` must be valid JSON. Runs in time linear in the text, so use it for errors only.
size_t findPointerOffset(std::string_view text, const std::string& pointer);

// "a number", "a string", ... for messages like "expected a string, found a number".
std::string describeJsonType(const nlohmann::json& value);

}  // namespace switchyard::core
