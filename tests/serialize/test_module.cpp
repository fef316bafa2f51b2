// tg::save / tg::load of a module: parameters and buffers by dotted name, loaded in place,
// and a load that does not match the module names every problem and changes nothing.
#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/nn/nn.hpp>
#include <tapegrad/serialize/serialize.hpp>

#include "serialize_test_utils.hpp"

namespace tg = tapegrad;
using serialize_test::TempDir;

namespace {

// 2-h-1 MLP with a float64 buffer and an int64 buffer, so every dtype goes through a module.
struct Net : tg::nn::Module {
  tg::nn::Linear fc1{nullptr}, fc2{nullptr};
  tg::Tensor running, count;
  explicit Net(std::int64_t hidden = 8, tg::Dtype dtype = tg::kFloat32) {
    fc1 = register_module("fc1", tg::nn::Linear(2, hidden, true, dtype));
    fc2 = register_module("fc2", tg::nn::Linear(hidden, 1, true, dtype));
    running = register_buffer("running", tg::rand({3}, tg::kFloat64));
    count = register_buffer("count", tg::randint(0, 1000, {1}));
  }
  tg::Tensor forward(const tg::Tensor& x) { return fc2->forward(fc1->forward(x).tanh()); }
};

// Only the first layer: a checkpoint of it lacks fc2.
struct HalfNet : tg::nn::Module {
  tg::nn::Linear fc1{nullptr};
  tg::Tensor running, count;
  HalfNet() {
    fc1 = register_module("fc1", tg::nn::Linear(2, 8));
    running = register_buffer("running", tg::zeros({3}, tg::kFloat64));
    count = register_buffer("count", tg::zeros({1}, tg::kInt64));
  }
};

// Every parameter and buffer value, to check a failed load changed nothing.
std::vector<std::vector<double>> snapshot(const tg::nn::Module& m) {
  std::vector<std::vector<double>> values;
  for (auto& [name, t] : m.named_parameters()) values.push_back(t.to_vector<double>());
  for (auto& [name, t] : m.named_buffers()) values.push_back(t.to_vector<double>());
  return values;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(module_checkpoint)

BOOST_AUTO_TEST_CASE(holds_every_parameter_then_every_buffer_by_dotted_name) {
  tg::manual_seed(1);
  TempDir dir;
  Net net;
  tg::save(net, dir.file("net.npz"));
  auto stored = tg::load_tensors(dir.file("net.npz"));
  std::vector<std::string> names;
  for (auto& [name, t] : stored) names.push_back(name);
  BOOST_CHECK(names ==
              (std::vector<std::string>{"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "running", "count"}));
  BOOST_CHECK(stored[0].second.shape() == (tg::Shape{8, 2}));
  BOOST_CHECK(stored[4].second.dtype() == tg::kFloat64);
  BOOST_CHECK(stored[5].second.dtype() == tg::kInt64);
}

BOOST_AUTO_TEST_CASE(round_trips_into_a_fresh_module_in_place) {
  TempDir dir;
  tg::manual_seed(1);
  auto trained = std::make_shared<Net>();
  tg::manual_seed(2);
  auto fresh = std::make_shared<Net>();
  tg::Tensor weight_handle = fresh->fc1->weight;  // taken before the load: must see the new values
  BOOST_REQUIRE(snapshot(*trained) != snapshot(*fresh));

  tg::save(trained, dir.file("net.npz"));  // shared_ptr overloads, as in LibTorch
  tg::load(fresh, dir.file("net.npz"));

  BOOST_CHECK(snapshot(*fresh) == snapshot(*trained));
  BOOST_CHECK(weight_handle.to_vector<float>() == trained->fc1->weight.to_vector<float>());
  BOOST_CHECK(fresh->fc1->weight.requires_grad());  // still a trainable leaf
  BOOST_CHECK(fresh->fc1->weight.is_leaf());
  tg::Tensor x = tg::randn({5, 2});
  BOOST_CHECK(fresh->forward(x).to_vector<float>() == trained->forward(x).to_vector<float>());
}

BOOST_AUTO_TEST_CASE(round_trips_a_sequential_and_a_float64_module) {
  TempDir dir;
  tg::manual_seed(3);
  auto a = tg::nn::Sequential(tg::nn::Linear(3, 4), tg::nn::ReLU(), tg::nn::Linear(4, 2));
  auto b = tg::nn::Sequential(tg::nn::Linear(3, 4), tg::nn::ReLU(), tg::nn::Linear(4, 2));
  tg::save(*a, dir.file("seq.npz"));
  tg::load(*b, dir.file("seq.npz"));
  BOOST_CHECK(snapshot(*a) == snapshot(*b));
  BOOST_CHECK_EQUAL(tg::load_tensors(dir.file("seq.npz"))[2].first, "2.weight");

  Net d1(4, tg::kFloat64), d2(4, tg::kFloat64);
  tg::save(d1, dir.file("f64.npz"));
  tg::load(d2, dir.file("f64.npz"));
  BOOST_CHECK(snapshot(d1) == snapshot(d2));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(module_load_errors)

BOOST_AUTO_TEST_CASE(names_missing_parameters_and_changes_nothing) {
  TempDir dir;
  std::string path = dir.file("half.npz");
  HalfNet half;
  tg::save(half, path);
  Net net;
  auto before = snapshot(net);
  TG_CHECK_THROWS_WITH(tg::load(net, path), "load: '" + path + "' does not match the module (2 problems): ",
                       "missing 'fc2.weight'; missing 'fc2.bias'");
  BOOST_CHECK(snapshot(net) == before);  // fc1, running and count matched but were not loaded
}

BOOST_AUTO_TEST_CASE(names_unexpected_entries) {
  TempDir dir;
  std::string path = dir.file("extra.npz");
  Net net;
  tg::NamedTensors state = net.named_parameters().pairs();
  for (auto& b : net.named_buffers()) state.push_back(b.pair());
  state.emplace_back("fc3.weight", tg::ones({1, 8}));
  tg::save_tensors(state, path);
  auto before = snapshot(net);
  TG_CHECK_THROWS_WITH(tg::load(net, path),
                       "load: '" + path + "' does not match the module (1 problem): unexpected 'fc3.weight'");
  BOOST_CHECK(snapshot(net) == before);
}

BOOST_AUTO_TEST_CASE(names_the_parameter_whose_shape_differs_with_both_shapes) {
  TempDir dir;
  std::string path = dir.file("narrow.npz");
  Net narrow(4);
  tg::save(narrow, path);
  Net net(8);
  auto before = snapshot(net);
  TG_CHECK_THROWS_WITH(tg::load(net, path), "load: '" + path + "' does not match the module (3 problems): ",
                       "'fc1.weight' has shape [4,2] in the file but [8,2] in the module",
                       "'fc1.bias' has shape [4] in the file but [8] in the module",
                       "'fc2.weight' has shape [1,4] in the file but [1,8] in the module");
  BOOST_CHECK(snapshot(net) == before);
}

BOOST_AUTO_TEST_CASE(names_the_parameter_whose_dtype_differs) {
  TempDir dir;
  std::string path = dir.file("f64.npz");
  Net net;
  tg::NamedTensors state;
  for (auto& [name, t] : net.named_parameters()) state.emplace_back(name, name == "fc2.bias" ? t.to(tg::kFloat64) : t);
  for (auto& b : net.named_buffers()) state.push_back(b.pair());
  tg::save_tensors(state, path);
  TG_CHECK_THROWS_WITH(tg::load(net, path), "load: '" + path + "' does not match the module (1 problem): ",
                       "'fc2.bias' is float64 in the file but float32 in the module");
}

BOOST_AUTO_TEST_CASE(names_the_file_when_it_is_missing_or_corrupt_and_changes_nothing) {
  TempDir dir;
  Net net;
  auto before = snapshot(net);
  std::string missing = dir.file("missing.npz");
  TG_CHECK_THROWS_WITH(tg::load(net, missing), "load: cannot open '" + missing + "'");

  std::string path = dir.file("net.npz");
  Net other;
  tg::save(other, path);
  std::string bytes = serialize_test::read_bytes(path);
  bytes[bytes.find("running.npy") + 11 + 128 + 8] ^= 0x40;  // inside the buffer's float64 data
  serialize_test::write_bytes(path, bytes);
  TG_CHECK_THROWS_WITH(tg::load(net, path), "load: '" + path + "': member 'running.npy': CRC-32 mismatch");
  BOOST_CHECK(snapshot(net) == before);
}

BOOST_AUTO_TEST_CASE(save_names_the_file_it_cannot_write) {
  TempDir dir;
  Net net;
  std::string path = dir.file("no/such/dir/net.npz");
  TG_CHECK_THROWS_WITH(tg::save(net, path), "save: '" + path + "'", "cannot create");
}

BOOST_AUTO_TEST_SUITE_END()
