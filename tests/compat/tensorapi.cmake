# The tensorapi helper's LibTorch programs (issue 11). Each is plain LibTorch code including
# <torch/torch.h>; for tapegrad builds a generated directory holds a torch/torch.h that includes
# tapegrad and defines `namespace torch = tapegrad;`. (The compat helper's tests/compat setup
# will replace this forwarding header with <tapegrad/torch.hpp> at merge.)
set(TAPEGRAD_TENSORAPI_TORCH_DIR ${CMAKE_CURRENT_BINARY_DIR}/compat_tensorapi_include)
file(WRITE ${TAPEGRAD_TENSORAPI_TORCH_DIR}/torch/torch.h
     "#pragma once\n#include <tapegrad/tapegrad.hpp>\nnamespace torch = tapegrad;\n")
foreach(program autograd_custom_function polynomial_raw_tensors)
  add_executable(compat_${program} ${CMAKE_CURRENT_LIST_DIR}/${program}.cpp)
  target_include_directories(compat_${program} PRIVATE ${TAPEGRAD_TENSORAPI_TORCH_DIR})
  target_link_libraries(compat_${program} PRIVATE tapegrad::tapegrad)
  add_test(NAME compat_${program} COMMAND compat_${program})
endforeach()
