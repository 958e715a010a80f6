// The JSON Schema subset of the json_schema checks (see jsonschema.h).
#include "core/workspace/jsonschema.h"

#include <re2/re2.h>

#include <cmath>

#include "core/common/jsontext.h"
#include "core/common/locatedjson.h"
#include "core/common/utf8text.h"
#include "core/workspace/policyspec.h"

namespace switchyard::core {
namespace {

using json = nlohmann::json;

bool typeMatches(const std::string& type, const json& v) {
    if (type == "string") return v.is_string();
    if (type == "number") return v.is_number();
    if (type == "integer")
        return v.is_number_integer() || (v.is_number_float() && std::floor(v.get<double>()) == v.get<double>());
    if (type == "boolean") return v.is_boolean();
    if (type == "object") return v.is_object();
    if (type == "array") return v.is_array();
    if (type == "null") return v.is_null();
    return false;
}

// JSON equality as JSON Schema defines it (1 == 1.0).
bool jsonEqual(const json& a, const json& b) {
    if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
    if (a.type() != b.type()) return false;
    if (a.is_array()) {
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i)
            if (!jsonEqual(a[i], b[i])) return false;
        return true;
    }
    if (a.is_object()) {
        if (a.size() != b.size()) return false;
        for (auto it = a.begin(); it != a.end(); ++it) {
            auto jt = b.find(it.key());
            if (jt == b.end() || !jsonEqual(it.value(), *jt)) return false;
        }
        return true;
    }
    return a == b;
}

std::string validateAt(const json& s, const json& v, const std::string& at) {
    const std::string where = at.empty() ? "the answer" : at;
    if (s.is_boolean()) return s.get<bool>() ? "" : where + " is not allowed";
    if (!s.is_object()) return {};
    if (auto t = s.find("type"); t != s.end()) {
        bool ok = false;
        if (t->is_string())
            ok = typeMatches(t->get<std::string>(), v);
        else if (t->is_array())
            for (const auto& x : *t) ok = ok || (x.is_string() && typeMatches(x.get<std::string>(), v));
        if (!ok) return where + " should be of type " + t->dump() + ", found " + describeJsonType(v);
    }
    if (auto e = s.find("enum"); e != s.end() && e->is_array()) {
        bool ok = false;
        for (const auto& x : *e) ok = ok || jsonEqual(x, v);
        if (!ok) return where + " should be one of " + e->dump();
    }
    if (auto c = s.find("const"); c != s.end() && !jsonEqual(*c, v)) return where + " should be " + c->dump();
    if (v.is_number()) {
        const double x = v.get<double>();
        if (auto m = s.find("minimum"); m != s.end() && m->is_number() && x < m->get<double>())
            return where + " is below the minimum " + m->dump();
        if (auto m = s.find("maximum"); m != s.end() && m->is_number() && x > m->get<double>())
            return where + " is above the maximum " + m->dump();
        if (auto m = s.find("exclusiveMinimum"); m != s.end() && m->is_number() && x <= m->get<double>())
            return where + " should be above " + m->dump();
        if (auto m = s.find("exclusiveMaximum"); m != s.end() && m->is_number() && x >= m->get<double>())
            return where + " should be below " + m->dump();
        if (auto m = s.find("multipleOf"); m != s.end() && m->is_number() && m->get<double>() > 0) {
            const double q = x / m->get<double>();
            if (std::isfinite(q) && std::abs(q - std::round(q)) > 1e-9)
                return where + " is not a multiple of " + m->dump();
        }
    }
    if (v.is_string()) {
        const std::string& str = v.get_ref<const std::string&>();
        const size_t n = utf8CodePoints(str);
        if (auto m = s.find("minLength"); m != s.end() && m->is_number() && static_cast<double>(n) < m->get<double>())
            return where + " is shorter than " + m->dump();
        if (auto m = s.find("maxLength"); m != s.end() && m->is_number() && static_cast<double>(n) > m->get<double>())
            return where + " is longer than " + m->dump();
        if (auto p = s.find("pattern"); p != s.end() && p->is_string()) {
            RE2 re(p->get<std::string>(), RE2::Quiet);
            if (re.ok() && !RE2::PartialMatch(str, re)) return where + " does not match the pattern " + p->dump();
        }
    }
    if (v.is_array()) {
        if (auto m = s.find("minItems");
            m != s.end() && m->is_number() && static_cast<double>(v.size()) < m->get<double>())
            return where + " has fewer than " + m->dump() + " items";
        if (auto m = s.find("maxItems");
            m != s.end() && m->is_number() && static_cast<double>(v.size()) > m->get<double>())
            return where + " has more than " + m->dump() + " items";
        if (auto items = s.find("items"); items != s.end() && (items->is_object() || items->is_boolean())) {
            for (size_t i = 0; i < v.size(); ++i)
                if (auto e = validateAt(*items, v[i], appendPointer(at, i)); !e.empty()) return e;
        }
    }
    if (v.is_object()) {
        if (auto req = s.find("required"); req != s.end() && req->is_array()) {
            for (const auto& k : *req)
                if (k.is_string() && !v.contains(k.get<std::string>()))
                    return where + " lacks the required property \"" + k.get<std::string>() + "\"";
        }
        const json* props = nullptr;
        if (auto p = s.find("properties"); p != s.end() && p->is_object()) props = &*p;
        for (auto it = v.begin(); it != v.end(); ++it) {
            const std::string child = appendPointer(at, it.key());
            if (props && props->contains(it.key())) {
                if (auto e = validateAt((*props)[it.key()], it.value(), child); !e.empty()) return e;
            } else if (auto ap = s.find("additionalProperties"); ap != s.end()) {
                if (ap->is_boolean() && !ap->get<bool>())
                    return where + " has the property \"" + it.key() + "\", which is not allowed";
                if (ap->is_object())
                    if (auto e = validateAt(*ap, it.value(), child); !e.empty()) return e;
            }
        }
    }
    if (auto all = s.find("allOf"); all != s.end() && all->is_array()) {
        for (const auto& sub : *all)
            if (auto e = validateAt(sub, v, at); !e.empty()) return e;
    }
    if (auto any = s.find("anyOf"); any != s.end() && any->is_array()) {
        bool ok = false;
        for (const auto& sub : *any) ok = ok || validateAt(sub, v, at).empty();
        if (!ok) return where + " matches none of anyOf";
    }
    if (auto one = s.find("oneOf"); one != s.end() && one->is_array()) {
        int n = 0;
        for (const auto& sub : *one) n += validateAt(sub, v, at).empty() ? 1 : 0;
        if (n != 1) return where + " matches " + std::to_string(n) + " of oneOf, not exactly one";
    }
    if (auto no = s.find("not"); no != s.end() && validateAt(*no, v, at).empty())
        return where + " matches a schema it must not";
    return {};
}

bool isSchema(const json& s) { return s.is_object() || s.is_boolean(); }

void schemaProblemsAt(const json& s, const std::string& at, std::vector<SchemaProblem>& out) {
    const auto fail = [&](const std::string& key, std::string message) {
        out.push_back({appendPointer(at, key), std::move(message)});
    };
    if (s.is_boolean()) return;
    if (!s.is_object()) {
        out.push_back({at, "a schema must be an object (or true/false), found " + describeJsonType(s)});
        return;
    }
    static const char* const kTypes[] = {"string", "number", "integer", "boolean", "object", "array", "null"};
    const auto knownType = [](const json& t) {
        return t.is_string() && std::any_of(std::begin(kTypes), std::end(kTypes),
                                            [&](const char* k) { return t.get_ref<const std::string&>() == k; });
    };
    if (auto t = s.find("type"); t != s.end()) {
        bool ok = knownType(*t);
        if (t->is_array()) ok = !t->empty() && std::all_of(t->begin(), t->end(), knownType);
        if (!ok)
            fail("type",
                 "\"type\" must name a JSON type (string, number, integer, boolean, object, array or null) "
                 "or list them, found " +
                     t->dump());
    }
    if (auto e = s.find("enum"); e != s.end() && !e->is_array()) fail("enum", "\"enum\" must be a list of values");
    for (const char* key : {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"})
        if (auto m = s.find(key); m != s.end() && !m->is_number())
            fail(key, std::string("\"") + key + "\" must be a number, found " + describeJsonType(*m));
    for (const char* key : {"minLength", "maxLength", "minItems", "maxItems"})
        if (auto m = s.find(key); m != s.end() && !(m->is_number() && m->get<double>() >= 0 &&
                                                    std::floor(m->get<double>()) == m->get<double>()))
            fail(key, std::string("\"") + key + "\" must be a whole number of 0 or more, found " + m->dump());
    if (auto p = s.find("pattern"); p != s.end()) {
        if (!p->is_string())
            fail("pattern", "\"pattern\" must be a string");
        else if (auto e = regexError(p->get_ref<const std::string&>()))
            fail("pattern", "the pattern does not compile: " + *e);
    }
    if (auto r = s.find("required"); r != s.end()) {
        if (!r->is_array() || !std::all_of(r->begin(), r->end(), [](const json& k) { return k.is_string(); }))
            fail("required", "\"required\" must be a list of property names");
    }
    if (auto p = s.find("properties"); p != s.end()) {
        if (!p->is_object())
            fail("properties", "\"properties\" must be an object of schemas, one per property");
        else
            for (auto it = p->begin(); it != p->end(); ++it)
                schemaProblemsAt(it.value(), appendPointer(appendPointer(at, "properties"), it.key()), out);
    }
    if (auto items = s.find("items"); items != s.end() && items->is_array())
        fail("items",
             "the list form of \"items\" (one schema per position) is not supported: give one schema for "
             "every item");
    for (const char* key : {"items", "additionalProperties", "not"})
        if (auto sub = s.find(key); sub != s.end()) {
            if (sub->is_array() && std::string_view(key) == "items") continue;  // said above
            if (!isSchema(*sub))
                fail(key, std::string("\"") + key + "\" must be a schema (an object, or true/false), found " +
                              describeJsonType(*sub));
            else
                schemaProblemsAt(*sub, appendPointer(at, key), out);
        }
    for (const char* key : {"allOf", "anyOf", "oneOf"})
        if (auto list = s.find(key); list != s.end()) {
            if (!list->is_array() || list->empty()) {
                fail(key, std::string("\"") + key + "\" must be a list of one or more schemas");
                continue;
            }
            for (size_t i = 0; i < list->size(); ++i)
                schemaProblemsAt((*list)[i], appendPointer(appendPointer(at, key), i), out);
        }
}

}  // namespace

std::vector<SchemaProblem> jsonSchemaProblems(const nlohmann::json& schema) {
    std::vector<SchemaProblem> out;
    schemaProblemsAt(schema, "", out);
    return out;
}

std::string validateJsonSchema(const nlohmann::json& schema, const nlohmann::json& instance) {
    return validateAt(schema, instance, "");
}

}  // namespace switchyard::core
