# SPDX-License-Identifier: GPL-2.0-or-later
# Turns data files into C arrays so the binary carries its tables.
# Usage: cmake -DOUT=file.c -DINPUTS="a|b" -DNAMES="x|y" -P embed.cmake
string(REPLACE "|" ";" INPUTS "${INPUTS}")
string(REPLACE "|" ";" NAMES "${NAMES}")
list(LENGTH INPUTS count)
math(EXPR last "${count} - 1")
set(body "/* Generated from data/ by cmake/embed.cmake: do not edit. */\n")
foreach(i RANGE ${last})
  list(GET INPUTS ${i} input)
  list(GET NAMES ${i} name)
  file(READ "${input}" hex HEX)
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(LENGTH "${hex}" hexlen)
  math(EXPR len "${hexlen} / 2")
  # The trailing 0 makes text usable as a C string; _len is the file size.
  string(APPEND body "const char ${name}[] = {${bytes}0};\n")
  string(APPEND body "const unsigned long ${name}_len = ${len};\n")
endforeach()
file(WRITE "${OUT}.tmp" "${body}")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
