# Installs tapegrad into a scratch prefix, then configures, builds and runs a tiny downstream
# project that only does find_package(tapegrad) and links tapegrad::tapegrad.
# A sanitized library needs a sanitized program to link against it.
set(downstream_flags "")
if(TAPEGRAD_SANITIZE)
  set(downstream_flags "-fsanitize=address,undefined")
endif()
add_test(NAME install_find_package_downstream
         COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${CMAKE_BINARY_DIR}
                 -DSOURCE_DIR=${CMAKE_CURRENT_LIST_DIR}/downstream
                 -DWORK_DIR=${CMAKE_BINARY_DIR}/install-test
                 -DBUILD_TYPE=${CMAKE_BUILD_TYPE}
                 "-DEXTRA_FLAGS=${downstream_flags}"
                 -P ${CMAKE_CURRENT_LIST_DIR}/run_downstream.cmake)
set_tests_properties(install_find_package_downstream PROPERTIES PASS_REGULAR_EXPRESSION "downstream ok")
