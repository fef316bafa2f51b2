// An IDX file, raw or gzipped (MNIST's format): a uint8 array or a tapegrad::Error.
// seeds: ../shared/data/mnist/t10k-labels-idx1-ubyte.gz
// runs: 60000
#include <cstddef>
#include <cstdint>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/idx.hpp>

#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file(".idx");
  try {
    tapegrad::data::IdxFile idx = tapegrad::data::read_idx(file.write(data, size));
    // the header's sizes must describe exactly the bytes read: touch the last one under ASan
    const auto& bytes = *idx.array.bytes;
    if (static_cast<std::int64_t>(bytes.size()) != idx.array.numel()) __builtin_trap();
    if (!bytes.empty()) (void)*(volatile const std::uint8_t*)&bytes.back();
  } catch (const tapegrad::Error&) {
  }
  return 0;
}
