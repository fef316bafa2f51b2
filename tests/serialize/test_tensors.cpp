// save_tensors / load_tensors: exact round trips of every dtype and rank, the .npz layout
// numpy expects, files numpy wrote, and the errors a caller can cause when saving.
#include <cmath>
#include <cstring>
#include <limits>

#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/serialize/npy.hpp>
#include <tapegrad/serialize/serialize.hpp>
#include <tapegrad/serialize/zip.hpp>

#include "serialize_test_utils.hpp"

namespace tg = tapegrad;
using serialize_test::TempDir;

namespace {

// Bit-exact comparison (NaN payloads and -0.0 included).
void check_identical(const tg::Tensor& expected, const tg::Tensor& actual, const std::string& name) {
  BOOST_TEST_CONTEXT("tensor '" << name << "'") {
    BOOST_REQUIRE(actual.defined());
    BOOST_CHECK(actual.dtype() == expected.dtype());
    BOOST_CHECK(actual.shape() == expected.shape());
    BOOST_REQUIRE_EQUAL(actual.numel(), expected.numel());
    bool same = false;
    switch (expected.dtype()) {
      case tg::kFloat32: {
        auto a = expected.to_vector<float>(), b = actual.to_vector<float>();
        same = a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
        break;
      }
      case tg::kFloat64: {
        auto a = expected.to_vector<double>(), b = actual.to_vector<double>();
        same = a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
        break;
      }
      case tg::kInt64:
        same = expected.to_vector<std::int64_t>() == actual.to_vector<std::int64_t>();
        break;
    }
    BOOST_CHECK_MESSAGE(same, "values differ");
  }
}

tg::Tensor sample(tg::Dtype dtype, const tg::Shape& shape) {
  if (dtype == tg::kInt64) {
    std::int64_t n = 1;
    for (auto d : shape) n *= d;
    return tg::randint(-1000000, 1000000, {n}).reshape(shape);
  }
  return tg::randn(shape, dtype) * 100.0;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(save_tensors_then_load_tensors)

BOOST_AUTO_TEST_CASE(round_trips_every_dtype_at_ranks_0_to_4_bit_for_bit) {
  tg::manual_seed(7);
  TempDir dir;
  const std::vector<tg::Shape> shapes = {{}, {5}, {2, 3}, {2, 3, 4}, {2, 1, 3, 2}, {0}, {3, 0, 2}};
  tg::NamedTensors saved;
  for (tg::Dtype dtype : {tg::kFloat32, tg::kFloat64, tg::kInt64})
    for (std::size_t i = 0; i < shapes.size(); ++i)
      saved.emplace_back(
          std::string(tg::dtype_name(dtype)) + ".rank" + std::to_string(shapes[i].size()) + "." + std::to_string(i),
          sample(dtype, shapes[i]));
  tg::save_tensors(saved, dir.file("all.npz"));
  tg::NamedTensors loaded = tg::load_tensors(dir.file("all.npz"));

  BOOST_REQUIRE_EQUAL(loaded.size(), saved.size());
  for (std::size_t i = 0; i < saved.size(); ++i) {
    BOOST_CHECK_EQUAL(loaded[i].first, saved[i].first);  // archive order is save order
    check_identical(saved[i].second, loaded[i].second, saved[i].first);
  }
}

BOOST_AUTO_TEST_CASE(keeps_special_floats_and_extreme_integers_exactly) {
  TempDir dir;
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> specials = {std::nan(""), inf, -inf, -0.0, 1e-310, 1.0 / 3.0, 1e300, -1e-45};
  tg::Tensor f64 = tg::from_vector(specials, {2, 4}, tg::kFloat64);
  tg::Tensor f32 = tg::from_vector({std::nan(""), inf, -inf, -0.0, 1e-40, 1.0 / 3.0, 3e38, 1e-45}, {8});
  tg::Tensor i64 = tg::tensor(std::vector<std::int64_t>{
      std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max(), (1LL << 53) + 1, -1, 0});
  tg::save_tensors({{"f64", f64}, {"f32", f32}, {"i64", i64}}, dir.file("special.npz"));
  auto loaded = tg::load_tensors(dir.file("special.npz"));
  BOOST_REQUIRE_EQUAL(loaded.size(), 3u);
  check_identical(f64, loaded[0].second, "f64");
  check_identical(f32, loaded[1].second, "f32");
  check_identical(i64, loaded[2].second, "i64");
  BOOST_CHECK(std::isnan(loaded[0].second.to_vector<double>()[0]));
  BOOST_CHECK(std::signbit(loaded[0].second.to_vector<double>()[3]));
}

BOOST_AUTO_TEST_CASE(keeps_dotted_and_slashed_names_and_an_empty_list) {
  TempDir dir;
  tg::save_tensors({{"encoder.layers.0.weight", tg::ones({2})}, {"group/a b", tg::zeros({1})}}, dir.file("n.npz"));
  auto loaded = tg::load_tensors(dir.file("n.npz"));
  BOOST_REQUIRE_EQUAL(loaded.size(), 2u);
  BOOST_CHECK_EQUAL(loaded[0].first, "encoder.layers.0.weight");
  BOOST_CHECK_EQUAL(loaded[1].first, "group/a b");

  tg::save_tensors({}, dir.file("empty.npz"));
  BOOST_CHECK(tg::load_tensors(dir.file("empty.npz")).empty());
}

BOOST_AUTO_TEST_CASE(returns_independent_tensors_that_do_not_require_grad) {
  TempDir dir;
  tg::Tensor w = tg::tensor({1.0, 2.0, 3.0}).requires_grad_();
  tg::save_tensors({{"w", w}}, dir.file("w.npz"));
  {
    tg::NoGradGuard no_grad;
    w.fill_(-5.0);  // changing the source after saving must not reach the loaded copy
  }
  auto loaded = tg::load_tensors(dir.file("w.npz"));
  BOOST_CHECK(!loaded[0].second.requires_grad());
  BOOST_CHECK(loaded[0].second.to_vector<float>() == (std::vector<float>{1, 2, 3}));
}

BOOST_AUTO_TEST_CASE(writes_identical_bytes_for_identical_tensors) {
  TempDir dir;
  tg::NamedTensors t = {{"a", tg::arange(6.0).reshape({2, 3})}, {"b", tg::scalar_tensor(4, tg::kInt64)}};
  tg::save_tensors(t, dir.file("1.npz"));
  tg::save_tensors(t, dir.file("2.npz"));
  BOOST_CHECK(serialize_test::read_bytes(dir.file("1.npz")) == serialize_test::read_bytes(dir.file("2.npz")));
}

BOOST_AUTO_TEST_CASE(overwrites_an_existing_checkpoint) {
  TempDir dir;
  tg::save_tensors({{"old", tg::ones({100})}}, dir.file("c.npz"));
  tg::save_tensors({{"new", tg::zeros({1})}}, dir.file("c.npz"));
  auto loaded = tg::load_tensors(dir.file("c.npz"));
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  BOOST_CHECK_EQUAL(loaded[0].first, "new");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(npz_layout)

BOOST_AUTO_TEST_CASE(is_a_stored_zip_of_npy_version_1_members_named_after_the_tensors) {
  TempDir dir;
  tg::save_tensors({{"w", tg::zeros({2, 3})},
                    {"s", tg::scalar_tensor(1.0, tg::kFloat64)},
                    {"i", tg::tensor(std::vector<std::int64_t>{1, 2})}},
                   dir.file("l.npz"));
  std::string bytes = serialize_test::read_bytes(dir.file("l.npz"));
  BOOST_CHECK_EQUAL(bytes.substr(0, 4), std::string("PK\x03\x04", 4));
  BOOST_CHECK_EQUAL(bytes[8], 0);  // compression method 0: stored
  auto entries = tg::serialize::detail::read_zip(bytes, "test");
  BOOST_REQUIRE_EQUAL(entries.size(), 3u);
  const char* names[] = {"w.npy", "s.npy", "i.npy"};
  const char* headers[] = {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
                           "{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                           "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }"};
  for (int i = 0; i < 3; ++i) {
    const std::string& npy = entries[i].data;
    BOOST_CHECK_EQUAL(entries[i].name, names[i]);
    BOOST_CHECK_EQUAL(npy.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
    std::size_t header_len = static_cast<unsigned char>(npy[8]) | (static_cast<unsigned char>(npy[9]) << 8);
    BOOST_CHECK_EQUAL((10 + header_len) % 64, 0u);  // data aligned as numpy aligns it
    BOOST_CHECK_EQUAL(npy[10 + header_len - 1], '\n');
    BOOST_CHECK_EQUAL(npy.substr(10, std::strlen(headers[i])), headers[i]);
  }
}

BOOST_AUTO_TEST_CASE(zip64_records_are_read_back) {
  TempDir dir;
  tg::Tensor w = tg::arange(5.0);
  std::string data(reinterpret_cast<const char*>(w.to_vector<float>().data()), 20);
  std::string zip = tg::serialize::detail::write_zip(
      {{"w.npy", tg::serialize::detail::encode_npy(tg::kFloat32, {5}, data)}}, /*force_zip64=*/true);
  BOOST_CHECK(zip.find(std::string("PK\x06\x06", 4)) != std::string::npos);  // zip64 end record
  serialize_test::write_bytes(dir.file("z64.npz"), zip);
  auto loaded = tg::load_tensors(dir.file("z64.npz"));
  BOOST_REQUIRE_EQUAL(loaded.size(), 1u);
  check_identical(w, loaded[0].second, "w");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_tensors_of_files_numpy_wrote)

void check_numpy_fixture(const std::string& file) {
  auto loaded = tg::load_tensors(std::string(TAPEGRAD_FIXTURES_DIR) + "/serialize/" + file);
  BOOST_REQUIRE_EQUAL(loaded.size(), 6u);
  const char* names[] = {"a", "b", "c", "f", "e", "layer.weight"};
  for (int i = 0; i < 6; ++i) BOOST_CHECK_EQUAL(loaded[i].first, names[i]);

  std::vector<double> a(24);
  for (int i = 0; i < 24; ++i) a[i] = i / 8.0;
  check_identical(tg::from_vector(a, {2, 3, 4}), loaded[0].second, "a");
  check_identical(tg::scalar_tensor(2.5, tg::kFloat64), loaded[1].second, "b");
  check_identical(tg::tensor(std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::min(),
                                                       std::numeric_limits<std::int64_t>::max(), (1LL << 53) + 1}),
                  loaded[2].second, "c");
  // numpy stored this one column-major: it must come back in row-major order.
  check_identical(tg::from_vector({0, 1, 2, 3, 4, 5}, {2, 3}, tg::kFloat64), loaded[3].second, "f");
  check_identical(tg::zeros({0, 3}), loaded[4].second, "e");
  check_identical(tg::tensor({{1.5, -2.25}, {3.0, 4.0}}), loaded[5].second, "layer.weight");
}

BOOST_AUTO_TEST_CASE(reads_numpy_savez_including_fortran_order_arrays) { check_numpy_fixture("numpy_savez.npz"); }

BOOST_AUTO_TEST_CASE(reads_numpy_savez_compressed_deflated_members) {
  check_numpy_fixture("numpy_savez_compressed.npz");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(save_tensors_errors)

BOOST_AUTO_TEST_CASE(rejects_an_empty_name_a_duplicate_name_and_an_undefined_tensor_and_writes_nothing) {
  TempDir dir;
  std::string path = dir.file("bad.npz");
  TG_CHECK_THROWS_WITH(tg::save_tensors({{"", tg::ones({1})}}, path), "save_tensors: '" + path + "'",
                       "a tensor has an empty name");
  TG_CHECK_THROWS_WITH(tg::save_tensors({{"w", tg::ones({1})}, {"w", tg::ones({2})}}, path),
                       "save_tensors: '" + path + "'", "two tensors are named 'w'");
  TG_CHECK_THROWS_WITH(tg::save_tensors({{"w", tg::Tensor()}}, path), "save_tensors: '" + path + "'",
                       "tensor 'w' is undefined");
  BOOST_CHECK(std::filesystem::is_empty(dir.path));
}

BOOST_AUTO_TEST_CASE(names_the_folder_problem_when_the_folder_does_not_exist) {
  TempDir dir;
  std::string path = dir.file("no/such/folder/c.npz");
  TG_CHECK_THROWS_WITH(tg::save_tensors({{"w", tg::ones({1})}}, path), "save_tensors: '" + path + "'", "cannot create",
                       "No such file or directory");
}

BOOST_AUTO_TEST_SUITE_END()
