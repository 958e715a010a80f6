#include "core/simulate/trafficsource.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/common/utf8text.h"
#include "core/policy/textmatch.h"

namespace switchyard::core {
namespace {

constexpr size_t kSniffBytes = size_t{1} << 20;

bool isSeparator(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == '[' || c == ']'; }

// The end of the JSON value starting at data[pos] (an object, or a stray scalar), or npos when
// it does not end within `size` bytes. Tracks strings and escapes so braces inside text count
// for nothing.
size_t valueEnd(const char* data, size_t size, size_t pos) {
    if (data[pos] != '{') {
        while (pos < size && !isSeparator(data[pos]) && data[pos] != '{') ++pos;
        return pos;
    }
    int depth = 0;
    bool inString = false;
    for (size_t i = pos; i < size; ++i) {
        const char c = data[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']') {
            if (--depth == 0) return i + 1;
        }
    }
    return std::string::npos;
}

size_t skipSeparators(const char* data, size_t size, size_t pos, std::int64_t* newlines) {
    while (pos < size && isSeparator(data[pos])) {
        if (newlines && data[pos] == '\n') ++*newlines;
        ++pos;
    }
    return pos;
}

// Where the next record starts after the last complete one in data[0, size): for JSONL after
// the last newline; for CSV after the last newline outside quotes; for documents after the
// last complete top-level value. npos when none.
size_t lastRecordEnd(const char* data, size_t size, TrafficLayout layout) {
    if (layout == TrafficLayout::Lines) {
        for (size_t i = size; i > 0; --i)
            if (data[i - 1] == '\n') return i;
        return std::string::npos;
    }
    if (layout == TrafficLayout::Csv) {
        bool quoted = false;
        size_t last = std::string::npos;
        for (size_t i = 0; i < size; ++i) {
            if (data[i] == '"')
                quoted = !quoted;
            else if (data[i] == '\n' && !quoted)
                last = i + 1;
        }
        return last;
    }
    size_t last = std::string::npos;
    size_t pos = 0;
    while (true) {
        pos = skipSeparators(data, size, pos, nullptr);
        if (pos >= size) return last;
        const size_t end = valueEnd(data, size, pos);
        if (end == std::string::npos || end >= size) return last;  // a scalar may go on in the next chunk
        last = end;
        pos = end;
    }
}

// JSON that spans lines (a pretty-printed page) or sits in a top-level array is read as
// documents; one object per line stays JSONL, where a broken line costs only that line.
TrafficLayout sniffJson(const char* data, size_t size) {
    size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n')) ++i;
    if (i >= size) return TrafficLayout::Lines;
    if (data[i] == '[') return TrafficLayout::Documents;
    if (data[i] != '{') return TrafficLayout::Lines;
    int depth = 0;
    bool inString = false;
    for (; i < size; ++i) {
        const char c = data[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
            continue;
        }
        if (c == '"')
            inString = true;
        else if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']') {
            if (--depth == 0) return TrafficLayout::Lines;
        } else if (c == '\n') {
            return TrafficLayout::Documents;
        }
    }
    return TrafficLayout::Lines;
}

}  // namespace

TrafficSource::TrafficSource(TrafficSource&& o) noexcept { *this = std::move(o); }

TrafficSource& TrafficSource::operator=(TrafficSource&& o) noexcept {
    if (this != &o) {
        if (m_fp) std::fclose(m_fp);
        m_fp = std::exchange(o.m_fp, nullptr);
        m_file = std::move(o.m_file);
        m_layout = o.m_layout;
        m_csv = std::move(o.m_csv);
        m_totalBytes = o.m_totalBytes;
        m_bytesRead = o.m_bytesRead;
        m_headerLines = o.m_headerLines;
        m_nextLine = o.m_nextLine;
        m_carry = std::move(o.m_carry);
        m_eof = o.m_eof;
        m_lastByte = o.m_lastByte;
    }
    return *this;
}

TrafficSource::~TrafficSource() {
    if (m_fp) std::fclose(m_fp);
}

Result<TrafficSource> TrafficSource::open(const std::filesystem::path& path, TrafficFormat format,
                                          const std::map<std::string, std::string>& csvColumns) {
    TrafficSource s;
    s.m_file = path.string();
    s.m_fp = std::fopen(path.c_str(), "rb");
    if (!s.m_fp)
        return Problem{s.m_file, 0, 0, {}, std::string("cannot open the traffic log: ") + std::strerror(errno)};
    std::error_code ec;
    s.m_totalBytes = std::filesystem::file_size(path, ec);

    bool csv = format == TrafficFormat::Csv;
    if (format == TrafficFormat::Auto) csv = toLowerAscii(path.extension().string()) == ".csv";
    if (csv) {
        s.m_layout = TrafficLayout::Csv;
        s.m_csv = std::make_unique<CsvTrafficParser>(csvColumns);
        std::string header;
        int c;
        bool quoted = false;
        while ((c = std::fgetc(s.m_fp)) != EOF) {
            if (c == '"') quoted = !quoted;
            if (c == '\n' && !quoted) break;
            header += static_cast<char>(c);
        }
        s.m_bytesRead = header.size() + (c == EOF ? 0 : 1);
        if (!header.empty() && header.back() == '\r') header.pop_back();
        if (header.size() >= 3 && header.compare(0, 3, "\xEF\xBB\xBF") == 0) header.erase(0, 3);
        std::vector<std::string> cells;
        if (!splitCsvRecord(header, cells)) return Problem{s.m_file, 1, 0, {}, "the CSV header has an unclosed quote"};
        if (std::string err = s.m_csv->setHeader(cells); !err.empty()) return Problem{s.m_file, 1, 0, {}, err};
        s.m_nextLine = 2;
        s.m_headerLines = 1;
        return s;
    }

    // JSON: skip a byte-order mark, then sniff the layout from the first megabyte.
    std::string head(kSniffBytes, '\0');
    head.resize(std::fread(head.data(), 1, head.size(), s.m_fp));
    size_t start = head.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    if (std::fseek(s.m_fp, static_cast<long>(start), SEEK_SET) != 0)
        return Problem{s.m_file, 0, 0, {}, "cannot read the traffic log"};
    s.m_bytesRead = start;
    s.m_layout = format == TrafficFormat::Json    ? TrafficLayout::Documents
                 : format == TrafficFormat::Jsonl ? TrafficLayout::Lines
                                                  : sniffJson(head.data() + start, head.size() - start);
    return s;
}

bool TrafficSource::next(TrafficChunk& chunk, size_t chunkBytes) {
    while (!m_eof) {
        // Read straight into the chunk; the bytes after the cut (the next record's start) double
        // as simdjson's readable padding, and move on as the carry.
        chunk.data.resize(m_carry.size() + chunkBytes + JsonlTrafficParser::kPadding);
        std::memcpy(chunk.data.data(), m_carry.data(), m_carry.size());
        const size_t got = std::fread(chunk.data.data() + m_carry.size(), 1, chunkBytes, m_fp);
        m_bytesRead += got;
        const size_t have = m_carry.size() + got;
        if (have > 0) m_lastByte = chunk.data[have - 1];
        m_eof = got < chunkBytes;
        const size_t cut = m_eof ? have : lastRecordEnd(chunk.data.data(), have, m_layout);
        if (cut == std::string::npos) {  // one record longer than a chunk: read more
            m_carry.assign(chunk.data.data(), have);
            continue;
        }
        m_carry.assign(chunk.data.data() + cut, have - cut);
        std::memset(chunk.data.data() + cut, 0, std::min(JsonlTrafficParser::kPadding, chunk.data.size() - cut));
        chunk.size = cut;
        chunk.firstLine = m_nextLine;
        m_nextLine += static_cast<std::int64_t>(std::count(chunk.data.data(), chunk.data.data() + cut, '\n'));
        if (cut > 0) return true;
    }
    return false;
}

bool forEachRecord(const TrafficChunk& chunk, TrafficLayout layout, const CsvTrafficParser* csv, RecordParsers& parsers,
                   ChunkCounts& counts, size_t maxProblems, const std::string& file,
                   const std::function<bool(TrafficRecord&, std::int64_t)>& onRecord) {
    auto fail = [&](std::int64_t line, const std::string& message) {
        ++counts.malformed;
        // Messages quote cells of the log, which may be any bytes: keep them valid UTF-8 to show.
        if (counts.problems.size() < maxProblems)
            counts.problems.push_back({file, static_cast<int>(line), 0, {}, validUtf8(message)});
    };
    auto parseJson = [&](std::string_view text, std::int64_t line) {
        parsers.records.clear();
        std::string err = parsers.jsonl.parse(text, parsers.records);
        if (!err.empty()) fail(line, err);
        for (auto& r : parsers.records)
            if (!onRecord(r, line)) return false;
        return true;
    };
    const char* data = chunk.data.data();
    const size_t size = chunk.size;
    std::int64_t line = chunk.firstLine;

    if (layout == TrafficLayout::Documents) {
        counts.lines += static_cast<std::int64_t>(std::count(data, data + size, '\n'));
        size_t pos = 0;
        while (true) {
            pos = skipSeparators(data, size, pos, &line);
            if (pos >= size) return true;
            size_t end = valueEnd(data, size, pos);
            if (end == std::string::npos) end = size;  // cut short at the end of the file: its own problem
            const std::string_view text(data + pos, end - pos);
            const std::int64_t startLine = line;
            line += static_cast<std::int64_t>(std::count(text.begin(), text.end(), '\n'));
            if (!parseJson(text, startLine)) return false;
            pos = end;
        }
    }

    const bool isCsv = layout == TrafficLayout::Csv;
    const char* p = data;
    const char* end = data + size;
    while (p < end) {
        // One record: a line, or for CSV a row that may span lines inside quotes.
        const char* q = p;
        std::int64_t newlines = 0;
        if (!isCsv) {
            q = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
            if (!q) q = end;
        } else {
            bool quoted = false;
            while (q < end && (quoted || *q != '\n')) {
                if (*q == '"') quoted = !quoted;
                if (*q == '\n') ++newlines;
                ++q;
            }
        }
        std::string_view rec(p, static_cast<size_t>(q - p));
        if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
        ++counts.lines;
        if (rec.find_first_not_of(" \t") != std::string_view::npos) {
            if (!isCsv) {
                if (!parseJson(rec, line)) return false;
            } else {
                TrafficRecord r;
                std::string err;
                if (!splitCsvRecord(rec, parsers.cells))
                    err = "a quoted cell is not closed";
                else
                    err = csv->parse(parsers.cells, r);
                if (!err.empty())
                    fail(line, err);
                else if (!onRecord(r, line))
                    return false;
            }
        }
        line += 1 + newlines;
        p = q < end ? q + 1 : end;
    }
    return true;
}

}  // namespace switchyard::core
