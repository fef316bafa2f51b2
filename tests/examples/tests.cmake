# Examples assert their own outcome (exit code 0 only when they reach it); run them as tests.
# example_* are smoke tests of a few iterations; label `full` are the accuracy runs of the
# README's figures (ctest -L full).
if(TARGET xor_checkpoint)
  foreach(optimizer sgd momentum adam)
    add_test(NAME example_xor_checkpoint_${optimizer} COMMAND xor_checkpoint ${optimizer} 1000 ${CMAKE_CURRENT_BINARY_DIR}/xor_${optimizer}.npz)
    set_tests_properties(example_xor_checkpoint_${optimizer} PROPERTIES PASS_REGULAR_EXPRESSION "accuracy 100%")
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
if(TARGET xor)
  add_test(NAME example_xor_smoke COMMAND xor --epochs 200 --out ${CMAKE_CURRENT_BINARY_DIR}/xor_smoke)
  set_tests_properties(example_xor_smoke PROPERTIES PASS_REGULAR_EXPRESSION "xor: 2-2-1 xor, 200 epochs")
  foreach(task or and)
    add_test(NAME example_xor_${task} COMMAND xor --task ${task} --epochs 3000 --check)
  endforeach()
  add_test(NAME example_xor_seeds COMMAND xor --seeds 3 --epochs 100)
  set_tests_properties(example_xor_seeds PROPERTIES PASS_REGULAR_EXPRESSION "of 3 seeds")
  # The classic run: 2-2-1, lr 0.5, 10,000 epochs must get all four right (seed 0).
  add_test(NAME example_xor_full COMMAND xor --check)
  set_tests_properties(example_xor_full PROPERTIES LABELS full)
endif()
