# Fails listing every C++ source under the project's folders that clang-format would change.
file(GLOB_RECURSE sources RELATIVE ${ROOT}
     ${ROOT}/include/*.hpp ${ROOT}/autograd/*.[ch]pp ${ROOT}/nn/*.[ch]pp ${ROOT}/optim/*.[ch]pp
     ${ROOT}/serialize/*.[ch]pp ${ROOT}/data/*.[ch]pp ${ROOT}/examples/*.[ch]pp ${ROOT}/tests/*.[ch]pp
     ${ROOT}/bench/*.[ch]pp)
set(unformatted "")
foreach(source ${sources})
  execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror --style=file ${source}
                  WORKING_DIRECTORY ${ROOT} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    list(APPEND unformatted ${source})
  endif()
endforeach()
if(unformatted)
  string(REPLACE ";" "\n  " listing "${unformatted}")
  message(FATAL_ERROR "not formatted as .clang-format says (run clang-format -i on them):\n  ${listing}")
endif()
list(LENGTH sources count)
message(STATUS "format_check: ${count} files formatted")
