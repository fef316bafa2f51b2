# The umbrella header compiles cleanly as C++17, C++20 and C++23 with g++ and clang++
# (-Wall -Wextra -Wpedantic -Werror), and every tracked source matches .clang-format.
set(TAPEGRAD_HEADER_COMPILERS g++ clang++)
foreach(compiler ${TAPEGRAD_HEADER_COMPILERS})
  find_program(TAPEGRAD_${compiler}_PATH ${compiler})
  if(NOT TAPEGRAD_${compiler}_PATH)
    message(WARNING "headers tests: ${compiler} not found, its header tests are skipped")
    continue()
  endif()
  string(REPLACE "+" "x" label ${compiler})
  foreach(std 17 20 23)
    # g++ 12 and clang 14 spell C++23 as c++2b.
    set(flag -std=c++${std})
    if(std EQUAL 23)
      set(flag -std=c++2b)
    endif()
    add_test(NAME headers_${label}_cxx${std}
             COMMAND ${TAPEGRAD_${compiler}_PATH} ${flag} -Wall -Wextra -Wpedantic -Werror -fsyntax-only
                     -I${PROJECT_SOURCE_DIR}/include ${CMAKE_CURRENT_LIST_DIR}/umbrella.cpp)
  endforeach()
endforeach()

find_program(TAPEGRAD_CLANG_FORMAT clang-format)
if(TAPEGRAD_CLANG_FORMAT)
  add_test(NAME format_check
           COMMAND ${CMAKE_COMMAND} -DCLANG_FORMAT=${TAPEGRAD_CLANG_FORMAT} -DROOT=${PROJECT_SOURCE_DIR}
                   -P ${CMAKE_CURRENT_LIST_DIR}/check_format.cmake)
else()
  message(WARNING "format_check: clang-format not found, the test is skipped")
endif()
