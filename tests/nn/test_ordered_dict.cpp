#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

BOOST_AUTO_TEST_SUITE(nn_ordered_dict)

BOOST_AUTO_TEST_CASE(keeps_insertion_order_and_finds_by_key) {
  tg::OrderedDict<std::string, int> dict("Thing");
  dict.insert("zebra", 1);
  dict.insert("apple", 2);
  dict.insert("mango", 3);
  BOOST_REQUIRE_EQUAL(dict.size(), 3u);
  const std::vector<std::string> keys{"zebra", "apple", "mango"};
  BOOST_TEST(dict.keys() == keys, boost::test_tools::per_element());
  const std::vector<int> values{1, 2, 3};
  BOOST_TEST(dict.values() == values, boost::test_tools::per_element());
  BOOST_CHECK_EQUAL(dict["apple"], 2);
  BOOST_CHECK_EQUAL(dict[0].key(), "zebra");
  BOOST_CHECK_EQUAL(dict[2].value(), 3);
  BOOST_CHECK_EQUAL(dict.front().key(), "zebra");
  BOOST_CHECK_EQUAL(dict.back().key(), "mango");
  BOOST_REQUIRE(dict.find("mango") != nullptr);
  BOOST_CHECK_EQUAL(*dict.find("mango"), 3);
  BOOST_CHECK(dict.find("kiwi") == nullptr);
  BOOST_CHECK(dict.contains("apple"));
  BOOST_CHECK(!dict.contains("kiwi"));
  std::vector<std::string> seen;
  for (const auto& item : dict) seen.push_back(item.key());
  BOOST_TEST(seen == keys, boost::test_tools::per_element());
  dict["apple"] = 20;
  *dict.find("zebra") = 10;
  BOOST_CHECK_EQUAL(dict[1].value(), 20);
  BOOST_CHECK_EQUAL(*dict[0], 10);
}

BOOST_AUTO_TEST_CASE(missing_and_duplicate_keys_are_errors_that_name_the_key) {
  tg::OrderedDict<std::string, int> dict("Parameter");
  dict.insert("fc1.weight", 1);
  TG_CHECK_THROWS_WITH(dict["fc3.weight"], "Parameter 'fc3.weight' is not defined");
  TG_CHECK_THROWS_WITH(dict.insert("fc1.weight", 2), "Parameter 'fc1.weight' already defined");
  TG_CHECK_THROWS_WITH(dict[5], "index 5", "1 items");
  tg::OrderedDict<std::string, int> empty;
  TG_CHECK_THROWS_WITH(empty.front(), "front()");
}

BOOST_AUTO_TEST_CASE(erase_keeps_the_index_consistent) {
  tg::OrderedDict<std::string, int> dict;
  dict.insert("a", 1);
  dict.insert("b", 2);
  dict.insert("c", 3);
  dict.erase("a");
  BOOST_CHECK_EQUAL(dict.size(), 2u);
  BOOST_CHECK_EQUAL(dict["c"], 3);
  BOOST_CHECK_EQUAL(dict[0].key(), "b");
  BOOST_CHECK(!dict.contains("a"));
  tg::OrderedDict<std::string, int> more;
  more.insert("d", 4);
  dict.update(more);
  BOOST_CHECK_EQUAL(dict.back().key(), "d");
  dict.clear();
  BOOST_CHECK(dict.is_empty());
}

BOOST_AUTO_TEST_CASE(items_bind_to_structured_bindings) {
  tg::OrderedDict<std::string, tg::Tensor> dict;
  dict.insert("w", tg::zeros({2}));
  for (auto& [name, t] : dict) t.add_(1.0);  // the value itself, not a copy
  BOOST_CHECK_EQUAL(dict["w"].sum().item<float>(), 2.0f);
  for (const auto& [name, t] : dict) BOOST_CHECK_EQUAL(name, "w");
}

BOOST_AUTO_TEST_CASE(named_parameters_is_an_ordered_dict_of_the_modules_own_tensors) {
  auto net = tg::nn::Sequential(tg::nn::Linear(2, 3), tg::nn::ReLU(), tg::nn::Linear(3, 1));
  auto params = net->named_parameters();
  const std::vector<std::string> keys{"0.weight", "0.bias", "2.weight", "2.bias"};
  BOOST_TEST(params.keys() == keys, boost::test_tools::per_element());
  BOOST_CHECK(params["2.bias"].impl() == net->ptr(2)->parameters()[1].impl());
  BOOST_CHECK(params.find("1.weight") == nullptr);
  TG_CHECK_THROWS_WITH(params["1.weight"], "Parameter '1.weight' is not defined");
  auto children = net->named_children();
  BOOST_CHECK(children["1"] == net->ptr(1));
  TG_CHECK_THROWS_WITH(children["9"], "Module '9' is not defined");
}

BOOST_AUTO_TEST_SUITE_END()
