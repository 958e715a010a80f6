#pragma once
// Reading and atomically replacing files. A failed write never damages the existing file.

#include <filesystem>
#include <string>
#include <string_view>

#include "core/common/result.h"

namespace switchyard::core {

// The whole file, or a Problem naming the path and the reason (e.g. "No such file").
Result<std::string> readTextFile(const std::filesystem::path& path);

// Writes `content` to a temporary file beside `path`, fsyncs it, renames it over `path` and
// fsyncs the folder. On any failure the temporary file is removed and `path` is untouched.
Status writeFileAtomically(const std::filesystem::path& path, std::string_view content);

// The resources/ folder: $SWITCHYARD_RESOURCES if set; else PREFIX/share/switchyard when the
// running program is PREFIX/bin/<program> (installed); else the source tree's when it exists;
// else the configured install prefix's.
std::filesystem::path resourceDir();

}  // namespace switchyard::core
