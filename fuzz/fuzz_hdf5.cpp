// An HDF5 file (the cat set's format), read through libhdf5: every dataset in it, or a
// tapegrad::Error. libhdf5 runs in a child process (data/child_process.hpp), so a corrupt file
// that crashes it must still end in an Error here.
// Seeds: fuzz/seeds/hdf5/types.h5 (7 KB, one dataset of each kind the reader reads, deflated
// chunks and fixed strings included; not the 616 KB cat set, so inputs run fast) and the files
// that crashed libhdf5 in earlier runs:
// seeds: tests/fixtures/hdf5_corrupt/*.h5
// runs: 2000
#include <cstddef>
#include <cstdint>
#include <string>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/hdf5.hpp>

#include "scratch_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file(".h5");
  const std::string& path = file.write(data, size);
  try {
    for (const std::string& name : tapegrad::data::hdf5_dataset_names(path)) {
      try {
        tapegrad::data::Hdf5Array array = tapegrad::data::read_hdf5(path, name);
        if (array.tensor.defined()) (void)array.tensor.sum().item<double>();
      } catch (const tapegrad::Error&) {
      }
    }
  } catch (const tapegrad::Error&) {
  }
  return 0;
}
