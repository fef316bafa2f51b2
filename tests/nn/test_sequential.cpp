#include <boost/test/unit_test.hpp>

#include <memory>
#include <sstream>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;

BOOST_AUTO_TEST_SUITE(nn_sequential)

BOOST_AUTO_TEST_CASE(variadic_constructor_names_children_by_position) {
  tg::nn::Sequential seq(tg::nn::Linear(2, 8), tg::nn::Tanh(), tg::nn::Linear(8, 1));
  BOOST_CHECK_EQUAL(seq->size(), 3u);
  std::vector<std::string> names;
  for (const auto& [name, p] : seq->named_parameters()) names.push_back(name);
  const std::vector<std::string> expected{"0.weight", "0.bias", "2.weight", "2.bias"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  BOOST_CHECK_EQUAL(seq->named_children()[1].key(), "1");
}

BOOST_AUTO_TEST_CASE(holders_shared_ptrs_values_and_any_modules_can_all_be_pushed) {
  tg::nn::Linear fc(2, 2);
  auto impl = std::make_shared<tg::nn::LinearImpl>(2, 2);
  tg::nn::Sequential seq(fc, impl, tg::nn::ReLUImpl(), tg::nn::AnyModule(tg::nn::Tanh()));
  BOOST_CHECK_EQUAL(seq->size(), 4u);
  BOOST_CHECK(seq->ptr(0) == fc.ptr() && seq->ptr(1) == impl);
  BOOST_CHECK_EQUAL(seq->ptr(2)->name(), "ReLU");
  tg::Tensor x = tg::randn({3, 2});
  tg_test::check_close(seq(x), tg::tanh(tg::relu(impl->forward(fc(x)))), 5e-7, 5e-7, "mixed kinds");
}

BOOST_AUTO_TEST_CASE(forward_chains_the_modules_in_order) {
  tg::nn::Linear fc(2, 3);
  tg::nn::Sequential seq(fc, tg::nn::ReLU(), tg::nn::Sigmoid());
  tg::Tensor x = tg::randn({4, 2});
  tg_test::check_close(seq->forward(x), tg::sigmoid(tg::relu(fc->forward(x))), 5e-7, 5e-7, "chain");
  tg_test::check_close(seq(x), seq->forward(x), 0, 0, "operator()");
}

BOOST_AUTO_TEST_CASE(push_back_appends_and_indexing_returns_the_same_module) {
  tg::nn::Sequential seq;
  BOOST_CHECK(seq->is_empty());
  tg::nn::Linear fc(4, 2);
  seq->push_back(fc);
  seq->push_back("act", tg::nn::Tanh());
  BOOST_CHECK_EQUAL(seq->size(), 2u);
  BOOST_CHECK(&seq[0] == fc.get());
  BOOST_CHECK_EQUAL(seq->ptr(1)->name(), "Tanh");
  BOOST_CHECK(seq->ptr<tg::nn::LinearImpl>(0)->weight.impl() == fc->weight.impl());
  BOOST_CHECK(seq->at<tg::nn::LinearImpl>(0).weight.impl() == fc->weight.impl());
  BOOST_CHECK_EQUAL(seq->named_children()[1].key(), "act");
  std::size_t count = 0;
  for (const auto& module : *seq) count += module.ptr() != nullptr;
  BOOST_CHECK_EQUAL(count, 2u);
}

BOOST_AUTO_TEST_CASE(bad_indices_types_and_empty_forward_throw_naming_sequential) {
  tg::nn::Sequential seq{tg::nn::ReLU()};
  TG_CHECK_THROWS_WITH(seq[1], "Sequential: index 1 is out of range for 1 modules");
  TG_CHECK_THROWS_WITH(seq->ptr<tg::nn::LinearImpl>(0), "Sequential", "ReLU");
  TG_CHECK_THROWS_WITH(seq->push_back(tg::nn::Linear(nullptr)), "Sequential", "null");
  tg::nn::Sequential empty;
  TG_CHECK_THROWS_WITH(empty->forward(tg::ones({1})), "Sequential", "empty");
  // A module without forward(Tensor) (a loss) does not compile into a Sequential: see AnyModule.
}

BOOST_AUTO_TEST_CASE(clone_copies_every_module_deeply) {
  tg::nn::Sequential seq(tg::nn::Linear(2, 3), tg::nn::ReLU(), tg::nn::Linear(3, 1));
  auto copy = std::dynamic_pointer_cast<tg::nn::SequentialImpl>(seq->clone());
  BOOST_REQUIRE(copy != nullptr);
  BOOST_CHECK_EQUAL(copy->size(), 3u);
  auto original = seq->parameters();
  auto cloned = copy->parameters();
  BOOST_REQUIRE_EQUAL(original.size(), cloned.size());
  tg::Tensor x = tg::randn({4, 2});
  tg_test::check_close(copy->forward(x), seq(x), 0, 0, "clone computes the same");
  for (std::size_t i = 0; i < original.size(); ++i) BOOST_CHECK(original[i].impl() != cloned[i].impl());
  {
    tg::NoGradGuard no_grad;
    original[0].add_(1.0);
  }
  BOOST_CHECK(tg::max(tg::abs(copy->forward(x) - seq(x))).item<float>() > 0);
}

BOOST_AUTO_TEST_CASE(eval_reaches_modules_inside_a_sequential) {
  tg::nn::Dropout drop(0.5);
  tg::nn::Sequential seq(tg::nn::Linear(2, 2), drop);
  seq->eval();
  BOOST_CHECK(!drop->is_training());
  tg::Tensor x = tg::ones({3, 2});
  tg_test::check_close(seq->forward(x), seq->at<tg::nn::LinearImpl>(0).forward(x), 5e-7, 5e-7, "eval dropout");
}

BOOST_AUTO_TEST_CASE(nested_sequentials_print_like_pytorch) {
  tg::nn::Sequential inner(tg::nn::Linear(2, 3), tg::nn::LeakyReLU(tg::nn::LeakyReLUOptions().negative_slope(0.2)));
  tg::nn::Sequential outer(inner, tg::nn::Linear(3, 1), tg::nn::Sigmoid());
  std::ostringstream out;
  out << outer;
  const std::string text = out.str();
  BOOST_TEST_MESSAGE(text);
  BOOST_CHECK(text.find("Sequential(\n"
                        "  (0): Sequential(\n"
                        "    (0): Linear(in_features=2, out_features=3, bias=true)\n"
                        "    (1): LeakyReLU(negative_slope=0.2)\n"
                        "  )\n"
                        "  (1): Linear(in_features=3, out_features=1, bias=true)\n"
                        "  (2): Sigmoid()\n"
                        ")\n") == 0);
  BOOST_CHECK(text.find("0.0.weight  [3,2]  6") != std::string::npos);
  BOOST_CHECK(text.find("Total parameters: 13") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
