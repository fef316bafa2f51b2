// isclose / allclose / equal against PyTorch 1.13's answers (each expected mask below is what
// /usr/bin/python3's torch printed for the same call), on contiguous and transposed inputs.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

namespace {

const double kInf = std::numeric_limits<double>::infinity();
const double kNan = std::numeric_limits<double>::quiet_NaN();

std::vector<std::int64_t> mask(const tg::Tensor& t) {
  BOOST_TEST((t.dtype() == tg::kBool));
  return t.to(tg::kInt64).to_vector<std::int64_t>();
}
using Mask = std::vector<std::int64_t>;

}  // namespace

BOOST_AUTO_TEST_SUITE(closeness)

BOOST_AUTO_TEST_CASE(isclose_follows_the_tolerance_formula_as_pytorch) {
  // torch.isclose(tensor([1., 1.0001]), tensor([1., 1.])) -> [True, False]
  BOOST_TEST(mask(tg::isclose(tg::tensor({1.0, 1.0001}), tg::tensor({1.0, 1.0}))) == Mask({1, 0}),
             boost::test_tools::per_element());
  // a looser rtol accepts the second: |1.0001 - 1| <= 1e-8 + 1e-3 * 1
  BOOST_TEST(mask(tg::isclose(tg::tensor({1.0, 1.0001}), tg::tensor({1.0, 1.0}), 1e-3)) == Mask({1, 1}),
             boost::test_tools::per_element());
  // the tolerance is relative to the second argument: rtol 0.5 against |b| = 3 and 1
  BOOST_TEST(mask(tg::isclose(tg::tensor({2.0, 2.0}), tg::tensor({3.0, 1.0}), 0.5, 0.0)) == Mask({1, 0}),
             boost::test_tools::per_element());
  // float64 differences below float32's resolution still count
  const tg::TensorOptions f64 = tg::TensorOptions().dtype(tg::kFloat64);
  BOOST_TEST(mask(tg::isclose(tg::tensor(std::vector<double>{1.0}, f64),
                              tg::tensor(std::vector<double>{1.0 + 1e-9}, f64), 0.0, 0.0)) == Mask({0}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(infinities_and_nans_as_pytorch) {
  // torch.isclose(tensor([inf, -inf, inf, nan]), tensor([inf, inf, 1e38, nan])) -> [T, F, F, F]
  tg::Tensor a = tg::tensor({kInf, -kInf, kInf, kNan}), b = tg::tensor({kInf, kInf, 1e38, kNan});
  BOOST_TEST(mask(tg::isclose(a, b)) == Mask({1, 0, 0, 0}), boost::test_tools::per_element());
  BOOST_TEST(mask(tg::isclose(a, b, 1e-05, 1e-08, true)) == Mask({1, 0, 0, 1}), boost::test_tools::per_element());
  // a finite a is never close to an infinite b, however large the tolerance: [1, inf] with
  // [inf, inf], rtol = atol = 1 -> [False, True]
  BOOST_TEST(mask(tg::isclose(tg::tensor({1.0, kInf}), tg::tensor({kInf, kInf}), 1.0, 1.0)) == Mask({0, 1}),
             boost::test_tools::per_element());
  BOOST_TEST(!tg::allclose(tg::tensor({kNan}), tg::tensor({kNan})));
  BOOST_TEST(tg::allclose(tg::tensor({kNan}), tg::tensor({kNan}), 1e-05, 1e-08, true));
}

BOOST_AUTO_TEST_CASE(integer_and_bool_tensors_compare_in_float32_as_pytorch) {
  auto ints = [](std::vector<std::int64_t> v) { return tg::tensor(v); };
  // [1, 2] vs [1, 3], rtol 0.5 -> [T, T]; [10, 2] vs [11, 3], rtol 0.1 -> [T, F]
  BOOST_TEST(mask(tg::isclose(ints({1, 2}), ints({1, 3}), 0.5, 0.0)) == Mask({1, 1}), boost::test_tools::per_element());
  BOOST_TEST(mask(tg::isclose(ints({10, 2}), ints({11, 3}), 0.1, 0.0)) == Mask({1, 0}),
             boost::test_tools::per_element());
  // uint8 never wraps: [1, 2] vs [2, 1], atol 1 -> [T, T]
  BOOST_TEST(mask(tg::isclose(ints({1, 2}).to(tg::kUInt8), ints({2, 1}).to(tg::kUInt8), 0.0, 1.0)) == Mask({1, 1}),
             boost::test_tools::per_element());
  // 2^30 and 2^30 + 1: float32 cannot tell them apart (atol 0.5 -> True), but a zero
  // tolerance compares the integers exactly (-> False), both as PyTorch
  const std::int64_t big = std::int64_t(1) << 30;
  BOOST_TEST(mask(tg::isclose(ints({big}), ints({big + 1}), 0.0, 0.5)) == Mask({1}), boost::test_tools::per_element());
  BOOST_TEST(mask(tg::isclose(ints({big}), ints({big + 1}), 0.0, 0.0)) == Mask({0}), boost::test_tools::per_element());
  // bool: [True, False] vs [True, True] -> [T, F]
  tg::Tensor t = ints({1, 0}).to(tg::kBool), u = ints({1, 1}).to(tg::kBool);
  BOOST_TEST(mask(tg::isclose(t, u)) == Mask({1, 0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(operands_broadcast_and_may_be_views) {
  tg::Tensor x = tg::arange(6.0).reshape({2, 3}).t();  // [3, 2], not contiguous
  BOOST_TEST(!x.is_contiguous());
  BOOST_TEST(tg::allclose(x, x.contiguous()));
  BOOST_TEST(x.allclose(x.contiguous() + 1e-9));
  BOOST_TEST(!x.allclose(x.contiguous() + 1e-3));
  BOOST_TEST(mask(x.isclose(tg::tensor({0.0, 3.0}))) == Mask({1, 1, 0, 0, 0, 0}), boost::test_tools::per_element());
  // torch.allclose(ones(2, 3), ones(3)) -> True: the operands broadcast
  BOOST_TEST(tg::allclose(tg::ones({2, 3}), tg::ones({3})));
  BOOST_TEST(tg::allclose(tg::ones({0}), tg::ones({0})));
  tg::Tensor w = tg::ones({2}).requires_grad_();
  BOOST_TEST(!tg::isclose(w, tg::ones({2})).requires_grad());
}

BOOST_AUTO_TEST_CASE(equal_needs_the_same_sizes_and_values_as_pytorch) {
  BOOST_TEST(tg::equal(tg::ones({2, 3}), tg::ones({2, 3})));
  BOOST_TEST(!tg::equal(tg::ones({2, 3}), tg::ones({3})));                // no broadcasting
  BOOST_TEST(tg::ones({2, 3}).equal(tg::ones({2, 3}).to(tg::kFloat64)));  // values, not dtypes (1.13)
  BOOST_TEST(tg::ones({2, 3}).equal(tg::ones({2, 3}).to(tg::kInt64)));
  BOOST_TEST(!tg::equal(tg::tensor({kNan}), tg::tensor({kNan})));
  BOOST_TEST(tg::equal(tg::ones({0}), tg::ones({0})));
  tg::Tensor x = tg::arange(6.0).reshape({2, 3});
  BOOST_TEST(tg::equal(x.t(), x.t().contiguous()));
  BOOST_TEST(!tg::equal(x.t(), x.reshape({3, 2})));
}

BOOST_AUTO_TEST_CASE(bad_operands_are_errors_naming_the_op) {
  TG_CHECK_THROWS_WITH(tg::isclose(tg::ones({2}), tg::ones({2}).to(tg::kInt64)), "isclose", "same dtype", "float32",
                       "int64");
  TG_CHECK_THROWS_WITH(tg::allclose(tg::ones({2}), tg::ones({2}), -1.0), "allclose: rtol", "-1");
  TG_CHECK_THROWS_WITH(tg::allclose(tg::ones({2}), tg::ones({2}), 1e-5, -1.0), "allclose: atol", "-1");
  TG_CHECK_THROWS_WITH(tg::isclose(tg::ones({2}), tg::ones({2}), std::nan("")), "isclose: rtol");
  TG_CHECK_THROWS_WITH(tg::allclose(tg::ones({2, 3}), tg::ones({2})), "allclose: cannot broadcast");
  TG_CHECK_THROWS_WITH(tg::isclose(tg::ones({2, 3}), tg::ones({2})), "isclose: cannot broadcast",
                       "(size 3 vs 2 at dimension 1)");
  TG_CHECK_THROWS_WITH(tg::equal(tg::Tensor(), tg::ones({2})), "equal", "defined");
  TG_CHECK_THROWS_WITH(tg::isclose(tg::Tensor(), tg::ones({2})), "isclose", "defined");
}

BOOST_AUTO_TEST_SUITE_END()
