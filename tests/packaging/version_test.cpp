// --version of every program: the project version with the commit it was built from, the
// libraries in use, and the resources folder the program reads: the source tree's from a build
// folder, PREFIX/share/switchyard once installed as PREFIX/bin/<program>.
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include "core/version.h"

namespace fs = std::filesystem;
using namespace switchyard;

namespace {
// stdout of a shell command, and its exit status.
std::pair<int, std::string> capture(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return {-1, out};
    std::array<char, 4096> buf{};
    size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// `program --version` with no SWITCHYARD_RESOURCES, as a user runs it.
std::pair<int, std::string> version(const std::string& binary) {
    return capture("env -u SWITCHYARD_RESOURCES QT_QPA_PLATFORM=offscreen " + quote(binary) + " --version 2>/dev/null");
}

std::string lineStartingWith(const std::string& text, const std::string& prefix) {
    for (size_t start = 0; start < text.size();) {
        const size_t end = text.find('\n', start);
        const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (line.rfind(prefix, 0) == 0) return line;
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}

struct Program {
    const char* name;
    const char* binary;
};
}  // namespace

class VersionOfEveryProgram : public ::testing::TestWithParam<Program> {};

TEST_P(VersionOfEveryProgram, NamesTheBuildTheLibrariesAndTheResources) {
    const auto [code, out] = version(GetParam().binary);
    ASSERT_EQ(code, 0) << out;
    EXPECT_EQ(out.substr(0, out.find('\n')),
              std::string(GetParam().name) + " " + core::kVersion + " (git " + core::buildCommit() + ")");
    const std::string libraries = lineStartingWith(out, "SQLite ");
    EXPECT_NE(libraries.find(std::string("SQLite ") + sqlite3_libversion() + ","), std::string::npos) << out;
    EXPECT_NE(libraries.find(std::string("libcurl ") + curl_version_info(CURLVERSION_NOW)->version + ","),
              std::string::npos)
        << out;
    EXPECT_NE(libraries.find(std::string("RE2 ") + core::kRe2PackageVersion), std::string::npos) << out;
    EXPECT_EQ(lineStartingWith(out, "resources: "),
              "resources: " + fs::path(SWITCHYARD_SOURCE_DIR "/resources").string());
}

const Program kPrograms[] = {
    {"switchyard-cli", SWITCHYARD_CLI},
    {"switchyard-mock", SWITCHYARD_MOCK},
#ifdef SWITCHYARD_GUI
    {"switchyard", SWITCHYARD_GUI},
#endif
};
INSTANTIATE_TEST_SUITE_P(Programs, VersionOfEveryProgram, ::testing::ValuesIn(kPrograms),
                         [](const ::testing::TestParamInfo<Program>& param) {
                             const std::string name = param.param.name;
                             return name == "switchyard" ? std::string("gui") : name.substr(11);
                         });

// The commit is the source tree's HEAD (git describe --always: the abbreviated hash, after
// "-g" when a tag is reachable), read at build time.
TEST(BuildCommit, IsTheSourceTreesHead) {
    const auto [code, head] = capture("git -C " + quote(SWITCHYARD_SOURCE_DIR) + " rev-parse HEAD 2>/dev/null");
    if (code != 0) GTEST_SKIP() << "the source tree is not a git checkout";
    std::string hash = core::buildCommit();
    if (const size_t dirty = hash.find("-dirty"); dirty != std::string::npos) hash.erase(dirty);
    if (const size_t g = hash.rfind("-g"); g != std::string::npos) hash = hash.substr(g + 2);
    ASSERT_GE(hash.size(), 7u) << core::buildCommit();
    EXPECT_EQ(head.substr(0, hash.size()), hash) << "rebuild: the commit changed since the last build";
}

TEST(BuildCommit, Re2VersionIsTheInstalledPackage) {
    const auto [code, installed] = capture("dpkg-query -W -f='${Version}' libre2-dev 2>/dev/null");
    if (code != 0) GTEST_SKIP() << "dpkg-query does not know libre2-dev";
    EXPECT_EQ(installed, core::kRe2PackageVersion);
}

// A copy of the program laid out as installed (PREFIX/bin/switchyard-mock beside
// PREFIX/share/switchyard) reads PREFIX/share/switchyard even though the source tree exists;
// without that folder it falls back to the source tree.
TEST(ResourceDir, AnInstalledProgramReadsItsPrefixShare) {
    const fs::path prefix = fs::path(SWITCHYARD_BINARY_DIR) / ("installed-layout-" + std::to_string(::getpid()));
    fs::remove_all(prefix);
    fs::create_directories(prefix / "bin");
    const fs::path program = prefix / "bin" / "switchyard-mock";
    std::error_code ec;
    fs::create_hard_link(SWITCHYARD_MOCK, program, ec);  // same file system: no 60 MB copy
    if (ec) fs::copy_file(SWITCHYARD_MOCK, program);

    EXPECT_EQ(lineStartingWith(version(program.string()).second, "resources: "),
              "resources: " + fs::path(SWITCHYARD_SOURCE_DIR "/resources").string());
    fs::create_directories(prefix / "share" / "switchyard");
    EXPECT_EQ(lineStartingWith(version(program.string()).second, "resources: "),
              "resources: " + (prefix / "share" / "switchyard").string());
    fs::remove_all(prefix);
}
