#include "core/eval/datasetimport.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/common/locatedjson.h"
#include "core/eval/datasetitem.h"
#include "core/request/request.h"
#include "core/simulate/trafficrecord.h"

namespace switchyard::core {

namespace {

class ImportCollector final {
public:
    ImportCollector(DatasetImport& out, const std::string& file, std::size_t maxKept)
        : m_out(out), m_file(file), m_max(maxKept) {}

    void refuse(std::int64_t line, std::string message) {
        m_out.skipped += 1;
        if (m_out.problems.size() < m_max)
            m_out.problems.push_back(Problem{m_file, static_cast<int>(line), 0, "", std::move(message)});
    }
    // Adds the item unless its id was used before.
    void add(std::int64_t line, DatasetItem item) {
        if (item.key.empty()) item.key = std::to_string(line);
        auto [it, fresh] = m_lineOfKey.emplace(item.key, line);
        if (!fresh)
            return refuse(line, "the id \"" + item.key + "\" was used before, on line " + std::to_string(it->second));
        m_out.items.push_back(std::move(item));
    }

private:
    DatasetImport& m_out;
    const std::string& m_file;
    std::size_t m_max;
    std::map<std::string, std::int64_t> m_lineOfKey;
};

std::string scalarText(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    return v.dump();
}

// One JSONL line as an item, or a message saying why not.
std::string itemFromJson(std::string_view line, const std::string& file, DatasetItem& item) {
    auto doc = LocatedJson::parse(std::string(line), file);
    if (!doc) return doc.problem().message;
    const nlohmann::json& v = doc->root();
    if (!v.is_object()) return "each line must be a JSON object";
    Problems problems;
    JsonReader reader(*doc, problems);
    auto request = readRequest(reader, v, "");
    if (!problems.empty() || !request)
        return problems.empty() ? "not a request" : problems.front().pointer + ": " + problems.front().message;
    ItemFields fields;
    if (auto it = v.find("id"); it != v.end()) fields.id = scalarText(*it);
    for (const char* key : {"expected", "reference", "ideal"})
        if (auto it = v.find(key); it != v.end()) {
            fields.expected = scalarText(*it);
            break;
        }
    if (auto it = v.find("tags"); it != v.end()) {
        if (it->is_string()) {
            fields.tags.push_back(it->get<std::string>());
        } else if (it->is_array()) {
            for (const auto& t : *it) {
                if (!t.is_string()) return "tags must be strings";
                fields.tags.push_back(t.get<std::string>());
            }
        } else {
            return "tags must be a list of strings or one string";
        }
    }
    return makeDatasetItem(std::move(*request), std::move(fields), item);
}

// Splits CSV text into records (quoted cells may hold newlines); calls onRecord(text, line).
template <class F>
void forEachCsvRecord(std::string_view text, F&& onRecord) {
    std::int64_t line = 1, start = 1;
    std::size_t begin = 0;
    bool quoted = false;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const bool end = i == text.size();
        const char c = end ? '\n' : text[i];
        if (c == '"') quoted = !quoted;
        if (c != '\n' || (quoted && !end)) continue;
        std::string_view record = text.substr(begin, i - begin);
        if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
        if (!record.empty() || !end) onRecord(record, start);
        begin = i + 1;
        line += 1;
        start = line;
        if (end) break;
    }
}

// Lines counted while records are split: a quoted newline moves the next record's line on.
std::int64_t newlinesIn(std::string_view s) { return std::count(s.begin(), s.end(), '\n'); }

std::vector<std::string> splitTags(std::string_view cell) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        const auto b = current.find_first_not_of(" \t");
        if (b != std::string::npos) out.push_back(current.substr(b, current.find_last_not_of(" \t") - b + 1));
        current.clear();
    };
    for (char c : cell) {
        if (c == ';' || c == '|')
            flush();
        else
            current += c;
    }
    flush();
    return out;
}

}  // namespace

const std::vector<std::string>& datasetCsvFields() {
    static const std::vector<std::string> fields{"id", "prompt", "messages", "expected", "tags", "task_type"};
    return fields;
}

DatasetImport parseDatasetJsonl(std::string_view text, const std::string& file, const DatasetImportOptions& options) {
    DatasetImport out;
    ImportCollector collect(out, file, options.maxProblemsKept);
    std::int64_t lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        pos = nl + 1;
        lineNo += 1;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        out.lines += 1;
        DatasetItem item;
        if (std::string why = itemFromJson(line, file, item); !why.empty())
            collect.refuse(lineNo, why);
        else
            collect.add(lineNo, std::move(item));
    }
    return out;
}

Result<DatasetImport> parseDatasetCsv(std::string_view text, const std::string& file,
                                      const DatasetImportOptions& options) {
    const auto& fields = datasetCsvFields();
    for (const auto& [field, column] : options.csvColumns) {
        if (std::find(fields.begin(), fields.end(), field) == fields.end())
            return Problem{
                file, 0, 0, "",
                "unknown field \"" + field +
                    "\" in the column mapping; the fields are id, prompt, messages, expected, tags, task_type"};
        (void)column;
    }
    DatasetImport out;
    ImportCollector collect(out, file, options.maxProblemsKept);
    std::vector<std::string> header;
    std::vector<int> fieldOf;  // column -> index in `fields`, -1: metadata
    std::optional<Problem> headerProblem;
    std::int64_t extraLines = 0;
    std::vector<std::string> cells;
    forEachCsvRecord(text, [&](std::string_view record, std::int64_t line) {
        line += extraLines;
        extraLines += newlinesIn(record);
        if (headerProblem) return;
        if (header.empty()) {
            if (!splitCsvRecord(record, header) || header.empty()) {
                headerProblem = Problem{file, static_cast<int>(line), 0, "", "the header row is not valid CSV"};
                return;
            }
            fieldOf.assign(header.size(), -1);
            for (std::size_t f = 0; f < fields.size(); ++f) {
                auto mapped = options.csvColumns.find(fields[f]);
                const std::string& column = mapped != options.csvColumns.end() ? mapped->second : fields[f];
                auto it = std::find(header.begin(), header.end(), column);
                if (it == header.end()) {
                    if (mapped != options.csvColumns.end()) {
                        std::string have;
                        for (const auto& h : header) have += (have.empty() ? "" : ", ") + h;
                        headerProblem = Problem{file, static_cast<int>(line), 0, "",
                                                "the column \"" + column + "\" (mapped to " + fields[f] +
                                                    ") is not in the header; the header has: " + have};
                        return;
                    }
                    continue;
                }
                fieldOf[static_cast<std::size_t>(it - header.begin())] = static_cast<int>(f);
            }
            const bool hasPrompt = std::find(fieldOf.begin(), fieldOf.end(), 1) != fieldOf.end() ||
                                   std::find(fieldOf.begin(), fieldOf.end(), 2) != fieldOf.end();
            if (!hasPrompt)
                headerProblem = Problem{file, static_cast<int>(line), 0, "",
                                        "no prompt column: name one \"prompt\" or \"messages\", or map one (e.g. "
                                        "--column prompt=question)"};
            return;
        }
        if (record.find_first_not_of(" \t") == std::string_view::npos) return;
        out.lines += 1;
        if (!splitCsvRecord(record, cells)) return collect.refuse(line, "a quoted cell is not closed");
        if (cells.size() != header.size())
            return collect.refuse(
                line, std::to_string(cells.size()) + " cells where the header has " + std::to_string(header.size()));
        Request request;
        ItemFields itemFields;
        std::string messages;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            switch (fieldOf[c]) {
                case 0:
                    itemFields.id = cells[c];
                    break;
                case 1:
                    if (!cells[c].empty()) request.messages.push_back(Message{"user", cells[c]});
                    break;
                case 2:
                    messages = cells[c];
                    break;
                case 3:
                    itemFields.expected = cells[c];
                    break;
                case 4:
                    itemFields.tags = splitTags(cells[c]);
                    break;
                case 5:
                    request.taskType = cells[c];
                    break;
                default:
                    if (!cells[c].empty()) request.metadata[header[c]] = cells[c];
                    break;
            }
        }
        if (!messages.empty()) {
            if (!request.messages.empty()) return collect.refuse(line, "give either a prompt or messages, not both");
            auto parsed = parseRequest("{\"messages\":" + messages + "}", file);
            if (!parsed) return collect.refuse(line, "messages: " + parsed.problem().message);
            request.messages = std::move(parsed->messages);
        }
        DatasetItem item;
        if (std::string why = makeDatasetItem(std::move(request), std::move(itemFields), item); !why.empty())
            return collect.refuse(line, why);
        collect.add(line, std::move(item));
    });
    if (headerProblem) return *headerProblem;
    if (header.empty()) return Problem{file, 0, 0, "", "the file is empty: a CSV dataset needs a header row"};
    return out;
}

Result<DatasetImport> readDatasetFile(const std::filesystem::path& path, const DatasetImportOptions& options) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return Problem{path.string(), 0, 0, "", "cannot read the file"};
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    DatasetFormat format = options.format;
    if (format == DatasetFormat::Auto) format = path.extension() == ".csv" ? DatasetFormat::Csv : DatasetFormat::Jsonl;
    if (format == DatasetFormat::Csv) return parseDatasetCsv(text, path.string(), options);
    return parseDatasetJsonl(text, path.string(), options);
}

}  // namespace switchyard::core
