// The checkpoint reader: an .npz image in, tensors or a tapegrad::Error out. Anything else
// (a crash, a sanitizer report, another exception, a leak, a slow or huge input) is a finding.
// seeds: tests/fixtures/*/*.npz
// runs: 200000
#include <cstddef>
#include <cstdint>
#include <string>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/serialize/tensors.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    // 64 MiB in total: what a 2 GiB fuzzing process can hold several times over.
    for (const auto& [name, tensor] : tapegrad::serialize::detail::tensors_from_npz(bytes, "fuzz", 64u << 20))
      (void)tensor.sum().item<double>();  // touch every element
  } catch (const tapegrad::Error&) {
  }
  return 0;
}
