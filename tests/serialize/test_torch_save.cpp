// torch::save / torch::load as LibTorch spells them, for tensors and lists of tensors (modules
// and optimizers: test_module.cpp, test_optimizer.cpp).
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "serialize/serialize_test_utils.hpp"
#include "support/test_support.hpp"

namespace tg = tapegrad;
using serialize_test::TempDir;

BOOST_AUTO_TEST_SUITE(serialize_torch_save)

BOOST_AUTO_TEST_CASE(a_tensor_round_trips) {
  TempDir dir;
  const std::string path = dir.file("t.npz");
  tg::Tensor saved = tg::randn({3, 2}, tg::kFloat64);
  tg::save(saved, path);
  tg::Tensor loaded;
  tg::load(loaded, path);
  BOOST_CHECK(loaded.dtype() == tg::kFloat64);
  BOOST_CHECK(loaded.to_vector<double>() == saved.to_vector<double>());
  BOOST_CHECK(tg::load_tensors(path)[0].first == "tensor");
}

BOOST_AUTO_TEST_CASE(a_list_of_tensors_round_trips_in_order) {
  TempDir dir;
  const std::string path = dir.file("list.npz");
  std::vector<tg::Tensor> saved{tg::ones({2}), tg::arange(0, 5), tg::scalar_tensor(3.5)};
  tg::save(saved, path);
  std::vector<tg::Tensor> loaded;
  tg::load(loaded, path);
  BOOST_REQUIRE_EQUAL(loaded.size(), 3u);
  BOOST_CHECK(loaded[1].to_vector<std::int64_t>() == saved[1].to_vector<std::int64_t>());
  BOOST_CHECK_EQUAL(loaded[2].item<double>(), 3.5);
}

BOOST_AUTO_TEST_CASE(a_file_of_another_kind_names_the_file_and_the_entry) {
  TempDir dir;
  const std::string path = dir.file("other.npz");
  tg::save_tensors({{"w", tg::ones({1})}, {"b", tg::ones({1})}}, path);
  tg::Tensor t;
  TG_CHECK_THROWS_WITH(tg::load(t, path), "load: '" + path + "'", "'tensor'", "found 2 arrays", "'w'");
  std::vector<tg::Tensor> list;
  TG_CHECK_THROWS_WITH(tg::load(list, path), "load: '" + path + "'", "named 'w'", "expected '0'");
  TG_CHECK_THROWS_WITH(tg::load(t, dir.file("missing.npz")), "load", "missing.npz");
}

BOOST_AUTO_TEST_SUITE_END()
