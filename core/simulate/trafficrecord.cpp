#include "core/simulate/trafficrecord.h"

#include <simdjson.h>

#include <charconv>

#include "core/policy/textmatch.h"

namespace switchyard::core {
namespace {

namespace od = simdjson::ondemand;

// Thrown for a record that parses as JSON but breaks the format.
struct FormatError {
    std::string message;
};

std::int64_t nonNegative(od::value v, std::string_view key) {
    std::int64_t n = 0;
    if (v.type() == od::json_type::number) {
        // As in the common JSON layer (jsontext.h): a number written non-zero that reads as 0
        // (1e-400) is refused rather than taken as 0.
        const std::string_view raw = simdjson::trim(v.raw_json_token());
        const bool nonZero =
            raw.substr(0, raw.find_first_of("eE")).find_first_of("123456789") != std::string_view::npos;
        double d = v.get_double();
        if (d < 0 || d > 9e15 || d != static_cast<double>(static_cast<std::int64_t>(d)) || (d == 0 && nonZero))
            throw FormatError{"\"" + std::string(key) + "\" must be a whole number of zero or more"};
        n = static_cast<std::int64_t>(d);
    } else if (v.type() == od::json_type::null) {
        return -1;
    } else {
        throw FormatError{"\"" + std::string(key) + "\" must be a number"};
    }
    return n;
}

std::string scalarText(od::value v) {
    switch (v.type()) {
        case od::json_type::string:
            return std::string(std::string_view(v.get_string()));
        case od::json_type::number:
        case od::json_type::boolean:
            return std::string(simdjson::trim(v.raw_json_token()));
        default:
            return {};
    }
}

// Message content: a string, or OpenAI's list of parts whose text parts are joined.
std::string contentText(od::value v) {
    if (v.type() == od::json_type::string) return std::string(std::string_view(v.get_string()));
    if (v.type() == od::json_type::array) {
        std::string out;
        for (auto part : v.get_array()) {
            od::value pv = part.value();
            if (pv.type() == od::json_type::string) {
                out += std::string_view(pv.get_string());
            } else if (pv.type() == od::json_type::object) {
                for (auto f : pv.get_object()) {
                    if (std::string_view(f.unescaped_key()) == "text") {
                        od::value tv = f.value();
                        if (tv.type() == od::json_type::string) out += std::string_view(tv.get_string());
                    }
                }
            }
        }
        return out;
    }
    if (v.type() == od::json_type::null) return {};
    throw FormatError{"a message's \"content\" must be text or a list of parts"};
}

// Usage counts found in nested objects (LiteLLM's metadata.usage_object, an OpenAI-style
// "usage"); fields at the top level of the record win over them.
struct NestedUsage {
    std::optional<std::int64_t> input, cached, cacheWrite, output;
};

std::optional<std::int64_t> countOf(od::value v, std::string_view key) {
    const std::int64_t n = nonNegative(v, key);
    return n >= 0 ? std::optional<std::int64_t>(n) : std::nullopt;
}

// {"prompt_tokens", "completion_tokens", "prompt_tokens_details": {"cached_tokens"},
//  "cache_read_input_tokens", "cache_creation_input_tokens", "input_tokens", "output_tokens"}
void readUsageObject(od::object obj, NestedUsage& u) {
    for (auto f : obj) {
        const std::string_view k = f.unescaped_key();
        od::value v = f.value();
        if (k == "prompt_tokens" || k == "input_tokens")
            u.input = countOf(v, k);
        else if (k == "completion_tokens" || k == "output_tokens")
            u.output = countOf(v, k);
        else if (k == "cache_read_input_tokens" || k == "cached_tokens")
            u.cached = countOf(v, k);
        else if (k == "cache_creation_input_tokens" || k == "cache_write_tokens")
            u.cacheWrite = countOf(v, k);
        else if ((k == "prompt_tokens_details" || k == "input_tokens_details") && v.type() == od::json_type::object) {
            for (auto d : v.get_object()) {
                const std::string_view dk = d.unescaped_key();
                if (dk == "cached_tokens" && !u.cached)
                    u.cached = countOf(d.value(), dk);
                else if (dk == "cache_write_tokens" && !u.cacheWrite)
                    u.cacheWrite = countOf(d.value(), dk);
            }
        }
    }
}

// A billed amount: a JSON number, or a decimal string.
std::optional<Money> amountOf(od::value v, std::string_view key) {
    std::optional<Money> m;
    if (v.type() == od::json_type::number)
        m = moneyFromDecimal(simdjson::trim(v.raw_json_token()));
    else if (v.type() == od::json_type::string)
        m = moneyFromDecimal(std::string_view(v.get_string()));
    else if (v.type() == od::json_type::null)
        return std::nullopt;
    if (!m) throw FormatError{"\"" + std::string(key) + "\" must be an amount in USD"};
    return m;
}

struct ReadContext {
    od::parser* nested;  // for metadata stored as a JSON string (LiteLLM's SpendLogsPayload)
    std::vector<TrafficRecord>* out;
};

void readMetadata(od::object obj, Request& req, NestedUsage& usage) {
    for (auto mf : obj) {
        const std::string mk(std::string_view(mf.unescaped_key()));
        od::value mv = mf.value();
        const od::json_type t = mv.type();
        if (t == od::json_type::string || t == od::json_type::number || t == od::json_type::boolean)
            req.setMeta(mk, scalarText(mv));
        else if (mk == "usage_object" && t == od::json_type::object)
            readUsageObject(mv.get_object(), usage);
    }
}

void readRecord(od::object obj, ReadContext& ctx, const std::string& inheritedTimestamp) {
    TrafficRecord rec;
    rec.timestamp = inheritedTimestamp;
    bool header = false;
    bool isContainer = false;  // a page or a bucket: its items are the records
    bool havePrompt = false;
    std::string system;
    NestedUsage nested;
    for (auto field : obj) {
        const std::string_view key = field.unescaped_key();
        od::value v = field.value();
        Request& req = rec.request;
        if (key == "prompt") {
            if (v.type() != od::json_type::string) throw FormatError{"\"prompt\" must be text"};
            req.messages.push_back({"user", std::string(std::string_view(v.get_string()))});
            havePrompt = true;
        } else if (key == "messages") {
            if (v.type() == od::json_type::string) {  // LiteLLM may store messages as text
                req.messages.push_back({"user", std::string(std::string_view(v.get_string()))});
                havePrompt = true;
            } else if (v.type() == od::json_type::array) {
                for (auto m : v.get_array()) {
                    od::value mv = m.value();
                    if (mv.type() != od::json_type::object)
                        throw FormatError{"each message must be an object with \"role\" and \"content\""};
                    Message msg{"user", {}};
                    for (auto mf : mv.get_object()) {
                        const std::string_view mk = mf.unescaped_key();
                        if (mk == "role")
                            msg.role = scalarText(mf.value());
                        else if (mk == "content" || mk == "text")
                            msg.text = contentText(mf.value());
                    }
                    req.messages.push_back(std::move(msg));
                }
                havePrompt = true;
            } else if (v.type() != od::json_type::null && v.type() != od::json_type::object) {
                // An object: LiteLLM's column default {} when prompts are not stored.
                throw FormatError{"\"messages\" must be a list"};
            }
        } else if (key == "system") {
            system = scalarText(v);
        } else if (key == "id" || key == "request_id") {
            req.id = scalarText(v);
        } else if (key == "endpoint" || key == "user_plan" || key == "task_type") {
            req.setMeta(std::string(key), scalarText(v));
        } else if (key == "metadata") {
            if (v.type() == od::json_type::object) {
                readMetadata(v.get_object(), req, nested);
            } else if (v.type() == od::json_type::string) {
                // LiteLLM's spend-log payload keeps metadata as JSON text.
                const std::string_view text = v.get_string();
                if (text.find_first_not_of(" \t\r\n") != std::string_view::npos &&
                    text[text.find_first_not_of(" \t\r\n")] == '{') {
                    const simdjson::padded_string copy(text);
                    try {
                        od::document inner = ctx.nested->iterate(copy);
                        readMetadata(inner.get_object(), req, nested);
                    } catch (const simdjson::simdjson_error&) {
                        throw FormatError{"\"metadata\" holds text that is not a JSON object"};
                    }
                }
            } else if (v.type() != od::json_type::null) {
                throw FormatError{"\"metadata\" must be an object"};
            }
        } else if (key == "usage" && v.type() == od::json_type::object) {
            readUsageObject(v.get_object(), nested);
        } else if (key == "input_tokens" || key == "prompt_tokens") {
            if (auto n = nonNegative(v, key); n >= 0) req.known.inputTokens = n;
        } else if (key == "cached_input_tokens" || key == "input_cached_tokens" || key == "cached_tokens" ||
                   key == "cache_read_input_tokens") {
            if (auto n = nonNegative(v, key); n >= 0) req.known.cachedInputTokens = n;
        } else if (key == "cache_write_tokens" || key == "cache_creation_input_tokens" ||
                   key == "input_cache_write_tokens") {
            if (auto n = nonNegative(v, key); n >= 0) req.known.cacheWriteTokens = n;
        } else if (key == "output_tokens" || key == "completion_tokens") {
            if (auto n = nonNegative(v, key); n >= 0) req.known.outputTokens = n;
        } else if (key == "max_output_tokens" || key == "max_tokens") {
            if (auto n = nonNegative(v, key); n > 0) req.options.maxOutputTokens = n;
        } else if (key == "json_mode") {
            req.options.jsonMode = v.type() == od::json_type::boolean && bool(v.get_bool());
        } else if (key == "tools") {
            if (v.type() == od::json_type::boolean)
                req.options.toolsPresent = v.get_bool();
            else if (v.type() == od::json_type::array) {
                od::array tools = v.get_array();
                req.options.toolsPresent = tools.count_elements().value() > 0;
            }
        } else if (key == "model") {
            rec.model = scalarText(v);
        } else if (key == "timestamp" || key == "startTime" || key == "start_time") {
            rec.timestamp = scalarText(v);
        } else if (key == "count") {
            const std::int64_t n = nonNegative(v, key);
            if (n < 1) throw FormatError{"\"count\" must be 1 or more"};
            rec.count = n;
        } else if (key == "num_model_requests" || key == "api_requests") {
            const std::int64_t n = nonNegative(v, key);
            rec.count = std::max<std::int64_t>(n, 0);
            rec.tokensAreTotals = true;
        } else if (key == "batch") {
            if (v.type() == od::json_type::boolean)
                rec.batch = v.get_bool();
            else if (v.type() != od::json_type::null)
                throw FormatError{"\"batch\" must be true, false or null"};
        } else if (key == "spend" || key == "cost_usd" || key == "response_cost") {
            if (auto m = amountOf(v, key)) rec.billed = m;
        } else if (key == "amount" && v.type() == od::json_type::object) {
            // OpenAI's costs API: {"value": 0.06, "currency": "usd"}.
            std::optional<Money> value;
            std::string currency;
            for (auto af : v.get_object()) {
                const std::string_view ak = af.unescaped_key();
                if (ak == "value")
                    value = amountOf(af.value(), "amount.value");
                else if (ak == "currency")
                    currency = toLowerAscii(scalarText(af.value()));
            }
            if (!currency.empty() && currency != "usd")
                throw FormatError{"only amounts in USD can be compared with catalog prices, not " + currency};
            if (value) rec.billed = value;
        } else if (key == "label" || key == "difficulty") {
            rec.label = scalarText(v);
        } else if (key == "end_user" || key == "user" || key == "user_id") {
            if (auto s = scalarText(v); !s.empty()) req.setMeta("user", s);
        } else if (key == "project_id") {
            if (auto s = scalarText(v); !s.empty()) req.setMeta("project", s);
        } else if (key == "_header") {
            header = true;
        } else if ((key == "results" || key == "data") && v.type() == od::json_type::array) {
            // A usage bucket's results, or a usage page's buckets.
            isContainer = true;
            for (auto item : v.get_array()) {
                od::value iv = item.value();
                if (iv.type() != od::json_type::object)
                    throw FormatError{key == "data" ? "each item of a page's \"data\" must be an object"
                                                    : "each usage result must be an object"};
                readRecord(iv.get_object(), ctx, rec.timestamp);
            }
        }
    }
    if (header || isContainer) return;
    KnownUsage& k = rec.request.known;
    if (!k.inputTokens) k.inputTokens = nested.input;
    if (!k.outputTokens) k.outputTokens = nested.output;
    if (!k.cachedInputTokens) k.cachedInputTokens = nested.cached;
    if (!k.cacheWriteTokens) k.cacheWriteTokens = nested.cacheWrite;
    if (k.inputTokens && k.cachedInputTokens.value_or(0) + k.cacheWriteTokens.value_or(0) > *k.inputTokens)
        throw FormatError{
            "cached and cache-write tokens are parts of the input tokens, so together they cannot exceed them"};
    if (!system.empty()) rec.request.messages.insert(rec.request.messages.begin(), Message{"system", system});
    if (!havePrompt && !k.inputTokens) {
        if (rec.billed && !k.outputTokens) {  // a cost line without usage
            rec.billingOnly = true;
            ctx.out->push_back(std::move(rec));
            return;
        }
        throw FormatError{"a record needs \"prompt\", \"messages\" or \"input_tokens\""};
    }
    if (rec.count == 0) return;  // a usage bucket with no requests
    ctx.out->push_back(std::move(rec));
}

}  // namespace

std::optional<Money> moneyFromDecimal(std::string_view text) {
    // [-]digits[.digits][(e|E)[+-]digits] -> units of 1e-19 USD.
    size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
    Int128 mantissa = 0;
    int fractionDigits = 0, digits = 0;
    bool point = false;
    int dropped = 0;  // integer digits beyond what an Int128 holds (refused below)
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.' && !point) {
            point = true;
            continue;
        }
        if (c < '0' || c > '9') break;
        ++digits;
        if (mantissa > (static_cast<Int128>(1) << 120) / 10) {
            if (!point) ++dropped;
            continue;  // further fraction digits are below any unit we keep
        }
        mantissa = mantissa * 10 + (c - '0');
        if (point) ++fractionDigits;
    }
    if (digits == 0 || dropped > 0) return std::nullopt;
    int exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negExp = false;
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) negExp = text[i++] == '-';
        if (i >= text.size()) return std::nullopt;
        for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
            exponent = exponent * 10 + (text[i] - '0');
            if (exponent > 1000) return std::nullopt;
        }
        if (negExp) exponent = -exponent;
    }
    if (i != text.size()) return std::nullopt;
    int scale = 19 + exponent - fractionDigits;  // units = mantissa x 10^scale
    Int128 units = mantissa;
    if (scale >= 0) {
        for (; scale > 0; --scale) {
            if (units > (static_cast<Int128>(1) << 122) / 10) return std::nullopt;
            units *= 10;
        }
    } else {
        if (scale < -40)
            units = 0;
        else {
            Int128 div = 1;
            for (; scale < 0; ++scale) div *= 10;
            const Int128 rem = units % div;
            units /= div;
            if (2 * rem >= div) ++units;
        }
    }
    return Money::fromUnits(negative ? -units : units);
}

struct JsonlTrafficParser::Impl {
    od::parser parser;
    od::parser nested;
};

JsonlTrafficParser::JsonlTrafficParser() : m_impl(new Impl) {}
JsonlTrafficParser::~JsonlTrafficParser() { delete m_impl; }

std::string JsonlTrafficParser::parse(std::string_view line, std::vector<TrafficRecord>& out) {
    const size_t before = out.size();
    const size_t first = line.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || line[first] != '{')
        return "not a JSON object (each record of a log is one object)";
    try {
        od::document doc = m_impl->parser.iterate(line.data(), line.size(), line.size() + kPadding);
        od::object obj = doc.get_object();
        ReadContext ctx{&m_impl->nested, &out};
        readRecord(obj, ctx, {});
        // Anything but white space after the object is an error (one object a line or a document).
        if (auto rest = doc.current_location(); rest.error() == simdjson::SUCCESS)
            throw FormatError{"unexpected text after the JSON object"};
        return {};
    } catch (const FormatError& e) {
        out.resize(before);
        return e.message;
    } catch (const simdjson::simdjson_error& e) {
        out.resize(before);
        const auto code = e.error();
        if (code == simdjson::INCORRECT_TYPE) return "expected a JSON object";
        return std::string("not valid JSON (") + simdjson::error_message(code) + ")";
    }
}

bool splitCsvRecord(std::string_view rec, std::vector<std::string>& cells) {
    cells.clear();
    std::string cell;
    size_t i = 0;
    while (true) {
        cell.clear();
        if (i < rec.size() && rec[i] == '"') {
            ++i;
            bool closed = false;
            while (i < rec.size()) {
                if (rec[i] == '"') {
                    if (i + 1 < rec.size() && rec[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                cell += rec[i++];
            }
            if (!closed) return false;
            while (i < rec.size() && rec[i] != ',') ++i;  // junk after a closing quote is dropped
        } else {
            while (i < rec.size() && rec[i] != ',') cell += rec[i++];
            if (!cell.empty() && cell.back() == '\r') cell.pop_back();
        }
        cells.push_back(cell);
        if (i >= rec.size()) break;
        ++i;  // the comma
    }
    return true;
}

namespace {
const char* const kCsvFields[] = {"id",
                                  "prompt",
                                  "system",
                                  "endpoint",
                                  "user_plan",
                                  "task_type",
                                  "input_tokens",
                                  "cached_input_tokens",
                                  "cache_write_tokens",
                                  "output_tokens",
                                  "max_output_tokens",
                                  "json_mode",
                                  "tools",
                                  "model",
                                  "timestamp",
                                  "count",
                                  "label",
                                  "batch",
                                  "cost_usd"};

std::optional<std::int64_t> parseWhole(std::string_view s) {
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 0) return std::nullopt;
    return v;
}
}  // namespace

const std::vector<std::string>& csvTrafficFields() {
    static const std::vector<std::string> fields(std::begin(kCsvFields), std::end(kCsvFields));
    return fields;
}

CsvTrafficParser::CsvTrafficParser(std::map<std::string, std::string> mapping) : m_mapping(std::move(mapping)) {}

std::string CsvTrafficParser::setHeader(const std::vector<std::string>& cells) {
    m_columns = cells;
    m_fieldOfColumn.assign(cells.size(), "");
    for (size_t c = 0; c < cells.size(); ++c) {
        for (const char* f : kCsvFields)
            if (cells[c] == f && !m_mapping.count(f)) m_fieldOfColumn[c] = f;
    }
    for (const auto& [field, column] : m_mapping) {
        bool known = false;
        for (const char* f : kCsvFields) known = known || field == f;
        if (!known) return "unknown field \"" + field + "\" in the column mapping";
        auto it = std::find(cells.begin(), cells.end(), column);
        if (it == cells.end()) return "the column \"" + column + "\" (mapped to " + field + ") is not in the header";
        m_fieldOfColumn[static_cast<size_t>(it - cells.begin())] = field;
    }
    return {};
}

std::string CsvTrafficParser::parse(const std::vector<std::string>& cells, TrafficRecord& rec) const {
    if (cells.size() != m_columns.size())
        return "expected " + std::to_string(m_columns.size()) + " cells, found " + std::to_string(cells.size());
    rec = TrafficRecord{};
    std::string prompt, system;
    bool havePrompt = false;
    for (size_t c = 0; c < cells.size(); ++c) {
        const std::string& f = m_fieldOfColumn[c];
        const std::string& v = cells[c];
        if (f.empty()) {
            if (!v.empty()) rec.request.setMeta(m_columns[c], v);
            continue;
        }
        auto whole = [&](std::optional<std::int64_t>& target) -> std::string {
            if (v.empty()) return {};
            auto n = parseWhole(v);
            if (!n) return "column \"" + m_columns[c] + "\" (" + f + ") must be a whole number, not \"" + v + "\"";
            target = n;
            return {};
        };
        std::string err;
        if (f == "prompt") {
            prompt = v;
            havePrompt = true;
        } else if (f == "system")
            system = v;
        else if (f == "id")
            rec.request.id = v;
        else if (f == "endpoint" || f == "user_plan" || f == "task_type")
            rec.request.setMeta(f, v);
        else if (f == "input_tokens")
            err = whole(rec.request.known.inputTokens);
        else if (f == "cached_input_tokens")
            err = whole(rec.request.known.cachedInputTokens);
        else if (f == "cache_write_tokens")
            err = whole(rec.request.known.cacheWriteTokens);
        else if (f == "batch")
            rec.batch = v == "true" || v == "1";
        else if (f == "cost_usd") {
            if (!v.empty()) {
                rec.billed = moneyFromDecimal(v);
                if (!rec.billed)
                    err = "column \"" + m_columns[c] + "\" (cost_usd) must be an amount in USD, not \"" + v + "\"";
            }
        } else if (f == "output_tokens")
            err = whole(rec.request.known.outputTokens);
        else if (f == "max_output_tokens")
            err = whole(rec.request.options.maxOutputTokens);
        else if (f == "json_mode")
            rec.request.options.jsonMode = v == "true" || v == "1";
        else if (f == "tools")
            rec.request.options.toolsPresent = v == "true" || v == "1";
        else if (f == "model")
            rec.model = v;
        else if (f == "timestamp")
            rec.timestamp = v;
        else if (f == "label")
            rec.label = v;
        else if (f == "count") {
            std::optional<std::int64_t> n;
            err = whole(n);
            if (err.empty() && n) {
                if (*n < 1) return "column \"" + m_columns[c] + "\" (count) must be 1 or more";
                rec.count = *n;
            }
        }
        if (!err.empty()) return err;
    }
    if (!system.empty()) rec.request.messages.push_back({"system", system});
    if (havePrompt) rec.request.messages.push_back({"user", prompt});
    if (!havePrompt && !rec.request.known.inputTokens) return "a row needs a prompt or input_tokens";
    const KnownUsage& k = rec.request.known;
    if (k.inputTokens && k.cachedInputTokens.value_or(0) + k.cacheWriteTokens.value_or(0) > *k.inputTokens)
        return "cached and cache-write tokens are parts of the input tokens, so together they cannot exceed them";
    return {};
}

}  // namespace switchyard::core
