// operator<< prints tensors in PyTorch's layout (autograd/print.cpp): one number format for the
// whole tensor, right-aligned columns, nested brackets, and the dtype / autograd suffixes.
// Expected strings were checked against torch 1.13's str(tensor), except where tapegrad
// deliberately differs (dtype=float64 rather than dtype=torch.float64, size=[0,3], no "0" in
// grad_fn names).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>
#include <sstream>
#include <string>

#include <tapegrad/autograd/autograd.hpp>

namespace tg = tapegrad;

namespace {

std::string str(const tg::Tensor& t) {
  std::ostringstream out;
  out << t;
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(printing_chooses_one_number_format_per_tensor)

BOOST_AUTO_TEST_CASE(integer_values_print_with_a_trailing_dot) {
  BOOST_TEST(str(tg::tensor({1.0, 2.0})) == "tensor([1., 2.])");
  BOOST_TEST(str(tg::tensor({0.0, 0.0})) == "tensor([0., 0.])");
  BOOST_TEST(str(tg::tensor({-3.0, 10.0, 0.0})) == "tensor([-3., 10.,  0.])");
}

BOOST_AUTO_TEST_CASE(fractional_values_print_with_four_decimals) {
  BOOST_TEST(str(tg::tensor({1.5, 2.25})) == "tensor([1.5000, 2.2500])");
  BOOST_TEST(str(tg::tensor({-0.5, 100.25})) == "tensor([ -0.5000, 100.2500])");
  BOOST_TEST(str(tg::tensor({1.0 / 3, 2.0})) == "tensor([0.3333, 2.0000])");
}

BOOST_AUTO_TEST_CASE(tiny_huge_or_widely_spread_values_print_in_scientific_notation) {
  BOOST_TEST(str(tg::tensor({1e-5, 1.0})) == "tensor([1.0000e-05, 1.0000e+00])");
  BOOST_TEST(str(tg::tensor({-1e-5, 2.0})) == "tensor([-1.0000e-05,  2.0000e+00])");
  BOOST_TEST(str(tg::tensor({1e10, 2e10})) == "tensor([1.0000e+10, 2.0000e+10])");
  BOOST_TEST(str(tg::tensor({123456789.0}, tg::kFloat64)) == "tensor([1.2346e+08], dtype=float64)");
  BOOST_TEST(str(tg::tensor({0.5, 1000.5})) == "tensor([5.0000e-01, 1.0005e+03])");
}

BOOST_AUTO_TEST_CASE(integer_values_spread_over_more_than_1000x_print_in_scientific_notation_as_pytorch) {
  // torch: tensor([1., 10000.]) prints as tensor([1.0000e+00, 1.0000e+04])
  BOOST_TEST(str(tg::tensor({1.0, 10000.0})) == "tensor([1.0000e+00, 1.0000e+04])");
}

BOOST_AUTO_TEST_CASE(nan_and_inf_are_printed_by_name_and_do_not_pick_the_format) {
  const double inf = std::numeric_limits<double>::infinity();
  BOOST_TEST(str(tg::tensor({std::nan(""), 1.5, inf})) == "tensor([   nan, 1.5000,    inf])");
  // torch sizes the columns from the finite values only: str(torch.tensor([-inf, 2.]))
  BOOST_TEST(str(tg::tensor({-inf, 2.0})) == "tensor([-inf, 2.])");
}

BOOST_AUTO_TEST_CASE(int64_tensors_print_plain_integers) {
  BOOST_TEST(str(tg::tensor(std::vector<std::int64_t>{1, -20, 3})) == "tensor([  1, -20,   3])");
  BOOST_TEST(str(tg::argmax(tg::tensor({1.0, 3.0}))) == "tensor(1)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(printing_lays_out_dimensions_like_pytorch)

BOOST_AUTO_TEST_CASE(zero_dimensional_tensors_print_without_brackets) {
  BOOST_TEST(str(tg::scalar_tensor(3.0)) == "tensor(3.)");
  BOOST_TEST(str(tg::scalar_tensor(-2.5)) == "tensor(-2.5000)");
}

BOOST_AUTO_TEST_CASE(matrices_align_their_columns_and_indent_rows) {
  BOOST_TEST(str(tg::tensor({{1.0, -2.0}, {3.0, 4.0}})) == "tensor([[ 1., -2.],\n        [ 3.,  4.]])");
  BOOST_TEST(str(tg::tensor({{{1.0, 2.0}, {3.0, 4.0}}, {{5.0, 6.0}, {7.0, 8.0}}})) ==
             "tensor([[[1., 2.],\n         [3., 4.]],\n\n        [[5., 6.],\n         [7., 8.]]])");
}

BOOST_AUTO_TEST_CASE(empty_tensors_show_their_size) { BOOST_TEST(str(tg::zeros({0, 3})) == "tensor([], size=[0,3])"); }

BOOST_AUTO_TEST_CASE(an_undefined_tensor_says_so) { BOOST_TEST(str(tg::Tensor()) == "[ undefined tensor ]"); }

BOOST_AUTO_TEST_CASE(more_than_1000_elements_are_summarised_with_three_at_each_edge) {
  // torch 1.13: str(torch.ones(1001, 2))
  BOOST_TEST(str(tg::ones({1001, 2})) ==
             "tensor([[1., 1.],\n        [1., 1.],\n        [1., 1.],\n        ...,\n        [1., 1.],\n"
             "        [1., 1.],\n        [1., 1.]])");
  // torch 1.13: str(torch.ones(2000)) == "tensor([1., 1., 1.,  ..., 1., 1., 1.])"
  BOOST_TEST(str(tg::ones({2000})) == "tensor([1., 1., 1.,  ..., 1., 1., 1.])");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(printing_appends_dtype_and_autograd_suffixes)

BOOST_AUTO_TEST_CASE(float64_tensors_name_their_dtype) {
  BOOST_TEST(str(tg::tensor({1.0, 2.0}, tg::kFloat64)) == "tensor([1., 2.], dtype=float64)");
  BOOST_TEST(str(tg::tensor({1.0, 2.0}, tg::kFloat32)) == "tensor([1., 2.])");
}

BOOST_AUTO_TEST_CASE(leaves_that_require_grad_say_so) {
  BOOST_TEST(str(tg::scalar_tensor(3.5).requires_grad_()) == "tensor(3.5000, requires_grad=True)");
  BOOST_TEST(str(tg::tensor({{1.5, 2.0}, {3.0, 4.0}}, tg::kFloat64).requires_grad_()) ==
             "tensor([[1.5000, 2.0000],\n        [3.0000, 4.0000]], dtype=float64, requires_grad=True)");
}

BOOST_AUTO_TEST_CASE(results_of_recorded_ops_name_their_grad_fn) {
  tg::Tensor x = tg::tensor({1.0, 2.0}).requires_grad_();
  BOOST_TEST(str(tg::sum(x * 2.0)) == "tensor(6., grad_fn=<SumBackward>)");
  BOOST_TEST(str(x * 2.0) == "tensor([2., 4.], grad_fn=<MulBackward>)");
  BOOST_TEST(str((x * 2.0).detach()) == "tensor([2., 4.])");
  tg::NoGradGuard no_grad;
  BOOST_TEST(str(x * 2.0) == "tensor([2., 4.])");
}

BOOST_AUTO_TEST_SUITE_END()
