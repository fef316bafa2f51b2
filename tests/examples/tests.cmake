# Examples assert their own outcome (exit code 0 only when they reach it); run them as tests.
# example_* are smoke tests of a few iterations; label `full` are the accuracy runs of the
# README's figures (ctest -L full).
if(TARGET xor)
  foreach(optimizer sgd momentum adam)
    add_test(NAME example_xor_${optimizer} COMMAND xor ${optimizer} 1000 ${CMAKE_CURRENT_BINARY_DIR}/xor_${optimizer}.npz)
    set_tests_properties(example_xor_${optimizer} PROPERTIES PASS_REGULAR_EXPRESSION "accuracy 100%")
  endforeach()
endif()
if(TARGET mnist)
  add_test(NAME example_mnist COMMAND mnist --epochs 2 --steps-per-epoch 60 --out ${CMAKE_CURRENT_BINARY_DIR}/mnist_smoke)
  set_tests_properties(example_mnist PROPERTIES PASS_REGULAR_EXPRESSION "test accuracy (8|9)[0-9]\\.")
  add_test(NAME example_mnist_tutorial COMMAND mnist --preset tutorial --epochs 1 --steps-per-epoch 100)
  set_tests_properties(example_mnist_tutorial PROPERTIES PASS_REGULAR_EXPRESSION "784,128,10 sigmoid mse")
  add_test(NAME example_mnist_fashion_fallback COMMAND mnist --data-dir ${CMAKE_CURRENT_BINARY_DIR}/no-data --epochs 1
                                                          --steps-per-epoch 20)
  set_tests_properties(example_mnist_fashion_fallback PROPERTIES PASS_REGULAR_EXPRESSION "MNIST not found.*Fashion-MNIST")
  # A bad value: one line on stderr and exit code 2.
  add_test(NAME example_mnist_bad_value COMMAND sh -c "\"$0\" --lr -1; test $? -eq 2" $<TARGET_FILE:mnist>)
  add_test(NAME example_mnist_full COMMAND mnist --check 0.98)
  set_tests_properties(example_mnist_full PROPERTIES LABELS "full;slow" TIMEOUT 1200)
endif()
