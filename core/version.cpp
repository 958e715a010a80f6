#include "core/version.h"

#include <curl/curl.h>
#include <sqlite3.h>

#include "core/common/files.h"

namespace switchyard::core {
const char* versionString() { return kVersion; }

std::string versionLine() { return std::string(kVersion) + " (git " + buildCommit() + ")"; }

std::vector<std::pair<std::string, std::string>> libraryVersions() {
    const curl_version_info_data* curl = curl_version_info(CURLVERSION_NOW);
    return {{"SQLite", sqlite3_libversion()},
            {"libcurl", curl && curl->version ? curl->version : "unknown"},
            {"RE2", std::string(kRe2PackageVersion) + " (Debian package at build time)"}};
}

std::string versionReport(const std::string& program) {
    std::string report = program + " " + versionLine() + "\n";
    std::string separator;
    for (const auto& [name, version] : libraryVersions()) {
        report += separator + name + " " + version;
        separator = ", ";
    }
    return report + "\nresources: " + resourceDir().string();
}
}  // namespace switchyard::core
