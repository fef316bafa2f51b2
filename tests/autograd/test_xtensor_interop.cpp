// Moving data between xtensor and tapegrad.
#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/xtensor_interop.hpp>
#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

BOOST_AUTO_TEST_SUITE(xtensor_interop)

BOOST_AUTO_TEST_CASE(an_xarray_becomes_a_tensor_with_its_shape_dtype_and_values) {
  xt::xarray<double> a = {{1, 2, 3}, {4, 5, 6}};
  tg::Tensor t = tg::from_xtensor(a);
  BOOST_TEST(t.shape() == (tg::Shape{2, 3}));
  BOOST_TEST(t.dtype() == tg::kFloat64);
  BOOST_TEST(t.at<double>({1, 2}) == 6.0);
  xt::xtensor<float, 1> b = {1.5f, 2.5f};
  tg::Tensor u = tg::from_xtensor(b, true);
  BOOST_TEST(u.dtype() == tg::kFloat32);
  BOOST_TEST(u.requires_grad());
}

BOOST_AUTO_TEST_CASE(tensor_overload_converts_to_the_requested_dtype) {
  xt::xarray<double> a = {1.0, 2.0};
  tg::Tensor t = tg::tensor(a, tg::kFloat32);
  BOOST_TEST(t.dtype() == tg::kFloat32);
  BOOST_TEST(t.to_vector<float>() == (std::vector<float>{1.0f, 2.0f}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_data_comes_back_as_a_copy_or_as_a_view) {
  tg::Tensor t = tg::arange(6.0, tg::kFloat64).reshape({2, 3});
  xt::xarray<double> copy = tg::to_xarray<double>(t * 2.0);
  BOOST_TEST(copy(1, 2) == 10.0);
  auto view = tg::xtensor_view<double>(t);
  view(0, 0) = 42.0;  // writes through to the tensor's storage
  BOOST_TEST(t.at<double>({0, 0}) == 42.0);
  xt::xarray<float> as_float = tg::to_xarray<float>(t);
  BOOST_TEST(as_float(0, 1) == 1.0f);
  TG_CHECK_THROWS_WITH(tg::xtensor_view<float>(t), "xtensor_view: requested float32 elements of a float64 tensor");
}

BOOST_AUTO_TEST_SUITE_END()
