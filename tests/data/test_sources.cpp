// .npz / .npy files as dataset sources (through the checkpoint reader), and the data-folder
// rule: explicit root, else TAPEGRAD_DATA, else ~/.cache/tapegrad/data, else /usr/share/datasets.
#include "data/data_test_support.hpp"

#include <tapegrad/serialize/npy.hpp>
#include <tapegrad/tapegrad.hpp>

#include <cstdlib>

namespace tg = tapegrad;
namespace data = tg::data;

namespace {

/// Sets an environment variable for the scope, restoring it after.
struct EnvGuard {
  std::string name;
  std::optional<std::string> old;
  EnvGuard(std::string n, const std::optional<std::string>& value) : name(std::move(n)) {
    if (const char* v = std::getenv(name.c_str())) old = v;
    if (value)
      ::setenv(name.c_str(), value->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
  ~EnvGuard() {
    if (old)
      ::setenv(name.c_str(), old->c_str(), 1);
    else
      ::unsetenv(name.c_str());
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(data_sources)

BOOST_AUTO_TEST_CASE(npz_archives_feed_a_tensor_dataset) {
  tg_test::ScratchDir dir("npz");
  const std::string path = dir.file("set.npz");
  tg::Tensor x = tg::arange(0.0, 12.0).reshape({6, 2});
  tg::Tensor y = tg::tensor({1, 0, 1, 1, 0, 0}, tg::kInt64);
  tg::save_tensors({{"x", x}, {"y", y}}, path);
  auto ds = data::datasets::TensorDataset::from_numpy(path, "x", "y");
  BOOST_TEST(*ds.size() == 6u);
  auto loader = data::make_data_loader<data::samplers::SequentialSampler>(ds.map(data::transforms::Stack<>()),
                                                                          data::DataLoaderOptions(4));
  auto it = loader->begin();
  tg_test::check_close(it->data, x.narrow(0, 0, 4), 0, 0, "x");
  tg_test::check_close(it->target, y.narrow(0, 0, 4), 0, 0, "y");
  TG_CHECK_THROWS_WITH(data::datasets::TensorDataset::from_numpy(path, "images", "y"), "TensorDataset", path,
                       "no array 'images' (it has: x, y)");
  TG_CHECK_THROWS_WITH(data::datasets::TensorDataset::from_numpy(dir.file("none.npz"), "x"), "TensorDataset",
                       "none.npz' not found");
  const std::string bad = dir.file("bad.npz");
  tg_test::write_bytes(bad, "PK not really");
  TG_CHECK_THROWS_WITH(data::datasets::TensorDataset::from_numpy(bad, "x"), "load_tensors", bad);
}

BOOST_AUTO_TEST_CASE(npy_files_feed_a_tensor_dataset) {
  tg_test::ScratchDir dir("npy");
  const std::string path = dir.file("x.npy");
  const std::vector<double> values = {1, 2, 3, 4, 5, 6};
  tg_test::write_bytes(path, tg::serialize::detail::encode_npy(
                                 tg::kFloat64, {3, 2}, std::string(reinterpret_cast<const char*>(values.data()), 48)));
  auto ds = data::datasets::TensorDataset::from_numpy(path);
  tg_test::check_close(ds.get(2).data, tg::tensor({5, 6}, tg::kFloat64), 0, 0, "row 2");
  BOOST_TEST(!ds.get(0).target.defined());
  const std::string bad = dir.file("bad.npy");
  tg_test::write_bytes(bad, "\x93NUMPY garbage");
  TG_CHECK_THROWS_WITH(data::datasets::TensorDataset::from_numpy(bad), "TensorDataset", bad);
}

BOOST_AUTO_TEST_CASE(the_data_folder_rule) {
  tg_test::ScratchDir dir("data-dir");
  std::filesystem::create_directories(dir.path / "env" / "mnist");
  std::filesystem::create_directories(dir.path / "home" / ".cache" / "tapegrad" / "data" / "mnist");
  std::filesystem::create_directories(dir.path / "home" / ".cache" / "tapegrad" / "data" / "digits");
  EnvGuard home("HOME", (dir.path / "home").string());
  {
    EnvGuard env("TAPEGRAD_DATA", (dir.path / "env").string());
    BOOST_TEST(data::data_dir("mnist", "/explicit") == "/explicit/mnist");  // an explicit root wins
    BOOST_TEST(data::data_dir("mnist") == (dir.path / "env" / "mnist").string());
    // a base without the folder is passed over
    BOOST_TEST(data::data_dir("digits") == (dir.path / "home" / ".cache/tapegrad/data/digits").string());
    TG_CHECK_THROWS_WITH(data::data_dir("cat"), "data_dir", "no folder 'cat'", (dir.path / "env" / "cat").string(),
                         "/usr/share/datasets/cat", "bash scripts/download-data.sh cat");
  }
  EnvGuard env("TAPEGRAD_DATA", std::nullopt);
  BOOST_TEST(data::data_dir("mnist") == (dir.path / "home" / ".cache/tapegrad/data/mnist").string());
  const auto path = data::data_search_path();
  BOOST_TEST(path.size() == 2u);
  BOOST_TEST(path.back() == "/usr/share/datasets");
  TG_CHECK_THROWS_WITH(data::data_dir("fashion-mnist-nope"), "data_dir", "no folder 'fashion-mnist-nope'");
}

BOOST_AUTO_TEST_SUITE_END()
