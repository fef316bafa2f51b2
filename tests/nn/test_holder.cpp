// Module holders (TG_MODULE), Cloneable and the options classes, as LibTorch spells them.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <sstream>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;

namespace {

// A LibTorch-style model: holder members, forward by value, no override.
struct Net : tg::nn::Module {
  tg::nn::Linear fc1{nullptr}, fc2{nullptr};
  Net() {
    fc1 = register_module("fc1", tg::nn::Linear(2, 8));
    fc2 = register_module("fc2", tg::nn::Linear(tg::nn::LinearOptions(8, 1).bias(false)));
  }
  tg::Tensor forward(tg::Tensor x) { return fc2(tg::relu(fc1(x))); }
};

// A user module in the Impl + holder form, cloneable.
struct BlockImpl : tg::nn::Cloneable<BlockImpl> {
  explicit BlockImpl(std::int64_t width) : width(width) { reset(); }
  void reset() override {
    fc = register_module("fc", tg::nn::Linear(width, width));
    scale = register_parameter("scale", tg::ones({}));
    register_buffer("steps", tg::zeros({1}));
  }
  tg::Tensor forward(tg::Tensor x) { return fc(x) * scale; }
  std::int64_t width;
  tg::nn::Linear fc{nullptr};
  tg::Tensor scale;
};
TG_MODULE(Block);

}  // namespace

BOOST_AUTO_TEST_SUITE(nn_holder)

BOOST_AUTO_TEST_CASE(holders_construct_share_and_forward) {
  tg::nn::Linear fc(2, 3);
  BOOST_CHECK(!fc.is_empty() && static_cast<bool>(fc));
  tg::nn::Linear same = fc;
  BOOST_CHECK(same.ptr() == fc.ptr());
  tg::Tensor x = tg::randn({4, 2});
  tg_test::check_close(fc(x), fc->forward(x), 0, 0, "operator()");
  tg_test::check_close((*fc).forward(x), fc.get()->forward(x), 0, 0, "operator*");
  tg::nn::Linear empty{nullptr};
  BOOST_CHECK(empty.is_empty());
  TG_CHECK_THROWS_WITH(empty->forward(x), "ModuleHolder", "empty");
  empty = std::make_shared<tg::nn::LinearImpl>(2, 3);
  BOOST_CHECK_EQUAL(empty->options.out_features(), 3);
}

BOOST_AUTO_TEST_CASE(register_module_takes_holders_and_shared_ptrs) {
  auto net = std::make_shared<Net>();
  std::vector<std::string> names;
  for (const auto& [name, p] : net->named_parameters()) names.push_back(name);
  const std::vector<std::string> expected{"fc1.weight", "fc1.bias", "fc2.weight"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  BOOST_CHECK(net->forward(tg::randn({5, 2})).shape() == (tg::Shape{5, 1}));
  BOOST_CHECK(!net->fc2->options.bias() && !net->fc2->bias.defined());
  struct Direct : tg::nn::Module {
    std::shared_ptr<tg::nn::LinearImpl> fc = register_module("fc", std::make_shared<tg::nn::LinearImpl>(2, 2));
  } direct;
  BOOST_CHECK_EQUAL(direct.parameters().size(), 2u);
}

BOOST_AUTO_TEST_CASE(holders_print_without_the_impl_suffix) {
  std::ostringstream out;
  out << tg::nn::Linear(2, 3);
  BOOST_CHECK(out.str().find("Linear(in_features=2, out_features=3, bias=true)\n") == 0);
  Block block(2);
  BOOST_CHECK_EQUAL(block->name(), "Block");
}

BOOST_AUTO_TEST_CASE(clone_is_deep_for_parameters_buffers_and_children) {
  Block block(3);
  tg::Tensor x = tg::randn({2, 3});
  auto copy = std::dynamic_pointer_cast<BlockImpl>(block->clone());
  BOOST_REQUIRE(copy != nullptr);
  tg_test::check_close(copy->forward(x), block(x), 0, 0, "same values");
  BOOST_CHECK(copy->fc.ptr() != block->fc.ptr());
  BOOST_CHECK(copy->fc->weight.impl() != block->fc->weight.impl());
  // The copy's member handles are its registered parameters.
  BOOST_CHECK(copy->named_parameters()[1].value().impl() == copy->fc->weight.impl());
  BOOST_CHECK(copy->named_parameters()[0].value().impl() == copy->scale.impl());
  BOOST_CHECK(copy->scale.requires_grad());
  {
    tg::NoGradGuard no_grad;
    block->fc->weight.mul_(2.0);
    block->named_buffers()[0].value().add_(1.0);
  }
  BOOST_CHECK(tg::max(tg::abs(copy->forward(x) - block(x))).item<float>() > 0);
  BOOST_CHECK_EQUAL(copy->named_buffers()[0].value().item<float>(), 0.0f);
  tg::nn::Linear linear(2, 2);
  auto linear_copy = std::dynamic_pointer_cast<tg::nn::LinearImpl>(linear->clone());
  BOOST_CHECK(linear_copy->weight.impl() != linear->weight.impl());
  tg_test::check_close(linear_copy->weight, linear->weight, 0, 0, "linear clone");
}

BOOST_AUTO_TEST_CASE(options_chain_and_configure_the_modules) {
  BOOST_CHECK_EQUAL(tg::nn::DropoutOptions(0.2).p(), 0.2);
  BOOST_CHECK_EQUAL(tg::nn::Dropout(tg::nn::DropoutOptions().p(0.3))->p(), 0.3);
  BOOST_CHECK_EQUAL(tg::nn::LeakyReLU(tg::nn::LeakyReLUOptions().negative_slope(0.2))->options.negative_slope(), 0.2);
  BOOST_CHECK_EQUAL(tg::nn::Softmax(tg::nn::SoftmaxOptions(0))->options.dim(), 0);
  BOOST_CHECK_EQUAL(tg::nn::Flatten(tg::nn::FlattenOptions().start_dim(0))->options.start_dim(), 0);
  BOOST_CHECK_EQUAL(tg::nn::Softplus(tg::nn::SoftplusOptions().beta(2).threshold(5))->extra_repr(),
                    "beta=2, threshold=5");
  BOOST_CHECK(tg::nn::MSELoss(tg::kSum)->options.reduction() == tg::nn::Reduction::Sum);
  BOOST_CHECK(tg::nn::CrossEntropyLossOptions().reduction(tg::kNone).reduction() == tg::kNone);
  TG_CHECK_THROWS_WITH(tg::nn::Dropout(tg::nn::DropoutOptions(1.5)), "Dropout", "p must be in [0, 1)");
  TG_CHECK_THROWS_WITH(tg::nn::Softplus(tg::nn::SoftplusOptions().beta(0)), "Softplus", "beta");
}

BOOST_AUTO_TEST_SUITE_END()
