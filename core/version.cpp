#include "core/version.h"

// switchyard_core needs one translation unit of its own; the version lives here.
namespace switchyard::core {
const char* versionString() { return kVersion; }
}  // namespace switchyard::core
