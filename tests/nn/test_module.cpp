#include <boost/test/unit_test.hpp>

#include <memory>
#include <sstream>
#include <string>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;

namespace {

// The spec's example, verbatim.
struct Net : tg::nn::Module {
  tg::nn::Linear fc1{nullptr}, fc2{nullptr};
  Net() {
    fc1 = register_module("fc1", tg::nn::Linear(2, 8));
    fc2 = register_module("fc2", tg::nn::Linear(8, 1));
  }
  tg::Tensor forward(const tg::Tensor& x) { return tg::sigmoid(fc2->forward(tg::tanh(fc1->forward(x)))); }
};

struct Encoder : tg::nn::Module {
  tg::Tensor scale;
  tg::nn::Linear fc1{nullptr};
  Encoder() {
    scale = register_parameter("scale", tg::ones({1}));
    register_buffer("steps", tg::zeros({1}));
    fc1 = register_module("fc1", tg::nn::Linear(3, 2));
  }
};

struct AutoEncoder : tg::nn::Module {
  std::shared_ptr<Encoder> encoder;
  tg::nn::Dropout drop{nullptr};
  AutoEncoder() {
    encoder = register_module("encoder", std::make_shared<Encoder>());
    drop = register_module("drop", tg::nn::Dropout(0.5));
  }
};

struct Empty : tg::nn::Module {};

std::vector<std::string> names_of(const tg::OrderedDict<std::string, tg::Tensor>& named) { return named.keys(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(nn_module)

BOOST_AUTO_TEST_CASE(spec_example_compiles_and_runs_with_zeroed_parameters) {
  tg::Tensor x = tg::tensor({{0.0, 1.0}, {1.0, 0.0}, {1.0, 1.0}});
  tg::Tensor y = tg::tensor({{1.0}, {1.0}, {0.0}});
  auto net = std::make_shared<Net>();
  {
    tg::NoGradGuard no_grad;
    for (auto& [name, p] : net->named_parameters()) p.copy_(tg::zeros_like(p));
  }
  auto loss = tg::nn::functional::mse_loss(net->forward(x), y);
  // Every output is sigmoid(0) = 0.5, so the loss is mean((0.5 - y)^2) = 0.25.
  BOOST_CHECK_CLOSE(loss.item<double>(), 0.25, 1e-4);
  loss.backward();
  // The zeroing reached the module's own parameters (handles are shared) ...
  BOOST_CHECK_EQUAL(net->fc1->weight.abs().sum().item<double>(), 0.0);
  // ... and the gradient reached them too: d loss / d fc2.bias = mean(2 (0.5 - y)) * 0.25.
  BOOST_REQUIRE(net->fc2->bias.grad().defined());
  BOOST_CHECK_CLOSE(net->fc2->bias.grad().item<double>(), 2.0 * (0.5 - 2.0 / 3.0) * 0.25, 1e-3);
}

BOOST_AUTO_TEST_CASE(named_parameters_are_dotted_and_in_registration_order) {
  Net net;
  const std::vector<std::string> expected{"fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"};
  BOOST_TEST(names_of(net.named_parameters()) == expected, boost::test_tools::per_element());
  BOOST_CHECK_EQUAL(net.parameters().size(), 4u);
  BOOST_CHECK(net.named_parameters(/*recurse=*/false).empty());

  AutoEncoder ae;
  const std::vector<std::string> nested{"encoder.scale", "encoder.fc1.weight", "encoder.fc1.bias"};
  BOOST_TEST(names_of(ae.named_parameters()) == nested, boost::test_tools::per_element());
  const std::vector<std::string> buffers{"encoder.steps"};
  BOOST_TEST(names_of(ae.named_buffers()) == buffers, boost::test_tools::per_element());
  BOOST_CHECK_EQUAL(ae.buffers().size(), 1u);
  BOOST_CHECK(!ae.buffers()[0].requires_grad());
}

BOOST_AUTO_TEST_CASE(parameters_share_storage_and_grad_with_the_module) {
  Net net;
  for (const auto& p : net.parameters()) {
    BOOST_CHECK(p.requires_grad());
    BOOST_CHECK(p.is_leaf());
  }
  tg::Tensor w = net.parameters()[0];
  {
    tg::NoGradGuard no_grad;
    w.fill_(3.0);
  }
  BOOST_CHECK_EQUAL(net.fc1->weight.at<float>({0, 0}), 3.0f);
  BOOST_CHECK(w.impl() == net.fc1->weight.impl());
}

BOOST_AUTO_TEST_CASE(register_parameter_sets_requires_grad_and_detaches_recorded_tensors) {
  struct M : tg::nn::Module {
    tg::Tensor frozen, fromop;
    M() {
      frozen = register_parameter("frozen", tg::ones({2}), /*requires_grad=*/false);
      tg::Tensor a = tg::ones({2}).requires_grad_();
      fromop = register_parameter("fromop", a * 2.0);
    }
  } m;
  BOOST_CHECK(!m.frozen.requires_grad());
  BOOST_CHECK(m.fromop.requires_grad());
  BOOST_CHECK(m.fromop.is_leaf());
  BOOST_CHECK_EQUAL(m.parameters().size(), 2u);
}

BOOST_AUTO_TEST_CASE(register_parameter_reference_survives_later_registrations) {
  struct M : tg::nn::Module {
    tg::Tensor* first;
    M() {
      first = &register_parameter("first", tg::ones({1}));
      for (int i = 0; i < 100; ++i) register_parameter("p" + std::to_string(i), tg::ones({1}));
    }
  } m;
  BOOST_CHECK(m.first->impl() == m.named_parameters()[0].value().impl());
}

BOOST_AUTO_TEST_CASE(bad_names_throw_naming_the_module_and_the_name) {
  struct Registrar : tg::nn::Module {
    void add(const std::string& name) { register_parameter(name, tg::ones({1})); }
    void add_buffer(const std::string& name) { register_buffer(name, tg::ones({1})); }
    void add_module(const std::string& name) { register_module(name, tg::nn::ReLU()); }
  } m;
  m.add("w");
  TG_CHECK_THROWS_WITH(m.add(""), "Module Registrar", "must not be empty");
  TG_CHECK_THROWS_WITH(m.add("a.b"), "Module Registrar", "'a.b'", "'.'");
  TG_CHECK_THROWS_WITH(m.add("w"), "Module Registrar", "'w'", "already registered");
  TG_CHECK_THROWS_WITH(m.add_buffer("w"), "Registrar", "buffer name 'w'");
  TG_CHECK_THROWS_WITH(m.add_module("w"), "Registrar", "module name 'w'");
  TG_CHECK_THROWS_WITH(m.add_module("x.y"), "Registrar", "'x.y'");
  BOOST_CHECK_EQUAL(m.parameters().size(), 1u);
}

BOOST_AUTO_TEST_CASE(bad_tensors_and_null_modules_are_rejected) {
  struct Registrar : tg::nn::Module {
    void add(const std::string& name, tg::Tensor t) { register_parameter(name, t); }
    void add_null() { register_module("child", std::shared_ptr<tg::nn::LinearImpl>()); }
  } m;
  TG_CHECK_THROWS_WITH(m.add("u", tg::Tensor()), "Registrar", "'u'", "undefined");
  TG_CHECK_THROWS_WITH(m.add("i", tg::tensor({1, 2}, tg::kInt64)), "Registrar", "'i'", "int64");
  TG_CHECK_THROWS_WITH(m.add_null(), "Registrar", "'child'", "null");
}

BOOST_AUTO_TEST_CASE(children_are_listed_in_registration_order) {
  AutoEncoder ae;
  auto named = ae.named_children();
  BOOST_REQUIRE_EQUAL(named.size(), 2u);
  BOOST_CHECK_EQUAL(named[0].key(), "encoder");
  BOOST_CHECK_EQUAL(named[1].key(), "drop");
  BOOST_CHECK(ae.children()[1] == ae.drop.ptr());
  BOOST_CHECK_EQUAL(ae.encoder->children().size(), 1u);
}

BOOST_AUTO_TEST_CASE(train_and_eval_propagate_to_every_descendant) {
  AutoEncoder ae;
  BOOST_CHECK(ae.is_training());
  BOOST_CHECK(ae.encoder->fc1->is_training());
  ae.eval();
  BOOST_CHECK(!ae.is_training());
  BOOST_CHECK(!ae.encoder->is_training());
  BOOST_CHECK(!ae.encoder->fc1->is_training());
  BOOST_CHECK(!ae.drop->is_training());
  ae.train();
  BOOST_CHECK(ae.encoder->fc1->is_training());
  BOOST_CHECK(ae.drop->is_training());
}

BOOST_AUTO_TEST_CASE(zero_grad_resets_every_parameter_gradient) {
  Net net;
  net.forward(tg::ones({1, 2})).sum().backward();
  for (const auto& p : net.parameters()) BOOST_REQUIRE(p.grad().defined());
  net.zero_grad(/*set_to_none=*/false);
  for (const auto& p : net.parameters()) {
    BOOST_REQUIRE(p.grad().defined());
    BOOST_CHECK_EQUAL(p.grad().abs().sum().item<double>(), 0.0);
  }
  net.zero_grad();
  for (const auto& p : net.parameters()) BOOST_CHECK(!p.grad().defined());
}

BOOST_AUTO_TEST_CASE(a_module_without_forward_has_a_name_and_no_clone) {
  Empty e;
  BOOST_CHECK_EQUAL(e.name(), "Empty");
  TG_CHECK_THROWS_WITH(e.clone(), "Empty: clone() is not implemented", "Cloneable<Empty>");
}

BOOST_AUTO_TEST_CASE(printing_shows_the_tree_the_shapes_and_the_parameter_count) {
  Net net;
  std::ostringstream out;
  out << net;
  const std::string text = out.str();
  BOOST_TEST_MESSAGE(text);
  BOOST_CHECK(text.find("Net(\n") == 0);
  BOOST_CHECK(text.find("  (fc1): Linear(in_features=2, out_features=8, bias=true)\n") != std::string::npos);
  BOOST_CHECK(text.find("  (fc2): Linear(in_features=8, out_features=1, bias=true)\n)") != std::string::npos);
  BOOST_CHECK(text.find("fc1.weight  [8,2]  16") != std::string::npos);
  BOOST_CHECK(text.find("fc2.bias    [1]    1") != std::string::npos);
  BOOST_CHECK(text.find("Total parameters: 33\n") != std::string::npos);  // 16 + 8 + 8 + 1
  BOOST_CHECK_EQUAL(tg::nn::parameter_count(net), 33);
}

BOOST_AUTO_TEST_CASE(printing_nests_children_and_counts_frozen_parameters_apart) {
  AutoEncoder ae;
  {
    tg::NoGradGuard no_grad;
    ae.encoder->scale.requires_grad_(false);
  }
  std::ostringstream out;
  out << ae;
  const std::string text = out.str();
  BOOST_TEST_MESSAGE(text);
  BOOST_CHECK(text.find("AutoEncoder(\n  (encoder): Encoder(\n    (fc1): Linear(in_features=3, out_features=2, "
                        "bias=true)\n  )\n  (drop): Dropout(p=0.5)\n)\n") == 0);
  BOOST_CHECK(text.find("Total parameters: 9 (trainable: 8)") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(nn_module_tree)

BOOST_AUTO_TEST_CASE(named_modules_lists_the_tree_in_pre_order_with_dotted_names) {
  auto ae = std::make_shared<AutoEncoder>();
  auto named = ae->named_modules();
  const std::vector<std::string> keys{"", "encoder", "encoder.fc1", "drop"};
  BOOST_TEST(named.keys() == keys, boost::test_tools::per_element());
  BOOST_CHECK(named[""].get() == ae.get());
  BOOST_CHECK(named["encoder.fc1"] == ae->encoder->fc1.ptr());
  const std::vector<std::string> prefixed{"ae.encoder", "ae.encoder.fc1", "ae.drop"};
  BOOST_TEST(ae->named_modules("ae", /*include_self=*/false).keys() == prefixed, boost::test_tools::per_element());
  BOOST_CHECK_EQUAL(ae->modules().size(), 4u);
  BOOST_CHECK_EQUAL(ae->modules(/*include_self=*/false).size(), 3u);
  BOOST_CHECK(ae->modules()[2] == ae->encoder->fc1.ptr());
}

BOOST_AUTO_TEST_CASE(modules_with_self_needs_shared_ownership) {
  AutoEncoder on_stack;
  TG_CHECK_THROWS_WITH(on_stack.modules(), "AutoEncoder", "std::shared_ptr");
  BOOST_CHECK_EQUAL(on_stack.modules(/*include_self=*/false).size(), 3u);
}

BOOST_AUTO_TEST_CASE(apply_visits_every_module_in_pre_order) {
  AutoEncoder ae;  // the reference forms need no shared_ptr
  std::vector<std::string> types;
  ae.apply([&](tg::nn::Module& m) { types.push_back(m.name()); });
  const std::vector<std::string> expected_types{"AutoEncoder", "Encoder", "Linear", "Dropout"};
  BOOST_TEST(types == expected_types, boost::test_tools::per_element());

  std::vector<std::string> names;
  ae.apply([&](const std::string& name, tg::nn::Module&) { names.push_back(name); }, "root");
  const std::vector<std::string> expected_names{"root", "root.encoder", "root.encoder.fc1", "root.drop"};
  BOOST_TEST(names == expected_names, boost::test_tools::per_element());

  // The LibTorch idiom: re-initialise every Linear through apply.
  ae.apply([](tg::nn::Module& m) {
    if (auto* fc = m.as<tg::nn::Linear>()) {
      tg::NoGradGuard no_grad;
      fc->weight.fill_(0.5);
    }
  });
  BOOST_CHECK_EQUAL(ae.encoder->fc1->weight.sum().item<float>(), 3.0f);

  const AutoEncoder& constant = ae;
  int count = 0;
  constant.apply([&](const tg::nn::Module&) { ++count; });
  BOOST_CHECK_EQUAL(count, 4);

  auto shared = std::make_shared<AutoEncoder>();
  std::vector<std::shared_ptr<tg::nn::Module>> pointers;
  shared->apply([&](const std::shared_ptr<tg::nn::Module>& m) { pointers.push_back(m); });
  BOOST_REQUIRE_EQUAL(pointers.size(), 4u);
  BOOST_CHECK(pointers[0].get() == shared.get());
}

BOOST_AUTO_TEST_CASE(parameters_without_recursion_are_the_modules_own) {
  Encoder encoder;
  BOOST_CHECK_EQUAL(encoder.parameters(/*recurse=*/false).size(), 1u);
  BOOST_CHECK_EQUAL(encoder.parameters().size(), 3u);
  BOOST_CHECK_EQUAL(encoder.buffers(/*recurse=*/false).size(), 1u);
}

BOOST_AUTO_TEST_CASE(to_dtype_converts_in_place_and_an_earlier_optimizer_still_trains) {
  auto net = std::make_shared<Net>();
  tg::optim::SGD opt(net->parameters(), 0.1);
  tg::Tensor weight = net->fc1->weight;  // a handle taken before the conversion
  const auto before = weight.to_vector<double>();
  net->to(tg::kFloat64);
  for (const auto& p : net->parameters()) {
    BOOST_CHECK(p.dtype() == tg::kFloat64);
    BOOST_CHECK(p.requires_grad());
  }
  BOOST_CHECK(weight.dtype() == tg::kFloat64);
  BOOST_TEST(weight.to_vector<double>() == before, boost::test_tools::per_element());
  tg::Tensor x = tg::randn({4, 2}, tg::kFloat64);
  tg::Tensor loss = net->forward(x).sum();
  loss.backward();
  opt.step();
  BOOST_CHECK(weight.to_vector<double>() != before);  // the optimizer updated the module's own tensor

  AutoEncoder ae;
  ae.to(tg::kFloat64);
  BOOST_CHECK(ae.named_buffers()["encoder.steps"].dtype() == tg::kFloat64);
  TG_CHECK_THROWS_WITH(ae.to(tg::kInt64), "to(int64)", "'encoder.scale'", "requires grad");
  ae.to(tg::kCPU);
  TG_CHECK_THROWS_WITH(ae.to(tg::Device(tg::kCUDA)), "cuda", "CPU only");
  BOOST_CHECK(ae.named_parameters()["encoder.fc1.weight"].dtype() == tg::kFloat64);  // nothing half-converted
}

BOOST_AUTO_TEST_SUITE_END()
