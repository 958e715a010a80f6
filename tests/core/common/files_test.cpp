#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "core/common/files.h"

using namespace switchyard::core;
namespace fs = std::filesystem;

namespace {
fs::path freshDir(const std::string& name) {
    fs::path dir = fs::temp_directory_path() / ("switchyard-files-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}
}  // namespace

TEST(Files, AtomicWriteReplacesContentAndLeavesNoTemporaryFile) {
    fs::path dir = freshDir("replace");
    fs::path file = dir / "doc.json";
    ASSERT_TRUE(writeFileAtomically(file, "first").ok());
    ASSERT_TRUE(writeFileAtomically(file, "second").ok());
    EXPECT_EQ(*readTextFile(file), "second");
    EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);
    fs::remove_all(dir);
}

TEST(Files, FailedWriteKeepsTheOldFile) {
    if (::geteuid() == 0) GTEST_SKIP() << "root ignores directory permissions";
    fs::path dir = freshDir("readonly");
    fs::path file = dir / "doc.json";
    ASSERT_TRUE(writeFileAtomically(file, "precious").ok());
    ::chmod(dir.c_str(), 0555);
    Status s = writeFileAtomically(file, "lost?");
    ::chmod(dir.c_str(), 0755);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.problem().message.find("cannot"), std::string::npos);
    EXPECT_EQ(s.problem().file, file.string());
    EXPECT_EQ(*readTextFile(file), "precious");
    fs::remove_all(dir);
}

TEST(Files, WriteIntoAMissingFolderFailsWithTheReason) {
    Status s = writeFileAtomically("/nonexistent-switchyard-dir/x.json", "x");
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.problem().toString().find("No such file"), std::string::npos);
}

TEST(Files, ReadingAMissingFileNamesIt) {
    auto r = readTextFile("/nonexistent-switchyard/file.json");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.problem().file, "/nonexistent-switchyard/file.json");
}
