# Included by the top-level CMakeLists.txt when the test suite is built. The suite's compiler
# is usually g++, and libFuzzer needs clang, so the fuzz targets are a build of their own
# (fuzz/CMakeLists.txt: the readers compiled with clang and sanitizers, linked with this
# build's libtapegrad.a) that the test configures, builds and runs reproducibly:
# scripts/fuzz.sh -r, the number of inputs each target's "// runs:" line gives, from seed 1,
# so the same commit passes or fails alike on every machine.
# Registered only when clang can link -fsanitize=fuzzer here (Debian: clang, libclang-rt-14-dev).
find_program(TAPEGRAD_CLANGXX NAMES clang++ clang++-14)
set(TAPEGRAD_FUZZ_SECONDS 120 CACHE STRING "Seconds each fuzz target may run at most in the fuzz_short test")
if(TAPEGRAD_CLANGXX)
  set(probe_dir ${CMAKE_BINARY_DIR}/fuzz-probe)
  file(WRITE ${probe_dir}/probe.cpp
       "#include <cstdint>\n#include <cstddef>\nextern \"C\" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n")
  execute_process(COMMAND ${TAPEGRAD_CLANGXX} -fsanitize=fuzzer,address,undefined ${probe_dir}/probe.cpp
                          -o ${probe_dir}/probe
                  RESULT_VARIABLE probe_failed OUTPUT_QUIET ERROR_QUIET)
  if(NOT probe_failed)
    add_test(NAME fuzz_short
             COMMAND ${CMAKE_COMMAND} -E env FUZZ_BUILD_DIR=${CMAKE_BINARY_DIR}/fuzz JOBS=2
                     CLANGXX=${TAPEGRAD_CLANGXX} TAPEGRAD_LIBRARY=$<TARGET_FILE:tapegrad> bash ${CMAKE_CURRENT_SOURCE_DIR}/scripts/fuzz.sh
                     -r -t ${TAPEGRAD_FUZZ_SECONDS})
    set_tests_properties(fuzz_short PROPERTIES LABELS fuzz TIMEOUT 1800)
    message(STATUS "fuzz_short: fuzz targets run reproducibly (at most ${TAPEGRAD_FUZZ_SECONDS} s each) under ${TAPEGRAD_CLANGXX}")
  else()
    message(STATUS "fuzz_short: not registered (${TAPEGRAD_CLANGXX} cannot link -fsanitize=fuzzer)")
  endif()
else()
  message(STATUS "fuzz_short: not registered (no clang++)")
endif()
