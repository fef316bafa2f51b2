# tests/compat: LibTorch programs (they include <torch/torch.h>) built against tapegrad. Only
# these targets see tests/compat/include, whose torch/torch.h forwards to <tapegrad/torch.hpp>:
# the sources are byte-for-byte what bench/compat_libtorch.sh compiles against LibTorch.
# Each program exits non-zero unless it reaches its outcome (loss or accuracy threshold).
file(GLOB TAPEGRAD_COMPAT_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.cpp)
foreach(source ${TAPEGRAD_COMPAT_SOURCES})
  get_filename_component(name ${source} NAME_WE)
  add_executable(compat_${name} ${source})
  target_link_libraries(compat_${name} PRIVATE tapegrad::tapegrad)
  target_include_directories(compat_${name} PRIVATE ${CMAKE_CURRENT_LIST_DIR}/include)
  add_test(NAME compat_${name} COMMAND compat_${name})
endforeach()
