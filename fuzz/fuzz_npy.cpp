// One .npy array (a checkpoint member, or a whole .npy file): a tensor or a tapegrad::Error.
// Seeds: fuzz/seeds/npy/ (hand-made .npy files of every dtype, version and order).
// runs: 600000
#include <cstddef>
#include <cstdint>
#include <string>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/serialize/tensors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    (void)tapegrad::serialize::detail::tensor_from_npy(bytes, "fuzz").sum().item<double>();
  } catch (const tapegrad::Error&) {
  }
  return 0;
}
