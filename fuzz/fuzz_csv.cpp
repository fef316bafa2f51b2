// A CSV file, plain or gzipped (the 8x8 digits' format), read with and without a header and a
// label column: a table or a tapegrad::Error.
// seeds: ../shared/data/digits/digits.csv.gz
// runs: 60000
#include <cstddef>
#include <cstdint>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/csv.hpp>

#include "scratch_file.hpp"

namespace tg = tapegrad;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fuzz::ScratchFile file(".csv");
  if (size == 0) return 0;
  // the first byte picks the options, the rest is the file
  const std::uint8_t choice = data[0];
  tg::data::CsvOptions options;
  options.header(choice & 1).delimiter(choice & 2 ? ';' : ',').dtype(choice & 4 ? tg::kFloat64 : tg::kFloat32);
  if (choice & 8) options.no_label();
  if (choice & 16) options.label_column(0);
  try {
    tg::data::CsvTable table = tg::data::read_csv(file.write(data + 1, size - 1), options);
    (void)table.data.sum().item<double>();
    if (table.labels.defined()) (void)table.labels.sum().item<double>();
  } catch (const tg::Error&) {
  }
  return 0;
}
