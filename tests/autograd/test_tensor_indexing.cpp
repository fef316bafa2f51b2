// Tensor::index / index_put_ with tg::indexing::{Slice, None, Ellipsis}: values and shapes as
// LibTorch gives them, views exactly for basic indexing, copies for advanced indexing, and
// gradients (finite differences, strided inputs, second order) through all of them.
#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>

#include "autograd/op_test_support.hpp"

namespace tg = tapegrad;
using namespace tg::indexing;

namespace {
tg::Tensor grid() { return tg::arange(12.0).reshape({3, 4}); }
std::vector<double> values(const tg::Tensor& t) { return t.to_vector<double>(); }
tg::Tensor ids(std::initializer_list<std::int64_t> v) { return tg::tensor(std::vector<std::int64_t>(v)); }
}  // namespace

BOOST_AUTO_TEST_SUITE(tensor_indexing)

BOOST_AUTO_TEST_CASE(basic_indices_give_views_with_python_semantics) {
  tg::Tensor x = grid();
  tg::Tensor col = x.index({Slice(), 0});
  BOOST_TEST(col.sizes() == (tg::Shape{3}));
  BOOST_TEST(values(col) == (std::vector<double>{0, 4, 8}), boost::test_tools::per_element());
  BOOST_TEST(col.is_alias_of(x));
  tg::Tensor odd = x.index({Slice(1, None, 2)});
  BOOST_TEST(odd.sizes() == (tg::Shape{1, 4}));
  BOOST_TEST(values(odd) == (std::vector<double>{4, 5, 6, 7}), boost::test_tools::per_element());
  BOOST_TEST(x.index({"...", None}).sizes() == (tg::Shape{3, 4, 1}));
  BOOST_TEST(x.index({None, Ellipsis, 1}).sizes() == (tg::Shape{1, 3}));
  BOOST_TEST(x.index({-1, Slice(-3, None)}).to_vector<double>() == (std::vector<double>{9, 10, 11}),
             boost::test_tools::per_element());
  BOOST_TEST(x.index({Slice(None, None, 3), Slice(10, 20)}).sizes() == (tg::Shape{1, 0}));
  BOOST_TEST(x.index({1, 2}).dim() == 0);
  BOOST_TEST(x.index({1, 2}).item<double>() == 6.0);
  BOOST_TEST(x.index({tg::scalar_tensor(2, tg::kInt64)}).is_alias_of(x));  // a 0-d integer tensor selects
  BOOST_TEST(x.index({}).is_alias_of(x));
  BOOST_TEST(x.index({true}).sizes() == (tg::Shape{1, 3, 4}));
  BOOST_TEST(x.index({false}).sizes() == (tg::Shape{0, 3, 4}));
  x.index({Slice(), 1}).fill_(-1.0);  // writes through the view
  BOOST_TEST(x.at<double>({2, 1}) == -1.0);
}

BOOST_AUTO_TEST_CASE(index_tensors_give_copies_placed_as_libtorch) {
  tg::Tensor x = grid();
  tg::Tensor rows = x.index({ids({2, 0, 2})});
  BOOST_TEST(rows.sizes() == (tg::Shape{3, 4}));
  BOOST_TEST(!rows.is_alias_of(x));
  BOOST_TEST(values(rows.select(1, 1)) == (std::vector<double>{9, 1, 9}), boost::test_tools::per_element());
  BOOST_TEST(values(x.index({Slice(), ids({-1, 0})})) == (std::vector<double>{3, 0, 7, 4, 11, 8}),
             boost::test_tools::per_element());
  // Two index tensors broadcast together and pick single elements.
  tg::Tensor picked = x.index({ids({0, 1, 2}), ids({3, 2, 1})});
  BOOST_TEST(values(picked) == (std::vector<double>{3, 6, 9}), boost::test_tools::per_element());
  tg::Tensor square = x.index({tg::tensor({{0}, {2}}, tg::kInt64), ids({1, 3})});
  BOOST_TEST(square.sizes() == (tg::Shape{2, 2}));
  BOOST_TEST(values(square) == (std::vector<double>{1, 3, 9, 11}), boost::test_tools::per_element());
  // Adjacent index dims stay in place; separated ones go first (numpy / LibTorch rules).
  tg::Tensor cube = tg::arange(24.0).reshape({2, 3, 4});
  BOOST_TEST(cube.index({Slice(), ids({0, 2}), ids({1, 3})}).sizes() == (tg::Shape{2, 2}));
  BOOST_TEST(values(cube.index({Slice(), ids({0, 2}), ids({1, 3})})) == (std::vector<double>{1, 11, 13, 23}),
             boost::test_tools::per_element());
  tg::Tensor separated = cube.index({ids({1, 0}), Slice(), ids({2, 3})});
  BOOST_TEST(separated.sizes() == (tg::Shape{2, 3}));
  BOOST_TEST(values(separated) == (std::vector<double>{14, 18, 22, 3, 7, 11}), boost::test_tools::per_element());
  tg::Tensor adjacent = tg::arange(24.0).reshape({2, 3, 4}).index({Slice(), tg::tensor({{0, 1}, {2, 2}}, tg::kInt64)});
  BOOST_TEST(adjacent.sizes() == (tg::Shape{2, 2, 2, 4}));
}

BOOST_AUTO_TEST_CASE(masks_select_their_nonzero_positions) {
  tg::Tensor x = grid();
  tg::Tensor big = x.index({x > 8.0});
  BOOST_TEST(values(big) == (std::vector<double>{9, 10, 11}), boost::test_tools::per_element());
  tg::Tensor row_mask = tg::tensor({true, false, true});
  BOOST_TEST(x.index({row_mask}).sizes() == (tg::Shape{2, 4}));
  BOOST_TEST(
      values(x.index({Slice(), tg::tensor({0, 1, 1, 0}, tg::kUInt8)}).select(0, 2)) == (std::vector<double>{9, 10}),
      boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(x.index({tg::tensor({true, false})}), "index", "shape of the mask [2]", "[3]");
  TG_CHECK_THROWS_WITH(x.index({tg::tensor({1.0, 0.0, 1.0})}), "index",
                       "tensors used as indices must be long, byte or bool tensors, got float32");
}

BOOST_AUTO_TEST_CASE(bad_indices_are_errors) {
  tg::Tensor x = grid();
  TG_CHECK_THROWS_WITH(x.index({0, 0, 0}), "index", "too many indices for tensor of dimension 2");
  TG_CHECK_THROWS_WITH(x.index({3}), "index", "index 3 is out of bounds for dimension 0 with size 3");
  TG_CHECK_THROWS_WITH(x.index({Slice(None, None, -1)}), "index", "step must be greater than zero");
  TG_CHECK_THROWS_WITH(x.index({"...", "..."}), "index", "single ellipsis");
  TG_CHECK_THROWS_WITH(x.index({"..x"}), "index", "ellipsis");
  TG_CHECK_THROWS_WITH(x.index({ids({5})}), "index", "index 5 is out of bounds", "size 3");
  TG_CHECK_THROWS_WITH(x.index({ids({0, 1}), ids({0, 1, 2})}), "index", "could not be broadcast", "[2], [3]");
  TG_CHECK_THROWS_WITH(tg::scalar_tensor(1.0).index({0}), "index", "too many indices for tensor of dimension 0");
}

BOOST_FIXTURE_TEST_CASE(gradients_flow_through_every_kind_of_index, op_test::Seeded) {
  using Fn = tg::GradcheckFn;
  std::vector<std::pair<std::string, Fn>> cases = {
      {"slice+int",
       [](const std::vector<tg::Tensor>& in) {
         return in[0].index({Slice(1, None, 2), 0});
       }},
      {"ellipsis+none",
       [](const std::vector<tg::Tensor>& in) {
         return in[0].index({"...", None, Slice(0, 2)});
       }},
      {"index tensor",
       [](const std::vector<tg::Tensor>& in) {
         return in[0].index({ids({2, 0, 2})}) * in[0].index({ids({1})});
       }},
      {"two index tensors",
       [](const std::vector<tg::Tensor>& in) {
         return in[0].index({ids({0, 2, 2}), ids({1, 0, 1})});
       }},
      {"index after slice",
       [](const std::vector<tg::Tensor>& in) {
         return in[0].index({Slice(), ids({1, 1, 0})});
       }},
      {"mask",
       [](const std::vector<tg::Tensor>& in) {
         return in[0].index({tg::tensor({{true, false}, {false, true}, {true, true}})});
       }},
  };
  for (const auto& [name, fn] : cases) {
    op_test::expect_gradcheck(name, fn, {op_test::rnd({3, 2})});
    op_test::expect_gradgradcheck(name, [fn = fn](const std::vector<tg::Tensor>& in) { return fn(in) * fn(in); },
                                  {op_test::rnd({3, 2})});
  }
}

BOOST_AUTO_TEST_CASE(index_put_writes_slices_scalars_and_advanced_positions) {
  tg::Tensor x = grid();
  x.index_put_({Slice(0, 2)}, tg::zeros({4}, tg::kFloat64).to(tg::kFloat32));
  BOOST_TEST(values(x.sum(1)) == (std::vector<double>{0, 0, 38}), boost::test_tools::per_element());
  x.index_put_({Slice(), -1}, 5);
  BOOST_TEST(x.at<double>({0, 3}) == 5.0);
  BOOST_TEST(x.at<double>({2, 3}) == 5.0);
  std::int64_t version = x._version();
  x.index_put_({ids({2, 0}), ids({0, 1})}, tg::tensor({-1.0, -2.0}));
  BOOST_TEST(x.at<double>({2, 0}) == -1.0);
  BOOST_TEST(x.at<double>({0, 1}) == -2.0);
  BOOST_TEST(x._version() > version);
  x.index_put_({x < 0.0}, 100.0);
  BOOST_TEST(x.at<double>({2, 0}) == 100.0);
  tg::Tensor k = tg::zeros({3}, tg::kInt64);
  k.index_put_({ids({1})}, 7);
  BOOST_TEST(k.to_vector<std::int64_t>() == (std::vector<std::int64_t>{0, 7, 0}), boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(x.index_put_({ids({0})}, tg::ones({3})), "index_put_", "cannot be broadcast");
}

BOOST_AUTO_TEST_CASE(index_put_is_recorded_like_other_in_place_ops) {
  // Basic: into a view of a non-leaf (CopySlices).
  tg::Tensor a = tg::tensor({1.0, 2.0, 3.0, 4.0}, tg::kFloat64).requires_grad_();
  tg::Tensor v = tg::tensor({10.0, 20.0}, tg::kFloat64).requires_grad_();
  tg::Tensor y = a * 2;
  y.index({Slice(1, 3)}).index_put_({Slice()}, v * 3);
  (y * tg::tensor({1.0, 2.0, 3.0, 4.0}, tg::kFloat64)).sum().backward();
  BOOST_TEST(values(a.grad()) == (std::vector<double>{2, 0, 0, 8}), boost::test_tools::per_element());
  BOOST_TEST(values(v.grad()) == (std::vector<double>{6, 9}), boost::test_tools::per_element());
  // Advanced, with a repeated position (the last write wins).
  tg::Tensor b = tg::tensor({1.0, 2.0, 3.0}, tg::kFloat64).requires_grad_();
  tg::Tensor w = tg::tensor({5.0, 6.0, 7.0}, tg::kFloat64).requires_grad_();
  tg::Tensor z = b * 1;
  z.index_put_({ids({0, 2, 0})}, w);
  BOOST_TEST(values(z) == (std::vector<double>{7, 2, 6}), boost::test_tools::per_element());
  (z * tg::tensor({1.0, 2.0, 3.0}, tg::kFloat64)).sum().backward();
  BOOST_TEST(values(b.grad()) == (std::vector<double>{0, 2, 0}), boost::test_tools::per_element());
  BOOST_TEST(values(w.grad()) == (std::vector<double>{0, 3, 1}), boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(b.index_put_({0}, 1.0), "leaf", "in-place");
}

BOOST_FIXTURE_TEST_CASE(index_put_matches_finite_differences, op_test::Seeded) {
  auto basic = [](const std::vector<tg::Tensor>& in) {
    tg::Tensor y = in[0] * 1;
    y.index_put_({Slice(), 1}, in[1]);
    return y;
  };
  auto advanced = [](const std::vector<tg::Tensor>& in) {
    tg::Tensor y = in[0] * 2;  // not exp(): it saves its output, which index_put_ then changes
    y.index_put_({ids({2, 0}), ids({0, 1})}, in[1].index({Slice(0, 2)}));
    return y;
  };
  tg::Tensor e = tg::ones({2}).requires_grad_().exp();
  e.index_put_({0}, 0.0);
  TG_CHECK_THROWS_WITH(e.sum().backward(), "ExpBackward", "modified by an in-place operation");
  op_test::expect_gradcheck("index_put_ basic", basic, {op_test::rnd({3, 2}), op_test::rnd({3})});
  op_test::expect_gradcheck("index_put_ advanced", advanced, {op_test::rnd({3, 2}), op_test::rnd({3})});
  op_test::expect_gradgradcheck("index_put_ advanced", advanced, {op_test::rnd({3, 2}), op_test::rnd({3})});
}

BOOST_AUTO_TEST_SUITE_END()
