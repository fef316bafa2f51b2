# Examples assert their own outcome (exit code 0 only when they reach it); run them as tests.
if(TARGET xor)
  foreach(optimizer sgd momentum adam)
    add_test(NAME example_xor_${optimizer} COMMAND xor ${optimizer} 1000 ${CMAKE_CURRENT_BINARY_DIR}/xor_${optimizer}.npz)
    set_tests_properties(example_xor_${optimizer} PROPERTIES PASS_REGULAR_EXPRESSION "accuracy 100%")
  endforeach()
endif()
