add_test(NAME extending_doc_matches_source
         COMMAND ${CMAKE_COMMAND} -DREADME=${PROJECT_SOURCE_DIR}/docs/extending.md
                 -DSOURCE=${PROJECT_SOURCE_DIR}/examples/user_op/softsign.hpp
                 -P ${PROJECT_SOURCE_DIR}/tests/readme/check_readme.cmake)
