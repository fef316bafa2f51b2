#include <boost/test/unit_test.hpp>

#include <memory>
#include <sstream>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;

BOOST_AUTO_TEST_SUITE(nn_sequential)

BOOST_AUTO_TEST_CASE(variadic_constructor_names_children_by_position) {
  tg::nn::Sequential seq(std::make_shared<tg::nn::Linear>(2, 8), std::make_shared<tg::nn::Tanh>(),
                         std::make_shared<tg::nn::Linear>(8, 1));
  BOOST_CHECK_EQUAL(seq.size(), 3u);
  std::vector<std::string> names;
  for (const auto& [name, p] : seq.named_parameters()) names.push_back(name);
  const std::vector<std::string> expected{"0.weight", "0.bias", "2.weight", "2.bias"};
  BOOST_TEST(names == expected, boost::test_tools::per_element());
  BOOST_CHECK_EQUAL(seq.named_children()[1].first, "1");
}

BOOST_AUTO_TEST_CASE(initializer_list_and_vector_constructors_give_the_same_structure) {
  auto fc = std::make_shared<tg::nn::Linear>(2, 2);
  auto relu = std::make_shared<tg::nn::ReLU>();
  tg::nn::Sequential from_list({fc, relu});
  std::vector<std::shared_ptr<tg::nn::Module>> modules{fc, relu};
  tg::nn::Sequential from_vector(modules);
  BOOST_CHECK_EQUAL(from_list.size(), 2u);
  BOOST_CHECK_EQUAL(from_vector.size(), 2u);
  BOOST_CHECK(from_list[0] == fc && from_vector[1] == relu);
}

BOOST_AUTO_TEST_CASE(forward_chains_the_modules_in_order) {
  auto fc = std::make_shared<tg::nn::Linear>(2, 3);
  tg::nn::Sequential seq(fc, std::make_shared<tg::nn::ReLU>(), std::make_shared<tg::nn::Sigmoid>());
  tg::Tensor x = tg::randn({4, 2});
  tg_test::check_close(seq.forward(x), tg::sigmoid(tg::relu(fc->forward(x))), 5e-7, 5e-7, "chain");
}

BOOST_AUTO_TEST_CASE(push_back_appends_and_indexing_returns_the_same_module) {
  tg::nn::Sequential seq;
  BOOST_CHECK(seq.is_empty());
  auto fc = std::make_shared<tg::nn::Linear>(4, 2);
  seq.push_back(fc);
  seq.push_back("act", std::make_shared<tg::nn::Tanh>());
  BOOST_CHECK_EQUAL(seq.size(), 2u);
  BOOST_CHECK(seq[0] == fc);
  BOOST_CHECK_EQUAL(seq.at(1)->name(), "Tanh");
  BOOST_CHECK(seq.at<tg::nn::Linear>(0)->weight.impl() == fc->weight.impl());
  BOOST_CHECK_EQUAL(seq.named_children()[1].first, "act");
  std::size_t count = 0;
  for (const auto& module : seq) count += module != nullptr;
  BOOST_CHECK_EQUAL(count, 2u);
}

BOOST_AUTO_TEST_CASE(bad_indices_types_and_empty_forward_throw_naming_sequential) {
  tg::nn::Sequential seq(std::make_shared<tg::nn::ReLU>());
  TG_CHECK_THROWS_WITH(seq[1], "Sequential: index 1 is out of range for 1 modules");
  TG_CHECK_THROWS_WITH(seq.at<tg::nn::Linear>(0), "Sequential", "ReLU");
  TG_CHECK_THROWS_WITH(seq.push_back(nullptr), "Sequential", "null");
  tg::nn::Sequential empty;
  TG_CHECK_THROWS_WITH(empty.forward(tg::ones({1})), "Sequential", "empty");
  tg::nn::Sequential with_loss(std::make_shared<tg::nn::MSELoss>());
  TG_CHECK_THROWS_WITH(with_loss.forward(tg::ones({1})), "MSELoss: no forward(Tensor)");
}

BOOST_AUTO_TEST_CASE(eval_reaches_modules_inside_a_sequential) {
  auto drop = std::make_shared<tg::nn::Dropout>(0.5);
  auto seq = std::make_shared<tg::nn::Sequential>(std::make_shared<tg::nn::Linear>(2, 2), drop);
  seq->eval();
  BOOST_CHECK(!drop->is_training());
  tg::Tensor x = tg::ones({3, 2});
  tg_test::check_close(seq->forward(x), seq->at<tg::nn::Linear>(0)->forward(x), 5e-7, 5e-7, "eval dropout");
}

BOOST_AUTO_TEST_CASE(nested_sequentials_print_like_pytorch) {
  auto inner = std::make_shared<tg::nn::Sequential>(std::make_shared<tg::nn::Linear>(2, 3),
                                                    std::make_shared<tg::nn::LeakyReLU>(0.2));
  tg::nn::Sequential outer(inner, std::make_shared<tg::nn::Linear>(3, 1), std::make_shared<tg::nn::Sigmoid>());
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
