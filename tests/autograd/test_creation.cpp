// Making tensors: from C++ data, filled, ranges, and random numbers from the one seedable
// generator (same seed, same numbers; the right distributions).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "autograd/op_test_support.hpp"

namespace tg = tapegrad;

using op_test::values_of;

namespace {

double mean_of(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double std_of(const std::vector<double>& v) {
  double m = mean_of(v), s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(tensors_from_cpp_data)

BOOST_AUTO_TEST_CASE(nested_initializer_lists_give_the_nesting_as_shape) {
  tg::Tensor v = tg::tensor({1.0, 2.0, 3.0});
  BOOST_TEST(v.shape() == tg::Shape({3}), boost::test_tools::per_element());
  BOOST_TEST(v.dtype() == tg::kFloat32);
  tg::Tensor m = tg::tensor({{1, 2, 3}, {4, 5, 6}});
  BOOST_TEST(m.shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(m.dtype() == tg::kInt64);  // integer braces are int64, as in LibTorch
  BOOST_TEST(values_of(m) == std::vector<double>({1, 2, 3, 4, 5, 6}), boost::test_tools::per_element());
  BOOST_TEST(m.at<float>({1, 2}) == 6.0f);
  BOOST_TEST(m.at<double>({-1, 0}) == 4.0);
  tg::Tensor c = tg::tensor({{{1, 2}, {3, 4}}, {{5, 6}, {7, 8}}, {{9, 10}, {11, 12}}}, tg::kFloat64);
  BOOST_TEST(c.shape() == tg::Shape({3, 2, 2}), boost::test_tools::per_element());
  BOOST_TEST(c.dtype() == tg::kFloat64);
  BOOST_TEST(c.at<double>({2, 0, 1}) == 10.0);
  TG_CHECK_THROWS_STARTING_WITH(tg::tensor({{1.0, 2.0}, {3.0}}),
                                "tensor: nested lists must have equal lengths at every depth, got [2] and [1]");
  TG_CHECK_THROWS_STARTING_WITH(tg::tensor({{{1.0}, {2.0}}, {{3.0}}}),
                                "tensor: nested lists must have equal lengths at every depth, got [2,1] and [1,1]");
}

BOOST_AUTO_TEST_CASE(vectors_keep_their_values_and_pick_a_dtype) {
  BOOST_TEST(tg::tensor(std::vector<double>{0.1, 0.2}).dtype() == tg::kFloat32);
  BOOST_TEST(tg::tensor(std::vector<float>{0.5f}).dtype() == tg::kFloat32);
  BOOST_TEST(tg::tensor(std::vector<double>{0.1}, tg::kFloat64).to_vector<double>()[0] == 0.1);
  tg::Tensor i = tg::tensor(std::vector<std::int64_t>{-3, 9007199254740993});  // 2^53 + 1 survives
  BOOST_TEST(i.dtype() == tg::kInt64);
  BOOST_TEST(i.to_vector<std::int64_t>() == std::vector<std::int64_t>({-3, 9007199254740993}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::tensor(std::vector<int>{1, 2}).dtype() == tg::kInt64);
  tg::Tensor s = tg::scalar_tensor(2.5, tg::kFloat64);
  BOOST_TEST(s.dim() == 0);
  BOOST_TEST(s.numel() == 1);
  BOOST_TEST(s.item<double>() == 2.5);
  tg::Tensor f = tg::from_vector({1, 2, 3, 4, 5, 6}, {3, 2});
  BOOST_TEST(f.shape() == tg::Shape({3, 2}), boost::test_tools::per_element());
  BOOST_TEST(f.at<int>({2, 1}) == 6);
  TG_CHECK_THROWS_STARTING_WITH(tg::from_vector({1, 2, 3}, {2, 2}), "from_vector: shape [2,2] needs 4 values, got 3");
}

BOOST_AUTO_TEST_CASE(options_set_dtype_and_requires_grad) {
  tg::Tensor t = tg::zeros({2}, tg::TensorOptions().dtype(tg::kFloat64).requires_grad(true));
  BOOST_TEST(t.dtype() == tg::kFloat64);
  BOOST_TEST(t.requires_grad());
  BOOST_TEST(t.is_leaf());
  BOOST_TEST(!tg::zeros({2}).requires_grad());
  TG_CHECK_THROWS_STARTING_WITH(tg::zeros({2}, tg::TensorOptions().dtype(tg::kInt64).requires_grad(true)),
                                "requires_grad_: only floating-point tensors can require gradients");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(filled_tensors_and_ranges)

BOOST_AUTO_TEST_CASE(zeros_ones_full_and_likes) {
  tg::Tensor z = tg::zeros({2, 3});
  BOOST_TEST(z.shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(z.dtype() == tg::kFloat32);
  BOOST_TEST(values_of(z) == std::vector<double>(6, 0.0), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::ones({4}, tg::kFloat64)) == std::vector<double>(4, 1.0), boost::test_tools::per_element());
  BOOST_TEST(tg::ones({4}, tg::kFloat64).dtype() == tg::kFloat64);
  tg::Tensor f = tg::full({2, 2}, -1.5, tg::kFloat64);
  BOOST_TEST(values_of(f) == std::vector<double>(4, -1.5), boost::test_tools::per_element());
  tg::Tensor fi = tg::full({3}, 7, tg::kInt64);
  BOOST_TEST(fi.dtype() == tg::kInt64);
  BOOST_TEST(fi.to_vector<std::int64_t>() == std::vector<std::int64_t>(3, 7), boost::test_tools::per_element());
  BOOST_TEST(tg::zeros({}).dim() == 0);
  BOOST_TEST(tg::zeros({3, 0}).numel() == 0);
  BOOST_TEST(tg::empty({2, 5}).shape() == tg::Shape({2, 5}), boost::test_tools::per_element());
  tg::Tensor like = tg::full_like(f, 3.0);
  BOOST_TEST(like.shape() == f.shape(), boost::test_tools::per_element());
  BOOST_TEST(like.dtype() == tg::kFloat64);
  BOOST_TEST(values_of(like) == std::vector<double>(4, 3.0), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::zeros_like(f)) == std::vector<double>(4, 0.0), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::ones_like(fi)) == std::vector<double>(3, 1.0), boost::test_tools::per_element());
  BOOST_TEST(tg::ones_like(fi).dtype() == tg::kInt64);
}

BOOST_AUTO_TEST_CASE(arange_stops_before_end) {
  BOOST_TEST(values_of(tg::arange(5)) == std::vector<double>({0, 1, 2, 3, 4}), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::arange(1, 2, 0.25)) == std::vector<double>({1, 1.25, 1.5, 1.75}),
             boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::arange(5, 0, -2)) == std::vector<double>({5, 3, 1}), boost::test_tools::per_element());
  BOOST_TEST(tg::arange(0, 1, 0.1).numel() == 10);
  BOOST_TEST(tg::arange(3, 3).numel() == 0);
  tg::Tensor i = tg::arange(0, 4, 1, tg::kInt64);
  BOOST_TEST(i.dtype() == tg::kInt64);
  BOOST_TEST(i.to_vector<std::int64_t>() == std::vector<std::int64_t>({0, 1, 2, 3}), boost::test_tools::per_element());
  TG_CHECK_THROWS_STARTING_WITH(tg::arange(0, 1, 0), "arange: step must be non-zero");
  TG_CHECK_THROWS_STARTING_WITH(tg::arange(0, 5, -1),
                                "arange: upper bound and step are inconsistent (start 0, end 5, step -1)");
}

// torch.arange infers its dtype from its arguments when none is given: integral bounds and step
// give int64, exactly however large; any floating one the default float.
BOOST_AUTO_TEST_CASE(arange_infers_int64_from_integral_arguments_as_torch) {
  BOOST_TEST(tg::arange(5).dtype() == tg::kInt64);
  BOOST_TEST(tg::arange(5, 0, -2).to_vector<std::int64_t>() == std::vector<std::int64_t>({5, 3, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::arange(5.0).dtype() == tg::kFloat32);
  BOOST_TEST(tg::arange(0, 1, 0.25).dtype() == tg::kFloat32);
  BOOST_TEST(tg::arange(3, tg::kFloat64).dtype() == tg::kFloat64);
  // as torch.arange(3, requires_grad=True): the inferred dtype is int64, which cannot
  TG_CHECK_THROWS_STARTING_WITH(tg::arange(3, tg::TensorOptions().requires_grad(true)),
                                "requires_grad_: only floating-point tensors can require gradients");
  const std::int64_t big = (std::int64_t{1} << 53) + 1;  // not a double
  BOOST_TEST(tg::arange(big, big + 3).to_vector<std::int64_t>() == std::vector<std::int64_t>({big, big + 1, big + 2}),
             boost::test_tools::per_element());
  const std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
  BOOST_TEST(
      tg::arange(lowest, lowest + 2).to_vector<std::int64_t>() == std::vector<std::int64_t>({lowest, lowest + 1}),
      boost::test_tools::per_element());
  BOOST_TEST(tg::arange(std::numeric_limits<std::int64_t>::max(), lowest, lowest).to_vector<std::int64_t>() ==
                 std::vector<std::int64_t>({std::numeric_limits<std::int64_t>::max(), -1}),
             boost::test_tools::per_element());
  TG_CHECK_THROWS_STARTING_WITH(tg::arange(0, 300, 1, tg::kUInt8), "arange: value 256 does not fit uint8");
  TG_CHECK_THROWS_STARTING_WITH(tg::arange(lowest, std::numeric_limits<std::int64_t>::max()), "arange: the range");
}

BOOST_AUTO_TEST_CASE(linspace_includes_both_ends) {
  BOOST_TEST(values_of(tg::linspace(0, 1, 5)) == std::vector<double>({0, 0.25, 0.5, 0.75, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::linspace(3, -3, 3, tg::kFloat64)) == std::vector<double>({3, 0, -3}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::linspace(0, 1, 7, tg::kFloat64).to_vector<double>().back() == 1.0);
  BOOST_TEST(tg::linspace(0, 1, 0).numel() == 0);
  // one step gives the start, as torch.linspace(0, 10, 1) == tensor([0.])
  BOOST_TEST(values_of(tg::linspace(0, 10, 1)) == std::vector<double>({0}), boost::test_tools::per_element());
  TG_CHECK_THROWS_STARTING_WITH(tg::linspace(0, 1, -1), "linspace: number of steps must be non-negative, got -1");
}

BOOST_AUTO_TEST_CASE(eye_has_ones_on_the_diagonal) {
  BOOST_TEST(values_of(tg::eye(3)) == std::vector<double>({1, 0, 0, 0, 1, 0, 0, 0, 1}),
             boost::test_tools::per_element());
  tg::Tensor r = tg::eye(2, 3, tg::kFloat64);
  BOOST_TEST(r.shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(r.dtype() == tg::kFloat64);
  BOOST_TEST(values_of(r) == std::vector<double>({1, 0, 0, 0, 1, 0}), boost::test_tools::per_element());
  BOOST_TEST(values_of(tg::eye(3, 2)) == std::vector<double>({1, 0, 0, 1, 0, 0}), boost::test_tools::per_element());
  TG_CHECK_THROWS_STARTING_WITH(tg::eye(-2), "eye: n must be non-negative, got -2");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(random_tensors)

BOOST_AUTO_TEST_CASE(the_same_seed_gives_the_same_numbers) {
  auto draw = [] {
    std::vector<double> all = values_of(tg::rand({5}));
    for (double v : values_of(tg::randn({3}, tg::kFloat64))) all.push_back(v);  // odd count: a spare normal is left
    for (double v : values_of(tg::uniform({2}, -4, 4))) all.push_back(v);
    for (double v : values_of(tg::randint(0, 1000, {4}))) all.push_back(v);
    for (double v : values_of(tg::randperm(6))) all.push_back(v);
    all.push_back(tg::random::next_uniform());
    all.push_back(tg::random::next_normal());
    all.push_back(static_cast<double>(tg::random::next_u64() >> 11));
    return all;
  };
  tg::manual_seed(7);
  std::vector<double> first = draw();
  tg::manual_seed(7);
  std::vector<double> second = draw();
  BOOST_TEST(first == second, boost::test_tools::per_element());
  // the spare normal left by an odd draw must not leak past a reseed
  tg::manual_seed(11);
  double a = tg::randn({1}, tg::kFloat64).item<double>();
  tg::manual_seed(11);
  BOOST_TEST(tg::randn({1}, tg::kFloat64).item<double>() == a);
}

BOOST_AUTO_TEST_CASE(different_seeds_give_different_numbers) {
  tg::manual_seed(1);
  std::vector<double> one = values_of(tg::rand({8}, tg::kFloat64));
  tg::manual_seed(2);
  std::vector<double> two = values_of(tg::rand({8}, tg::kFloat64));
  for (std::size_t i = 0; i < one.size(); ++i) BOOST_TEST(one[i] != two[i]);
  // and consecutive draws differ too
  std::vector<double> three = values_of(tg::rand({8}, tg::kFloat64));
  BOOST_TEST((three != two));
}

BOOST_AUTO_TEST_CASE(rand_and_uniform_stay_in_their_range_with_the_right_moments) {
  tg::manual_seed(3);
  std::vector<double> u = values_of(tg::rand({100000}, tg::kFloat64));
  BOOST_TEST(*std::min_element(u.begin(), u.end()) >= 0.0);
  BOOST_TEST(*std::max_element(u.begin(), u.end()) < 1.0);
  BOOST_TEST(mean_of(u) == 0.5, boost::test_tools::tolerance(0.01));
  BOOST_TEST(std_of(u) == std::sqrt(1.0 / 12), boost::test_tools::tolerance(0.01));
  std::vector<double> w = values_of(tg::uniform({100000}, -2.0, 3.0));
  BOOST_TEST(*std::min_element(w.begin(), w.end()) >= -2.0);
  BOOST_TEST(*std::max_element(w.begin(), w.end()) < 3.0);
  BOOST_TEST(mean_of(w) == 0.5, boost::test_tools::tolerance(0.02));
  BOOST_TEST(tg::rand({2, 3}).shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(tg::rand({2}).dtype() == tg::kFloat32);
  BOOST_TEST(tg::uniform({2}, 0, 1, tg::kFloat64).dtype() == tg::kFloat64);
  TG_CHECK_THROWS_STARTING_WITH(tg::uniform({2}, 1.0, 0.0), "uniform: low (1) must not exceed high (0)");
}

BOOST_AUTO_TEST_CASE(randn_has_mean_0_and_std_1_over_100k_samples) {
  tg::manual_seed(4);
  tg::Tensor n = tg::randn({100000}, tg::kFloat64);
  std::vector<double> v = values_of(n);
  // standard error of the mean is 1/sqrt(1e5) = 0.003, of the std about 0.0022
  BOOST_TEST(std::fabs(mean_of(v)) < 0.015);
  BOOST_TEST(std::fabs(std_of(v) - 1.0) < 0.015);
  auto within_one = std::count_if(v.begin(), v.end(), [](double x) { return std::fabs(x) < 1.0; });
  BOOST_TEST(static_cast<double>(within_one) / 1e5 == 0.6827, boost::test_tools::tolerance(0.02));
  BOOST_TEST(tg::randn({3, 4}).shape() == tg::Shape({3, 4}), boost::test_tools::per_element());
  BOOST_TEST(tg::randn({3}).dtype() == tg::kFloat32);
}

BOOST_AUTO_TEST_CASE(randint_covers_low_to_high_minus_one) {
  tg::manual_seed(5);
  tg::Tensor r = tg::randint(-2, 3, {10000});
  BOOST_TEST(r.dtype() == tg::kInt64);
  std::vector<std::int64_t> v = r.to_vector<std::int64_t>();
  std::set<std::int64_t> seen(v.begin(), v.end());
  BOOST_TEST(seen == std::set<std::int64_t>({-2, -1, 0, 1, 2}), boost::test_tools::per_element());
  for (std::int64_t k = -2; k <= 2; ++k)
    BOOST_TEST(static_cast<double>(std::count(v.begin(), v.end(), k)) / 1e4 == 0.2, boost::test_tools::tolerance(0.1));
  TG_CHECK_THROWS_STARTING_WITH(tg::randint(3, 3, {1}), "randint: low (3) must be less than high (3)");
}

BOOST_AUTO_TEST_CASE(randperm_is_a_permutation) {
  tg::manual_seed(6);
  tg::Tensor p = tg::randperm(50);
  BOOST_TEST(p.dtype() == tg::kInt64);
  BOOST_TEST(p.shape() == tg::Shape({50}), boost::test_tools::per_element());
  std::vector<std::int64_t> v = p.to_vector<std::int64_t>(), sorted = v;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::int64_t> expected(50);
  for (std::int64_t i = 0; i < 50; ++i) expected[static_cast<std::size_t>(i)] = i;
  BOOST_TEST(sorted == expected, boost::test_tools::per_element());
  BOOST_TEST((v != expected));  // shuffled (the identity has probability 1/50!)
  BOOST_TEST(tg::randperm(0).numel() == 0);
  TG_CHECK_THROWS_STARTING_WITH(tg::randperm(-1), "randperm: n must be non-negative, got -1");
}

BOOST_AUTO_TEST_SUITE_END()
