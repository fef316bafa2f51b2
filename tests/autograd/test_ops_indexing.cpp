// Indexing ops (index_select, gather, scatter_add, where, masked_fill), comparisons and
// one_hot: gradients by finite differences, picked elements and masks by hand.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "autograd/op_test_support.hpp"

namespace tg = tapegrad;

using namespace op_test;

namespace {

tg::Tensor idx(const std::vector<std::int64_t>& values, const tg::Shape& shape) {
  return tg::tensor(values).reshape(shape);
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(indexing_gradients, Seeded)

BOOST_AUTO_TEST_CASE(index_select_matches_finite_differences_with_repeated_indices) {
  tg::Tensor x = rnd({4, 3});
  tg::Tensor rows = idx({3, 0, 3, 1}, {4}), cols = idx({2, 2, 0}, {3});
  expect_gradcheck("index_select dim 0", [=](const auto& in) { return weighted(tg::index_select(in[0], 0, rows)); },
                   {x});
  expect_gradcheck("index_select dim -1", [=](const auto& in) { return weighted(in[0].index_select(-1, cols)); }, {x});
  expect_gradcheck("index_select of a transpose",
                   [=](const auto& in) { return weighted(in[0].t().index_select(1, rows)); }, {x});
  expect_gradgradcheck("index_select second order",
                       [=](const auto& in) {
                         tg::Tensor y = tg::index_select(in[0], 0, rows);
                         return y * y;
                       },
                       {x});
}

BOOST_AUTO_TEST_CASE(gather_matches_finite_differences_along_each_dimension) {
  tg::Tensor x = rnd({3, 4});
  tg::Tensor along1 = idx({0, 3, 3, 1, 2, 0}, {3, 2}), along0 = idx({2, 0, 1, 2, 2, 2, 0, 1}, {2, 4});
  expect_gradcheck("gather dim 1", [=](const auto& in) { return weighted(tg::gather(in[0], 1, along1)); }, {x});
  expect_gradcheck("gather dim -1", [=](const auto& in) { return weighted(in[0].gather(-1, along1)); }, {x});
  expect_gradcheck("gather dim 0", [=](const auto& in) { return weighted(in[0].gather(0, along0)); }, {x});
  tg::Tensor labels = idx({2, 0, 3}, {3});
  expect_gradcheck("pick each row's label logit",
                   [=](const auto& in) { return tg::log_softmax(in[0], 1).gather(1, labels.unsqueeze(1)); }, {x});
  expect_gradgradcheck("gather second order",
                       [=](const auto& in) {
                         tg::Tensor y = tg::gather(in[0], 1, along1);
                         return y * y;
                       },
                       {x});
}

BOOST_AUTO_TEST_CASE(scatter_add_matches_finite_differences) {
  tg::Tensor src = rnd({2, 3});
  tg::Tensor index = idx({0, 3, 0, 1, 1, 1}, {2, 3});
  expect_gradcheck("scatter_add dim 1",
                   [=](const auto& in) {
                     return weighted(tg::scatter_add({2, 4}, 1, index, in[0]));
                   },
                   {src});
  tg::Tensor index0 = idx({2, 0, 2, 0, 0, 1}, {2, 3});
  expect_gradcheck("scatter_add dim 0",
                   [=](const auto& in) {
                     return weighted(tg::scatter_add({3, 3}, 0, index0, in[0]));
                   },
                   {src});
  expect_gradgradcheck("scatter_add second order",
                       [=](const auto& in) {
                         tg::Tensor y = tg::scatter_add({2, 4}, -1, index, in[0]);
                         return y * y;
                       },
                       {src});
}

BOOST_AUTO_TEST_CASE(where_and_masked_fill_match_finite_differences) {
  tg::Tensor a = rnd({2, 3}), b = rnd({2, 3}), row = rnd({3});
  tg::Tensor cond = tg::tensor({{true, false, true}, {false, false, true}});
  tg::Tensor col_cond = tg::tensor({{true}, {false}});
  expect_gradcheck("where", [=](const auto& in) { return weighted(tg::where(cond, in[0], in[1])); }, {a, b});
  expect_gradcheck("where with a broadcast condition and branch",
                   [=](const auto& in) { return weighted(tg::where(col_cond, in[0], in[1])); }, {a, row});
  expect_gradcheck("masked_fill", [=](const auto& in) { return weighted(tg::masked_fill(in[0], cond, -5.0)); }, {a});
  expect_gradcheck("masked_fill with a broadcast mask",
                   [=](const auto& in) { return weighted(in[0].masked_fill(col_cond, 2.0)); }, {a});
  expect_gradgradcheck("where second order",
                       [=](const auto& in) { return tg::where(cond, in[0] * in[0], in[1].exp()); }, {a, b});
}

BOOST_AUTO_TEST_CASE(where_keeps_an_infinite_gradient_of_the_unused_branch_out) {
  // The classic trap: where(x > 0, sqrt(x), 0) must give a finite gradient at x = 0.
  tg::Tensor x = leaf(tg::tensor({0.0, 4.0}, kF64));
  tg::Tensor y = tg::where(x > 0.0, tg::sqrt(x), tg::zeros({2}, kF64));
  tg::sum(y).backward();
  std::vector<double> g = x.grad().to_vector<double>();
  BOOST_TEST(g[1] == 0.25);
  // d sqrt at 0 is inf and inf * 0 is nan: PyTorch gives nan here too, so only the used branch is
  // required to be finite.
  BOOST_TEST_MESSAGE("gradient at 0 through the unused sqrt branch: " << g[0]);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(indexing_forward_values)

BOOST_AUTO_TEST_CASE(index_select_gather_and_scatter_add_pick_the_right_elements) {
  tg::Tensor x = tg::tensor({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
  tg::Tensor s = tg::index_select(x, 1, idx({2, 0, 2}, {3}));
  BOOST_TEST(s.shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(s.to_vector<double>() == std::vector<double>({3, 1, 3, 6, 4, 6}), boost::test_tools::per_element());
  BOOST_TEST(tg::index_select(x, 0, idx({1}, {1})).to_vector<double>() == std::vector<double>({4, 5, 6}),
             boost::test_tools::per_element());
  tg::Tensor g = tg::gather(x, 1, idx({2, 2, 0, 1}, {2, 2}));
  BOOST_TEST(g.to_vector<double>() == std::vector<double>({3, 3, 4, 5}), boost::test_tools::per_element());
  tg::Tensor g0 = tg::gather(x, 0, idx({1, 0, 1}, {1, 3}));
  BOOST_TEST(g0.shape() == tg::Shape({1, 3}), boost::test_tools::per_element());
  BOOST_TEST(g0.to_vector<double>() == std::vector<double>({4, 2, 6}), boost::test_tools::per_element());
  tg::Tensor sa = tg::scatter_add({2, 3}, 1, idx({0, 0, 2, 1}, {2, 2}), tg::tensor({{1.0, 2.0}, {3.0, 4.0}}));
  BOOST_TEST(sa.to_vector<double>() == std::vector<double>({3, 0, 0, 0, 4, 3}), boost::test_tools::per_element());
  // the gradient of gather is scatter_add: repeated indices accumulate
  tg::Tensor xl = tg::ones({2, 3}, kF64).requires_grad_();
  tg::sum(tg::gather(xl, 1, idx({2, 2, 0, 1}, {2, 2}))).backward();
  BOOST_TEST(xl.grad().to_vector<double>() == std::vector<double>({0, 0, 2, 1, 1, 0}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(where_and_masked_fill_choose_elementwise) {
  tg::Tensor cond = tg::tensor({1.0, 0.0, -2.0, 0.0}) != 0.0;
  tg::Tensor w = tg::where(cond, tg::tensor({1.0, 2.0, 3.0, 4.0}), tg::tensor({-1.0}));
  BOOST_TEST(w.to_vector<double>() == std::vector<double>({1, -1, 3, -1}), boost::test_tools::per_element());
  tg::Tensor x = tg::tensor({{1.0, 2.0}, {3.0, 4.0}});
  tg::Tensor m = tg::masked_fill(x, x > 2.5, 0.0);
  BOOST_TEST(m.to_vector<double>() == std::vector<double>({1, 2, 0, 0}), boost::test_tools::per_element());
  tg::Tensor mc = x.masked_fill(tg::tensor({1.0, 0.0}), -1.0);  // mask broadcast over rows
  BOOST_TEST(mc.to_vector<double>() == std::vector<double>({-1, 2, -1, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(comparisons_return_bool_masks) {
  for (tg::Dtype dtype : {tg::kFloat32, tg::kFloat64}) {
    tg::Tensor a = tg::tensor({1.0, 2.0, 3.0}, dtype), b = tg::tensor({2.0, 2.0, 2.0}, dtype);
    BOOST_TEST(tg::eq(a, b).dtype() == tg::kBool);
    BOOST_TEST(tg::eq(a, b).to_vector<double>() == std::vector<double>({0, 1, 0}), boost::test_tools::per_element());
    BOOST_TEST(a.ne(b).to_vector<double>() == std::vector<double>({1, 0, 1}), boost::test_tools::per_element());
    BOOST_TEST(tg::gt(a, b).to_vector<double>() == std::vector<double>({0, 0, 1}), boost::test_tools::per_element());
    BOOST_TEST(a.lt(b).to_vector<double>() == std::vector<double>({1, 0, 0}), boost::test_tools::per_element());
    BOOST_TEST(tg::ge(a, b).to_vector<double>() == std::vector<double>({0, 1, 1}), boost::test_tools::per_element());
    BOOST_TEST(a.le(b).to_vector<double>() == std::vector<double>({1, 1, 0}), boost::test_tools::per_element());
    BOOST_TEST((a > b).to_vector<double>() == std::vector<double>({0, 0, 1}), boost::test_tools::per_element());
    BOOST_TEST((a < b).to_vector<double>() == std::vector<double>({1, 0, 0}), boost::test_tools::per_element());
    BOOST_TEST((a >= b).to_vector<double>() == std::vector<double>({0, 1, 1}), boost::test_tools::per_element());
    BOOST_TEST((a <= b).to_vector<double>() == std::vector<double>({1, 1, 0}), boost::test_tools::per_element());
    BOOST_TEST((a > 1.5).to_vector<double>() == std::vector<double>({0, 1, 1}), boost::test_tools::per_element());
    BOOST_TEST((a < 1.5).to_vector<double>() == std::vector<double>({1, 0, 0}), boost::test_tools::per_element());
    BOOST_TEST((a >= 2.0).to_vector<double>() == std::vector<double>({0, 1, 1}), boost::test_tools::per_element());
    BOOST_TEST((a <= 2.0).to_vector<double>() == std::vector<double>({1, 1, 0}), boost::test_tools::per_element());
    BOOST_TEST((a > 1.5).dtype() == tg::kBool);
  }
  // broadcast: [2,1] against [3]
  tg::Tensor m = tg::gt(tg::tensor({{1.0}, {3.0}}), tg::tensor({0.0, 2.0, 4.0}));
  BOOST_TEST(m.shape() == tg::Shape({2, 3}), boost::test_tools::per_element());
  BOOST_TEST(m.to_vector<double>() == std::vector<double>({1, 0, 0, 1, 1, 0}), boost::test_tools::per_element());
  // int64 comparisons give bool masks too
  tg::Tensor i = tg::tensor(std::vector<std::int64_t>{1, 5});
  BOOST_TEST(tg::eq(i, tg::tensor(std::vector<std::int64_t>{1, 4})).dtype() == tg::kBool);
  BOOST_TEST(tg::eq(i, tg::tensor(std::vector<std::int64_t>{1, 4})).to_vector<std::int64_t>() ==
                 std::vector<std::int64_t>({1, 0}),
             boost::test_tools::per_element());
  // masks are constants, and x * (x > 0) works without a cast
  tg::Tensor x = tg::tensor({-1.0, 2.0}, kF64).requires_grad_();
  BOOST_TEST((x > 0.0).requires_grad() == false);
  tg::Tensor relu_like = x * (x > 0.0);
  BOOST_TEST(relu_like.to_vector<double>() == std::vector<double>({0, 2}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(one_hot_makes_rows_of_the_identity) {
  tg::Tensor labels = tg::tensor(std::vector<std::int64_t>{2, 0, 1});
  tg::Tensor oh = tg::one_hot(labels);
  BOOST_TEST(oh.shape() == tg::Shape({3, 3}), boost::test_tools::per_element());
  BOOST_TEST(oh.dtype() == tg::kFloat32);
  BOOST_TEST(oh.to_vector<double>() == std::vector<double>({0, 0, 1, 1, 0, 0, 0, 1, 0}),
             boost::test_tools::per_element());
  tg::Tensor oh5 = tg::one_hot(labels.reshape({3, 1}), 5, tg::kInt64);
  BOOST_TEST(oh5.shape() == tg::Shape({3, 1, 5}), boost::test_tools::per_element());
  BOOST_TEST(oh5.dtype() == tg::kInt64);
  BOOST_TEST(oh5.to_vector<std::int64_t>() == std::vector<std::int64_t>({0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0}),
             boost::test_tools::per_element());
  BOOST_TEST(tg::one_hot(tg::scalar_tensor(1.0, tg::kInt64), 2, tg::kFloat64).to_vector<double>() ==
                 std::vector<double>({0, 1}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
