// A MATLAB level-5 .mat file (the ex4 weights' format), read through libmatio: every double
// matrix in it, or a tapegrad::Error.
// seeds: ../shared/data/ex4/ex4weights.mat
// runs: 30000
#include <cstddef>
#include <cstdint>
#include <string>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/mat.hpp>

#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file(".mat");
  const std::string& path = file.write(data, size);
  try {
    for (const std::string& name : tapegrad::data::mat_variable_names(path)) {
      try {
        (void)tapegrad::data::read_mat(path, name).sum().item<double>();
      } catch (const tapegrad::Error&) {
      }
    }
  } catch (const tapegrad::Error&) {
  }
  return 0;
}
