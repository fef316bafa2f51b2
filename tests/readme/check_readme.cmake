# Fails unless README.md contains SOURCE verbatim inside a ```cpp block.
file(READ ${README} readme)
file(READ ${SOURCE} source)
string(FIND "${readme}" "```cpp\n${source}```" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md does not contain ${SOURCE} verbatim in a ```cpp block; copy the file into the README")
endif()
message(STATUS "README example matches ${SOURCE}")
