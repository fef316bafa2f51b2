// ByteArray::gather_rows (the batch gather of MNIST and every byte dataset) against a plain
// per-element loop, on enough scattered rows to run its prefetching ahead, in every dtype, on one
// thread and on two, and the storage it reads from.
#include "data/data_test_support.hpp"

#include <tapegrad/data/byte_array.hpp>

#include <random>

namespace tg = tapegrad;
namespace data = tg::data;

namespace {

// A [rows, cols] ByteArray of pseudo-random bytes.
data::ByteArray random_bytes(std::int64_t rows, std::int64_t cols, unsigned seed) {
  auto bytes = data::make_byte_storage(static_cast<std::size_t>(rows * cols));
  std::mt19937 generator(seed);
  for (auto& b : *bytes) b = static_cast<std::uint8_t>(generator() & 0xff);
  return {{rows, cols}, bytes};
}

std::vector<std::size_t> scattered_rows(std::size_t count, std::size_t rows, unsigned seed) {
  std::mt19937 generator(seed);
  std::vector<std::size_t> picked(count);
  for (auto& r : picked) r = generator() % rows;
  return picked;
}

}  // namespace

BOOST_AUTO_TEST_CASE(gather_rows_matches_a_plain_loop_in_every_dtype) {
  // 300 rows picked out of 5000 (far more than the rows prefetched ahead), rows of 1, 100 and
  // 784 bytes (not multiples of a cache line), repeated rows included; on one thread and split
  // across two.
  const int threads_before = tg::get_num_threads();
  for (const int threads : {1, 2})
    for (const std::int64_t cols : {1, 100, 784}) {
      tg::set_num_threads(threads);
      const data::ByteArray array = random_bytes(5000, cols, static_cast<unsigned>(cols));
      const auto rows = scattered_rows(300, 5000, 7);
      const double scale = 1.0 / (255 * 0.3081), shift = -0.1307 / 0.3081;
      const auto& bytes = *array.bytes;

      const tg::Tensor f32 = array.gather_rows(rows, scale, tg::kFloat32, shift);
      BOOST_TEST(f32.shape() == (tg::Shape{300, cols}), tt::per_element());
      const auto got32 = f32.to_vector<float>();
      const tg::Tensor f64 = array.gather_rows(rows, scale, tg::kFloat64, shift);
      const auto got64 = f64.to_vector<double>();
      const auto got_int = array.gather_rows(rows, 2.0, tg::kInt64, 1.0).to_vector<std::int64_t>();
      std::size_t wrong = 0;
      for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::int64_t c = 0; c < cols; ++c) {
          const std::uint8_t b = bytes[rows[r] * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c)];
          const std::size_t k = r * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c);
          // the same rounding as the scalar code: one float multiply, one float add
          wrong += got32[k] != static_cast<float>(b) * static_cast<float>(scale) + static_cast<float>(shift);
          wrong += got64[k] != static_cast<double>(b) * scale + shift;
          wrong += got_int[k] != static_cast<std::int64_t>(b * 2.0 + 1.0);
        }
      }
      BOOST_TEST(wrong == 0u,
                 threads << " thread(s), cols " << cols << ": " << wrong << " elements differ from the plain loop");
    }
  tg::set_num_threads(threads_before);
}

BOOST_AUTO_TEST_CASE(gather_rows_of_a_short_batch_and_of_none) {
  const data::ByteArray array = random_bytes(10, 3, 1);
  const std::vector<std::size_t> one = {9};
  const auto got = array.gather_rows(one, 1.0).to_vector<float>();
  BOOST_TEST(
      got == (std::vector<float>{float((*array.bytes)[27]), float((*array.bytes)[28]), float((*array.bytes)[29])}),
      tt::per_element());
  const std::vector<std::size_t> none;
  BOOST_TEST(array.gather_rows(none, 1.0).shape() == (tg::Shape{0, 3}), tt::per_element());
  const std::vector<std::size_t> out_of_range = {2, 10};
  TG_CHECK_THROWS_WITH(array.gather_rows(out_of_range), "ByteArray::gather_rows", "index 10 out of range for 10 rows");
}

BOOST_AUTO_TEST_CASE(byte_storage_is_zeroed_at_every_size) {
  // 8 MB and more asks for huge pages; the bytes must be the same zeros either way.
  for (const std::size_t n : {std::size_t{0}, std::size_t{100}, std::size_t{9} << 20}) {
    const auto bytes = data::make_byte_storage(n);
    BOOST_TEST(bytes->size() == n);
    std::size_t nonzero = 0;
    for (const auto b : *bytes) nonzero += b != 0;
    BOOST_TEST(nonzero == 0u);
  }
}
