# Writes OUT, a C++ file defining `std::string switchyard::core::NAME()` that returns the text of
# IN: a generated router's template compiled into the engine, so an export needs no resource
# files at run time. Pieces of at most 2,000 bytes keep each literal within what -Wpedantic allows.
file(READ "${IN}" content)
string(LENGTH "${content}" length)
set(pieces "")
set(offset 0)
while(offset LESS length)
  string(SUBSTRING "${content}" ${offset} 2000 piece)
  string(APPEND pieces "    R\"SYTPL(${piece})SYTPL\",\n")
  math(EXPR offset "${offset} + 2000")
endwhile()
file(WRITE "${OUT}.tmp" "// Generated from ${IN}; do not edit.\n#include <string>\n\nnamespace switchyard::core {\n\nstd::string ${NAME}() {\n  static const char* const pieces[] = {\n${pieces}  };\n  std::string text;\n  for (const char* p : pieces) text += p;\n  return text;\n}\n\n}  // namespace switchyard::core\n")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
