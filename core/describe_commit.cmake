# Run at build time (cmake -P): writes OUTPUT, a C++ file defining switchyard::core::buildCommit()
# from `git describe --always --dirty` of SOURCE_DIR. The file is rewritten only when the text
# changes, so an unchanged commit recompiles nothing.
set(commit "unknown")
find_package(Git QUIET)
if(GIT_FOUND)
  execute_process(COMMAND "${GIT_EXECUTABLE}" -C "${SOURCE_DIR}" describe --always --dirty
                  OUTPUT_VARIABLE described OUTPUT_STRIP_TRAILING_WHITESPACE
                  RESULT_VARIABLE rc ERROR_QUIET)
  if(rc EQUAL 0 AND described MATCHES "^[A-Za-z0-9._+-]+$")
    set(commit "${described}")
  endif()
endif()
set(text "// Generated at build time by core/describe_commit.cmake.
#include \"core/version.h\"

namespace switchyard::core {
const char* buildCommit() { return \"${commit}\"; }
}  // namespace switchyard::core
")
set(old "")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL text)
  file(WRITE "${OUTPUT}" "${text}")
endif()
