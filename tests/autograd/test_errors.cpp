// Every mistake a user can make with tensors throws tapegrad::Error, and the message starts with
// the op's name and shows the shapes (or sizes, dtypes, indices) involved.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

namespace {

tg::Tensor idx(const std::vector<std::int64_t>& values) { return tg::tensor(values); }

}  // namespace

BOOST_AUTO_TEST_SUITE(shape_errors_name_the_op_and_the_shapes)

BOOST_AUTO_TEST_CASE(matmul_with_mismatched_inner_sizes) {
  TG_CHECK_THROWS_STARTING_WITH(tg::matmul(tg::ones({3, 4}), tg::ones({5, 2})),
                                "matmul: cannot multiply [3,4] by [5,2]");
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({3}).matmul(tg::ones({4})), "matmul: cannot multiply [3] by [4]");
  TG_CHECK_THROWS_STARTING_WITH(tg::matmul(tg::ones({3, 4}), tg::ones({3})), "matmul: cannot multiply [3,4] by [3]");
  TG_CHECK_THROWS_STARTING_WITH(tg::matmul(tg::ones({2, 3, 4}), tg::ones({3, 4, 2})),
                                "matmul: cannot multiply [2,3,4] by [3,4,2]");
  TG_CHECK_THROWS_STARTING_WITH(tg::matmul(tg::ones({2, 3}), tg::scalar_tensor(1.0)),
                                "matmul: both arguments need at least 1 dimension");
  TG_CHECK_THROWS_STARTING_WITH(tg::mm(tg::ones({3, 4}), tg::ones({3, 2}), true, true),
                                "mm: cannot multiply [3,4]^T by [3,2]^T");
  TG_CHECK_THROWS_STARTING_WITH(tg::mm(tg::ones({4}), tg::ones({4, 2})),
                                "mm: expects 2-D or 3-D (batched) operands, got [4] and [4,2]");
  TG_CHECK_THROWS_STARTING_WITH(tg::mm(tg::ones({2, 3, 4}), tg::ones({3, 4, 2})),
                                "mm: cannot multiply [2,3,4] by [3,4,2] (batch sizes 2 and 3 differ)");
}

BOOST_AUTO_TEST_CASE(binary_ops_with_shapes_that_do_not_broadcast) {
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({2, 3}) + tg::ones({4}), "add: cannot broadcast shapes [2,3] and [4]");
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({2, 3}) * tg::ones({3, 2}), "mul: cannot broadcast shapes [2,3] and [3,2]");
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({2, 3}) - tg::ones({2, 2}), "sub: cannot broadcast shapes [2,3] and [2,2]");
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({2}) / tg::ones({3}), "div: cannot broadcast shapes [2] and [3]");
  TG_CHECK_THROWS_STARTING_WITH(tg::pow(tg::ones({2}), tg::ones({3})), "pow: cannot broadcast shapes [2] and [3]");
  TG_CHECK_THROWS_STARTING_WITH(tg::gt(tg::ones({2}), tg::ones({3})), "gt: cannot broadcast shapes [2] and [3]");
  TG_CHECK_THROWS_STARTING_WITH(tg::where(tg::ones({4}) > 0.0, tg::ones({2, 3}), tg::ones({3})),
                                "where: cannot broadcast shapes");
  TG_CHECK_THROWS_STARTING_WITH(tg::masked_fill(tg::ones({3}), tg::ones({2, 3}), 0.0),
                                "masked_fill: mask of shape [2,3] does not broadcast to the input shape [3]");
}

BOOST_AUTO_TEST_CASE(axes_out_of_range) {
  tg::Tensor x = tg::ones({2, 3});
  TG_CHECK_THROWS_STARTING_WITH(tg::sum(x, 2), "sum: dimension 2 is out of range for a tensor of 2 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(x.sum(-3), "sum: dimension -3 is out of range for a tensor of 2 dimensions");
  // composite ops must name themselves, not the primitive that happens to check the axis
  TG_CHECK_THROWS_STARTING_WITH(x.mean(2), "mean: dimension 2 is out of range for a tensor of 2 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(x.var(std::int64_t{2}),
                                "var: dimension 2 is out of range for a tensor of 2 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(tg::logsumexp(x, 2),
                                "logsumexp: dimension 2 is out of range for a tensor of 2 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(x.max(5), "max: dimension 5 is out of range");
  TG_CHECK_THROWS_STARTING_WITH(x.argmin(-4), "argmin: dimension -4 is out of range");
  TG_CHECK_THROWS_STARTING_WITH(tg::softmax(x, 2), "softmax: dimension 2 is out of range for a tensor of 2 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(tg::log_softmax(x, -3), "log_softmax: dimension -3 is out of range");
  TG_CHECK_THROWS_STARTING_WITH(x.transpose(0, 2),
                                "transpose: dimension 2 is out of range for a tensor of 2 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(x.permute({0, 0}), "permute: dimension 0 repeats in [0,0]");
  TG_CHECK_THROWS_STARTING_WITH(x.permute({1}), "permute: got 1 dimensions [1] for a tensor of 2 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(x.unsqueeze(4), "unsqueeze: dimension 4 is out of range for a tensor of 3 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(x.squeeze(2), "squeeze: dimension 2 is out of range");
  TG_CHECK_THROWS_STARTING_WITH(x.flatten(1, 0), "flatten: start_dim (1) comes after end_dim (0)");
  TG_CHECK_THROWS_STARTING_WITH(tg::cat({x, x}, 2), "cat: dimension 2 is out of range");
  TG_CHECK_THROWS_STARTING_WITH(tg::stack({x, x}, 4),
                                "stack: dimension 4 is out of range for a tensor of 3 dimensions");
  TG_CHECK_THROWS_STARTING_WITH(x.size(2), "size: dimension 2 is out of range for a tensor of 2 dimensions");
}

BOOST_AUTO_TEST_CASE(reshape_to_an_incompatible_size) {
  tg::Tensor x = tg::ones({2, 3});
  TG_CHECK_THROWS_STARTING_WITH(x.reshape({4, 2}), "reshape: shape [4,2] is invalid for input of size 6 (shape [2,3])");
  TG_CHECK_THROWS_STARTING_WITH(x.view({-1, 4}), "view: shape [-1,4] is invalid for input of size 6");
  TG_CHECK_THROWS_STARTING_WITH(x.reshape({-1, -1}), "reshape: only one dimension can be inferred (-1) in [-1,-1]");
  TG_CHECK_THROWS_STARTING_WITH(x.reshape({-2, 3}), "reshape: invalid size -2 in [-2,3]");
  TG_CHECK_THROWS_STARTING_WITH(x.expand({4, 3}), "expand: cannot expand [2,3] to [4,3]");
  TG_CHECK_THROWS_STARTING_WITH(x.expand({3}), "expand: cannot expand [2,3] to [3] (fewer dimensions)");
}

BOOST_AUTO_TEST_CASE(slicing_out_of_range) {
  tg::Tensor x = tg::ones({2, 3});
  TG_CHECK_THROWS_STARTING_WITH(x.select(1, 3), "select: index 3 is out of range for dimension 1 of size 3");
  TG_CHECK_THROWS_STARTING_WITH(x[-3], "select: index -3 is out of range for dimension 0 of size 2");
  TG_CHECK_THROWS_STARTING_WITH(x.narrow(1, 2, 2), "narrow: start (2) + length (2) exceeds dimension 1 of size 3");
  TG_CHECK_THROWS_STARTING_WITH(x.slice(0, 0, 2, 0), "slice: step must be positive, got 0");
  TG_CHECK_THROWS_STARTING_WITH(tg::scalar_tensor(1.0).slice(0), "slice: cannot slice a 0-dimensional tensor");
  TG_CHECK_THROWS_STARTING_WITH(x.at<float>({2, 0}), "at: index 2 is out of range for dimension 0 of size 2");
  TG_CHECK_THROWS_STARTING_WITH(x.at<float>({0}), "at: got 1 indices for a tensor of 2 dimensions");
}

BOOST_AUTO_TEST_CASE(joining_tensors_of_mismatched_shapes) {
  TG_CHECK_THROWS_STARTING_WITH(tg::cat({tg::ones({2, 3}), tg::ones({2, 4})}, 0),
                                "cat: tensor 1 has shape [2,4] but tensor 0 has [2,3] (only dimension 0 may differ)");
  TG_CHECK_THROWS_STARTING_WITH(tg::cat({tg::ones({2, 3}), tg::ones({3})}, 0),
                                "cat: tensor 1 has shape [3] but tensor 0 has [2,3]");
  TG_CHECK_THROWS_STARTING_WITH(tg::cat({}, 0), "cat: expected a non-empty list of tensors");
  TG_CHECK_THROWS_STARTING_WITH(tg::cat({tg::scalar_tensor(1.0)}),
                                "cat: zero-dimensional tensors cannot be concatenated");
  TG_CHECK_THROWS_STARTING_WITH(tg::stack({tg::ones({2}), tg::ones({3})}),
                                "stack: tensor 1 has shape [3] but tensor 0 has [2]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(index_errors_name_the_op_and_the_index)

BOOST_AUTO_TEST_CASE(indices_out_of_range) {
  tg::Tensor x = tg::ones({2, 3});
  TG_CHECK_THROWS_STARTING_WITH(tg::gather(x, 1, tg::tensor(std::vector<std::int64_t>{0, 3}).reshape({2, 1})),
                                "gather: index 3 is out of range for a dimension of size 3");
  TG_CHECK_THROWS_STARTING_WITH(x.gather(1, idx({-1, 0}).reshape({2, 1})), "gather: index -1 is out of range");
  TG_CHECK_THROWS_STARTING_WITH(x.index_select(0, idx({0, 2})),
                                "index_select: index 2 is out of range for a dimension of size 2");
  TG_CHECK_THROWS_STARTING_WITH(tg::scatter_add({2, 3}, 1, idx({0, 5}).reshape({2, 1}), tg::ones({2, 1})),
                                "scatter_add: index 5 is out of range for a dimension of size 3");
  TG_CHECK_THROWS_STARTING_WITH(tg::one_hot(idx({0, 5}), 3), "one_hot: class value 5 is outside [0, 3)");
  TG_CHECK_THROWS_STARTING_WITH(tg::one_hot(idx({-1})), "one_hot: class value -1 is outside [0, 0)");
}

BOOST_AUTO_TEST_CASE(indices_of_the_wrong_dtype_or_shape) {
  tg::Tensor x = tg::ones({2, 3});
  TG_CHECK_THROWS_STARTING_WITH(x.gather(1, tg::zeros({2, 1})),
                                "gather: index must be an int64 tensor (tg::kInt64), got float32");
  TG_CHECK_THROWS_STARTING_WITH(x.index_select(0, tg::zeros({1}, tg::kFloat64)),
                                "index_select: index must be an int64 tensor");
  TG_CHECK_THROWS_STARTING_WITH(tg::one_hot(tg::zeros({2})),
                                "one_hot: class values must be an int64 tensor, got float32");
  TG_CHECK_THROWS_STARTING_WITH(x.gather(1, idx({0, 1, 2})),
                                "gather: index of shape [3] does not fit the input shape [2,3]");
  TG_CHECK_THROWS_STARTING_WITH(x.index_select(0, idx({0}).reshape({1, 1})),
                                "index_select: index must be 1-D, got shape [1,1]");
  TG_CHECK_THROWS_STARTING_WITH(tg::scatter_add({2, 3}, 1, idx({0, 1}), tg::ones({3})),
                                "scatter_add: index shape [2] differs from source shape [3]");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(dtype_errors_name_the_op_and_the_dtypes)

BOOST_AUTO_TEST_CASE(mixing_float32_and_float64) {
  // Elementwise ops and cat promote (tests/autograd/test_dtypes.cpp, test_integer_ops.cpp); matmul
  // and mm refuse, as torch.
  tg::Tensor f = tg::ones({2}), d = tg::ones({2}, tg::kFloat64);
  TG_CHECK_THROWS_STARTING_WITH(tg::matmul(tg::ones({2, 2}), tg::ones({2, 2}, tg::kFloat64)),
                                "matmul: expected both operands to have the same dtype, got float32 and float64");
  TG_CHECK_THROWS_STARTING_WITH(
      tg::where(f, f, d), "where: expected condition to be a boolean tensor, but got a tensor with dtype float32");
  TG_CHECK_THROWS_STARTING_WITH(tg::sub(f > 0.0, f), "sub: subtraction, the `-` operator, with a bool tensor");
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({2}, tg::kInt64).add_(f), "add_: result type float32 can't be cast to");
}

BOOST_AUTO_TEST_CASE(floating_ops_on_int64_tensors) {
  tg::Tensor i = idx({1, 2});
  TG_CHECK_THROWS_STARTING_WITH(tg::softmax(i, 0),
                                "softmax: expected a floating-point tensor (float32 or float64), got int64");
  TG_CHECK_THROWS_STARTING_WITH(i.requires_grad_(),
                                "requires_grad_: only floating-point tensors can require gradients, got int64");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(autograd_misuse_is_reported)

BOOST_AUTO_TEST_CASE(item_on_a_tensor_with_many_elements) {
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({2, 3}).item<float>(),
                                "item: a tensor with 6 elements cannot be converted to a scalar (shape [2,3])");
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({0}).item<double>(),
                                "item: a tensor with 0 elements cannot be converted to a scalar");
  BOOST_TEST(tg::ones({1, 1}).item<double>() == 1.0);
}

BOOST_AUTO_TEST_CASE(backward_on_a_non_scalar_without_a_gradient) {
  tg::Tensor x = tg::ones({2, 3}).requires_grad_();
  tg::Tensor y = x * 2.0;
  TG_CHECK_THROWS_STARTING_WITH(y.backward(),
                                "backward: grad can be implicitly created only for one-element outputs, but the "
                                "output has shape [2,3]");
  TG_CHECK_THROWS_STARTING_WITH(y.backward(tg::ones({3})),
                                "backward: gradient has shape [3] but the output has shape [2,3]");
  TG_CHECK_THROWS_STARTING_WITH(y.backward(tg::ones({2, 3}, tg::kFloat64)),
                                "backward: gradient is float64 but the output is float32");
  y.backward(tg::ones({2, 3}));  // with a gradient of the right shape it works
  BOOST_TEST(x.grad().to_vector<double>() == std::vector<double>(6, 2.0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(backward_on_a_tensor_that_does_not_require_grad) {
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({1}).sum().backward(),
                                "backward: element 0 of tensors does not require grad and does not have a grad_fn");
}

BOOST_AUTO_TEST_CASE(second_backward_through_a_freed_graph) {
  tg::Tensor x = tg::ones({2}).requires_grad_();
  tg::Tensor loss = tg::sum(tg::exp(x) * x);
  loss.backward();
  TG_CHECK_THROWS_STARTING_WITH(loss.backward(), "backward: trying to backward through the graph a second time");
  // a gradient that was not doubled by the failed attempt
  for (double g : x.grad().to_vector<double>())
    BOOST_TEST(g == 2.0 * std::exp(1.0), boost::test_tools::tolerance(1e-6));
  // and a part of the graph shared with a new expression is freed too
  tg::Tensor y = x * 3.0;
  tg::Tensor first = tg::sum(y), second = tg::sum(y * y);
  first.backward();
  TG_CHECK_THROWS_STARTING_WITH(second.backward(), "backward: trying to backward through the graph a second time");
}

BOOST_AUTO_TEST_CASE(retain_graph_allows_a_second_backward_that_accumulates) {
  tg::Tensor x = tg::ones({2}).requires_grad_();
  tg::Tensor loss = tg::sum(x * x);
  loss.backward(tg::Tensor(), true);
  loss.backward();
  BOOST_TEST(x.grad().to_vector<double>() == std::vector<double>(2, 4.0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(grad_of_an_unused_input) {
  tg::Tensor x = tg::ones({2}).requires_grad_(), unused = tg::ones({2}).requires_grad_();
  tg::Tensor y = tg::sum(x * 2.0);
  TG_CHECK_THROWS_STARTING_WITH(tg::autograd::grad({y}, {x, unused}, {}, true),
                                "grad: input 1 was not used in the graph of the outputs; pass allow_unused=true");
  TG_CHECK_THROWS_STARTING_WITH(tg::autograd::grad({y}, {tg::ones({2})}), "grad: input 0 does not require grad");
  auto grads = tg::autograd::grad({y}, {x, unused}, {}, std::nullopt, false, true);
  BOOST_TEST(!grads[1].defined());
  BOOST_TEST(grads[0].to_vector<double>() == std::vector<double>(2, 2.0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(in_place_update_of_a_leaf_that_requires_grad) {
  tg::Tensor w = tg::ones({2}).requires_grad_();
  TG_CHECK_THROWS_STARTING_WITH(w.add_(1.0),
                                "add_: a leaf tensor that requires grad is being used in an in-place operation");
  TG_CHECK_THROWS_STARTING_WITH(w.zero_(),
                                "zero_: a leaf tensor that requires grad is being used in an in-place operation");
  tg::NoGradGuard no_grad;
  w.add_(1.0);  // fine under NoGradGuard
  BOOST_TEST(w.to_vector<double>() == std::vector<double>(2, 2.0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(in_place_ops_with_bad_operands) {
  tg::Tensor a = tg::ones({2, 3});
  TG_CHECK_THROWS_STARTING_WITH(a.add_(tg::ones({3, 2})), "add_: cannot broadcast [3,2] into [2,3]");
  TG_CHECK_THROWS_STARTING_WITH(a.copy_(tg::ones({2})), "copy_: cannot broadcast [2] into [2,3]");
  TG_CHECK_THROWS_STARTING_WITH(a.mul_(tg::ones({4})), "mul_: cannot broadcast [4] into [2,3]");
}

BOOST_AUTO_TEST_CASE(requires_grad_on_a_non_leaf) {
  tg::Tensor x = tg::ones({2}).requires_grad_();
  tg::Tensor y = x * 2.0;
  TG_CHECK_THROWS_STARTING_WITH(y.requires_grad_(false),
                                "requires_grad_: you can only change requires_grad of leaf tensors");
  TG_CHECK_THROWS_STARTING_WITH(tg::ones({2}).retain_grad(),
                                "retain_grad: can't retain_grad on a tensor that has requires_grad=false");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_op_arguments_are_reported)

BOOST_AUTO_TEST_CASE(invalid_scalar_arguments) {
  tg::Tensor x = tg::ones({3});
  TG_CHECK_THROWS_STARTING_WITH(tg::clamp(x, std::nullopt, std::nullopt),
                                "clamp: at least one of min and max must be given");
  TG_CHECK_THROWS_STARTING_WITH(tg::softplus(x, 0.0), "softplus: beta must be positive, got 0");
}

BOOST_AUTO_TEST_CASE(reductions_of_too_few_elements) {
  // As PyTorch, var of one element (unbiased) and mean of none are NaN, not errors
  // (tests/autograd/test_ops_reduction_dims.cpp); amax and argmax of nothing throw.
  TG_CHECK_THROWS_STARTING_WITH(tg::max(tg::ones({0, 2})), "max: cannot reduce an empty tensor (shape [0,2])");
  TG_CHECK_THROWS_STARTING_WITH(tg::argmax(tg::ones({0})), "argmax: cannot reduce an empty tensor");
}

BOOST_AUTO_TEST_CASE(an_undefined_tensor_is_named) {
  tg::Tensor undefined;
  TG_CHECK_THROWS_STARTING_WITH(tg::exp(undefined), "exp: got an undefined tensor");
  TG_CHECK_THROWS_STARTING_WITH(undefined + tg::ones({1}), "add: got an undefined tensor");
  TG_CHECK_THROWS_STARTING_WITH(undefined.shape(), "shape: called on an undefined tensor");
  TG_CHECK_THROWS_STARTING_WITH(tg::matmul(undefined, undefined), "matmul: got an undefined tensor");
}

BOOST_AUTO_TEST_SUITE_END()
