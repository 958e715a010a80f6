#include "core/common/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>

#include "core/version.h"

namespace switchyard::core {
namespace fs = std::filesystem;

namespace {

Problem fileProblem(const fs::path& path, const std::string& what, int err) {
    return Problem{path.string(), 0, 0, {}, what + ": " + std::strerror(err)};
}

// Closes a POSIX descriptor on scope exit.
class FileDescriptor final {
public:
    explicit FileDescriptor(int fd) : m_fd(fd) {}
    ~FileDescriptor() {
        if (m_fd >= 0) ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    [[nodiscard]] int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

}  // namespace

Result<std::string> readTextFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fileProblem(path, "cannot open the file", errno);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) return fileProblem(path, "cannot read the file", errno);
    return buffer.str();
}

Status writeFileAtomically(const fs::path& path, std::string_view content) {
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
    std::random_device rd;
    const fs::path temp = dir / ("." + path.filename().string() + ".tmp-" + std::to_string(rd()));

    FileDescriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
    if (fd.get() < 0) return fileProblem(path, "cannot create a temporary file to save", errno);

    auto fail = [&](const std::string& what) -> Status {
        const int err = errno;
        ::close(fd.release());
        ::unlink(temp.c_str());
        return fileProblem(path, what, err);
    };
    const char* data = content.data();
    size_t left = content.size();
    while (left > 0) {
        ssize_t n = ::write(fd.get(), data, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("cannot write");
        }
        data += n;
        left -= static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0) return fail("cannot flush to disk");
    if (::close(fd.release()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return fileProblem(path, "cannot close", err);
    }
    if (::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return fileProblem(path, "cannot replace the file", err);
    }
    // Make the rename itself durable.
    FileDescriptor dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dirFd.get() >= 0) ::fsync(dirFd.get());
    return Ok{};
}

fs::path resourceDir() {
    if (const char* env = std::getenv("SWITCHYARD_RESOURCES"); env && *env) return fs::path(env);
    std::error_code ec;
    // An installed program (PREFIX/bin/x) reads PREFIX/share/switchyard, even on a machine that
    // still holds the source tree it was built from; a program in a build folder has no such
    // sibling and reads the source tree.
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        fs::path besideExe = exe.parent_path().parent_path() / "share" / "switchyard";
        if (exe.parent_path().filename() == "bin" && fs::is_directory(besideExe, ec)) return besideExe;
    }
    if (fs::is_directory(kSourceResourceDir, ec)) return fs::path(kSourceResourceDir);
    return fs::path(kInstalledResourceDir);
}

}  // namespace switchyard::core
