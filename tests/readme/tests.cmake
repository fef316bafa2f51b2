# The README's C++ example is examples/readme_model.cpp, verbatim: one test keeps the two in
# step, another runs the program and checks that it really learns XOR.
add_test(NAME readme_example_matches_source
         COMMAND ${CMAKE_COMMAND} -DREADME=${PROJECT_SOURCE_DIR}/README.md
                 -DSOURCE=${PROJECT_SOURCE_DIR}/examples/readme_model.cpp
                 -P ${CMAKE_CURRENT_LIST_DIR}/check_readme.cmake)
if(TARGET readme_model)
  add_test(NAME readme_example_learns_xor COMMAND readme_model)
  set_tests_properties(readme_example_learns_xor PROPERTIES
    PASS_REGULAR_EXPRESSION "step 2000  loss 0\\.000[0-9]+\npredictions tensor\\(\\[0\\.0[0-9]+, 0\\.9[0-9]+, 0\\.9[0-9]+, 0\\.0[0-9]+\\]\\)")
endif()
