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
  # The BLAS line comes just before the one-line summary, and summary.json carries it too.
  set_tests_properties(example_xor_smoke PROPERTIES PASS_REGULAR_EXPRESSION "blas: [^\n]+ kernel selection: [^\n]+\nxor: 2-2-1 xor, 200 epochs"
                                                    FIXTURES_SETUP xor_smoke_out)
  add_test(NAME example_xor_summary_blas COMMAND sh -c "grep -q '\"kernel_selection\"' \"$0/summary.json\" && grep -q '\"core\"' \"$0/summary.json\""
                                                 ${CMAKE_CURRENT_BINARY_DIR}/xor_smoke)
  set_tests_properties(example_xor_summary_blas PROPERTIES FIXTURES_REQUIRED xor_smoke_out)
  foreach(task or and)
    add_test(NAME example_xor_${task} COMMAND xor --task ${task} --epochs 3000 --check)
  endforeach()
  add_test(NAME example_xor_seeds COMMAND xor --seeds 3 --epochs 100)
  set_tests_properties(example_xor_seeds PROPERTIES PASS_REGULAR_EXPRESSION "of 3 seeds")
  # The classic run: 2-2-1, lr 0.5, 10,000 epochs must get all four right (seed 0).
  add_test(NAME example_xor_full COMMAND xor --check)
  set_tests_properties(example_xor_full PROPERTIES LABELS full)
endif()
if(TARGET digits)
  add_test(NAME example_digits COMMAND digits --epochs 3 --out ${CMAKE_CURRENT_BINARY_DIR}/digits_smoke)
  set_tests_properties(example_digits PROPERTIES PASS_REGULAR_EXPRESSION "weighted avg.*digits: \\[64,32,16,10\\]")
  add_test(NAME example_digits_full COMMAND digits --check 0.96)
  set_tests_properties(example_digits_full PROPERTIES LABELS "full;slow" TIMEOUT 900)
endif()
if(TARGET cat)
  add_test(NAME example_cat COMMAND cat --iterations 30 --out ${CMAKE_CURRENT_BINARY_DIR}/cat_smoke)
  set_tests_properties(example_cat PROPERTIES PASS_REGULAR_EXPRESSION "Cost after iteration 0: 0\\.[67]")
  add_test(NAME example_cat_bad_layers COMMAND sh -c "\"$0\" --layers 12288,x,1; test $? -eq 2" $<TARGET_FILE:cat>)
  add_test(NAME example_cat_full COMMAND cat --check-train 0.95 --check-test 0.76)
  set_tests_properties(example_cat_full PROPERTIES LABELS "full;slow" TIMEOUT 900)
endif()
if(TARGET digits400)
  # The gradient check (< 1e-9), the ex4 regularisation figure, and a short L-BFGS / GD race.
  add_test(NAME example_digits400 COMMAND digits400 --epochs 20 --per-digit 50 --out ${CMAKE_CURRENT_BINARY_DIR}/digits400_smoke)
  set_tests_properties(example_digits400 PROPERTIES PASS_REGULAR_EXPRESSION "m = 5000: 0\\.096141.*L-BFGS cost")
  add_test(NAME example_digits400_full COMMAND digits400 --check 0.95)
  set_tests_properties(example_digits400_full PROPERTIES LABELS full)
endif()
# README's data-loader example is examples/readme_data_loader.cpp verbatim (checked as the tape
# example is); running it on ../shared/data shows that it compiles, loads and learns.
add_test(NAME readme_data_loader_matches_source
         COMMAND ${CMAKE_COMMAND} -DREADME=${PROJECT_SOURCE_DIR}/README.md
                 -DSOURCE=${PROJECT_SOURCE_DIR}/examples/readme_data_loader.cpp
                 -P ${PROJECT_SOURCE_DIR}/tests/readme/check_readme.cmake)
if(TARGET readme_data_loader)
  add_test(NAME readme_data_loader_learns_mnist COMMAND readme_data_loader)
  set_tests_properties(readme_data_loader_learns_mnist PROPERTIES
    ENVIRONMENT "TAPEGRAD_DATA=${TAPEGRAD_DATA_DIR}"
    PASS_REGULAR_EXPRESSION "epoch 1  mean loss 0\\.[1-4][0-9]*\n(.*\n)*epoch 5  mean loss 0\\.0[1-9][0-9]*\n")
endif()
