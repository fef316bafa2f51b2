// torch::autograd::Function as tapegrad::autograd::Function: gradients against finite
// differences (first and second order, strided inputs too), saved tensors and their version
// check, non-tensor arguments, several outputs, and the errors LibTorch raises.
#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>

#include "autograd/op_test_support.hpp"

namespace tg = tapegrad;
using tg::autograd::AutogradContext;
using tg::autograd::tensor_list;
using tg::autograd::variable_list;

namespace {

// P3(x) = (5x^3 - 3x) / 2, the PyTorch tutorial's LegendrePolynomial3.
struct Legendre3 : tg::autograd::Function<Legendre3> {
  static tg::Tensor forward(AutogradContext* ctx, const tg::Tensor& x) {
    ctx->save_for_backward({x});
    return 0.5 * (5 * x.pow(3) - 3 * x);
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad) {
    tg::Tensor x = ctx->get_saved_variables()[0];
    return {grad[0] * 1.5 * (5 * x.pow(2) - 1)};
  }
};

// y = exp(x), saving its output (as the PyTorch docs' Exp example).
struct SavedExp : tg::autograd::Function<SavedExp> {
  static tg::Tensor forward(AutogradContext* ctx, tg::Tensor x) {
    tg::Tensor y = x.exp();
    ctx->save_for_backward({y});
    return y;
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad) {
    return {grad[0] * ctx->get_saved_variables()[0]};
  }
};

// y = x * scale + shift * w, with non-tensor arguments between the tensors.
struct ScaleShift : tg::autograd::Function<ScaleShift> {
  static tg::Tensor forward(AutogradContext* ctx, tg::Tensor x, double scale, tg::Tensor w, std::int64_t shift,
                            bool negate) {
    ctx->saved_data["scale"] = scale;
    ctx->saved_data["shift"] = shift;
    ctx->saved_data["negate"] = negate;
    ctx->saved_data["needs_w"] = ctx->needs_input_grad(1);
    tg::Tensor y = x * scale + w * static_cast<double>(shift);
    return negate ? -y : y;
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad) {
    double sign = ctx->saved_data["negate"].toBool() ? -1.0 : 1.0;
    tg::Tensor g = grad[0] * sign;
    tg::Tensor gw = ctx->needs_input_grad(1) ? g * static_cast<double>(ctx->saved_data["shift"].toInt()) : tg::Tensor();
    return {g * ctx->saved_data["scale"].toDouble(), tg::Tensor(), gw, tg::Tensor(), tg::Tensor()};
  }
};

// Two outputs (sum and product of a and b) and an integer output marked non-differentiable.
struct SumProd : tg::autograd::Function<SumProd> {
  static variable_list forward(AutogradContext* ctx, tg::Tensor a, tg::Tensor b) {
    ctx->save_for_backward({a, b});
    tg::Tensor index = tg::zeros({1}, tg::kInt64);
    ctx->mark_non_differentiable({index});
    return {a + b, a * b, index};
  }
  static variable_list backward(AutogradContext* ctx, variable_list grad) {
    auto saved = ctx->get_saved_variables();
    BOOST_TEST(grad.size() == 3u);
    return {grad[0] + grad[1] * saved[1], grad[0] + grad[1] * saved[0]};
  }
};

// A list of tensors counts as one argument per tensor, as LibTorch's TensorList does.
struct WeightedSum : tg::autograd::Function<WeightedSum> {
  static tg::Tensor forward(AutogradContext* ctx, std::vector<tg::Tensor> parts, double weight) {
    ctx->saved_data["weight"] = weight;
    tg::Tensor total = parts[0] * weight;
    for (std::size_t i = 1; i < parts.size(); ++i) total = total + parts[i] * weight;
    return total;
  }
  static tensor_list backward(AutogradContext* ctx, tensor_list grad) {
    tg::Tensor g = grad[0] * ctx->saved_data["weight"].toDouble();
    return {g, g, tg::Tensor()};
  }
};

struct WrongCount : tg::autograd::Function<WrongCount> {
  static tg::Tensor forward(AutogradContext*, tg::Tensor x, double) { return x * 2; }
  static tensor_list backward(AutogradContext*, tensor_list grad) { return {grad[0]}; }
};

struct GradForDouble : tg::autograd::Function<GradForDouble> {
  static tg::Tensor forward(AutogradContext*, tg::Tensor x, double) { return x * 2; }
  static tensor_list backward(AutogradContext*, tensor_list grad) { return {grad[0] * 2, grad[0]}; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(custom_function)

BOOST_FIXTURE_TEST_CASE(legendre_matches_finite_differences_first_and_second_order, op_test::Seeded) {
  auto fn = [](const std::vector<tg::Tensor>& in) { return Legendre3::apply(in[0]); };
  op_test::expect_gradcheck("Legendre3", fn, {op_test::rnd({3, 4})});
  op_test::expect_gradgradcheck("Legendre3", fn, {op_test::rnd({3, 4})});
}

BOOST_FIXTURE_TEST_CASE(saved_output_differentiates_twice, op_test::Seeded) {
  auto fn = [](const std::vector<tg::Tensor>& in) { return SavedExp::apply(in[0]); };
  op_test::expect_gradcheck("SavedExp", fn, {op_test::rnd({2, 3})});
  op_test::expect_gradgradcheck("SavedExp", fn, {op_test::rnd({2, 3})});
}

BOOST_AUTO_TEST_CASE(backward_fills_grad_and_names_the_node) {
  tg::Tensor x = tg::tensor({1.0, 2.0}).requires_grad_();
  tg::Tensor y = Legendre3::apply(x);
  BOOST_TEST(y.requires_grad());
  BOOST_TEST(y.grad_fn()->name() == "CppNode<(anonymous namespace)::Legendre3>");
  y.sum().backward();
  BOOST_TEST(x.grad().to_vector<double>() == (std::vector<double>{6.0, 28.5}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_grad_inputs_give_a_plain_result) {
  tg::Tensor y = Legendre3::apply(tg::tensor({1.0}));
  BOOST_TEST(!y.requires_grad());
  BOOST_TEST(!y.grad_fn());
  tg::Tensor x = tg::tensor({1.0}).requires_grad_();
  tg::NoGradGuard no_grad;
  BOOST_TEST(!Legendre3::apply(x).requires_grad());
}

BOOST_AUTO_TEST_CASE(saved_input_modified_in_place_is_refused) {
  tg::Tensor a = tg::tensor({1.0, 2.0}).requires_grad_();
  tg::Tensor x = a * 1.0;
  tg::Tensor y = Legendre3::apply(x);
  x.mul_(2.0);
  TG_CHECK_THROWS_WITH(y.sum().backward(), "CppNode<", "modified by an in-place operation", "version 1",
                       "expected version 0");
}

BOOST_AUTO_TEST_CASE(saved_output_modified_in_place_is_refused) {
  tg::Tensor x = tg::tensor({1.0, 2.0}).requires_grad_();
  tg::Tensor y = SavedExp::apply(x);
  {
    tg::NoGradGuard no_grad;
    y.add_(1.0);
  }
  TG_CHECK_THROWS_WITH(y.sum().backward(), "modified by an in-place operation");
}

BOOST_AUTO_TEST_CASE(non_tensor_arguments_pass_through_and_get_no_gradient) {
  tg::Tensor x = tg::tensor({1.0, -2.0}, tg::kFloat64).requires_grad_();
  tg::Tensor w = tg::tensor({0.5, 4.0}, tg::kFloat64).requires_grad_();
  tg::Tensor y = ScaleShift::apply(x, 3.0, w, std::int64_t{2}, true);
  BOOST_TEST(y.to_vector<double>() == (std::vector<double>{-4.0, -2.0}), boost::test_tools::per_element());
  tg::sum(y * tg::tensor({1.0, 10.0}, tg::kFloat64)).backward();
  BOOST_TEST(x.grad().to_vector<double>() == (std::vector<double>{-3.0, -30.0}), boost::test_tools::per_element());
  BOOST_TEST(w.grad().to_vector<double>() == (std::vector<double>{-2.0, -20.0}), boost::test_tools::per_element());
  auto fn = [](const std::vector<tg::Tensor>& in) { return ScaleShift::apply(in[0], 0.7, in[1], 3, false); };
  op_test::expect_gradcheck("ScaleShift", fn, {op_test::rnd({2, 3}), op_test::rnd({2, 3})});
}

BOOST_AUTO_TEST_CASE(needs_input_grad_counts_tensor_arguments) {
  tg::Tensor x = tg::tensor({1.0}).requires_grad_();
  tg::Tensor w = tg::tensor({1.0});
  tg::Tensor y = ScaleShift::apply(x, 1.0, w, 1, false);
  y.backward();
  BOOST_TEST(x.grad().item<double>() == 1.0);
  BOOST_TEST(!w.grad().defined());
}

BOOST_FIXTURE_TEST_CASE(several_outputs_share_one_backward, op_test::Seeded) {
  tg::Tensor a = tg::tensor({1.0, 2.0}, tg::kFloat64).requires_grad_();
  tg::Tensor b = tg::tensor({3.0, 5.0}, tg::kFloat64).requires_grad_();
  variable_list out = SumProd::apply(a, b);
  BOOST_REQUIRE(out.size() == 3u);
  BOOST_TEST(out[0].requires_grad());
  BOOST_TEST(out[1].requires_grad());
  BOOST_TEST(!out[2].requires_grad());
  (out[0] * 2 + out[1]).sum().backward();
  BOOST_TEST(a.grad().to_vector<double>() == (std::vector<double>{5.0, 7.0}), boost::test_tools::per_element());
  BOOST_TEST(b.grad().to_vector<double>() == (std::vector<double>{3.0, 4.0}), boost::test_tools::per_element());
  // Only one output used: the other's gradient reaches backward as zeros.
  tg::Tensor a2 = a.detach().requires_grad_();
  SumProd::apply(a2, b)[1].sum().backward();
  BOOST_TEST(a2.grad().to_vector<double>() == (std::vector<double>{3.0, 5.0}), boost::test_tools::per_element());
  auto fn = [](const std::vector<tg::Tensor>& in) {
    variable_list o = SumProd::apply(in[0], in[1]);
    return o[0] * o[1].exp();
  };
  op_test::expect_gradcheck("SumProd", fn, {op_test::rnd({2, 2}), op_test::rnd({2, 2})});
  op_test::expect_gradgradcheck("SumProd", fn, {op_test::rnd({2, 2}), op_test::rnd({2, 2})});
}

BOOST_AUTO_TEST_CASE(a_tensor_list_argument_gives_one_gradient_per_tensor) {
  tg::Tensor a = tg::tensor({1.0, 2.0}).requires_grad_();
  tg::Tensor b = tg::tensor({3.0, 4.0}).requires_grad_();
  WeightedSum::apply(std::vector<tg::Tensor>{a, b}, 0.5).sum().backward();
  BOOST_TEST(a.grad().to_vector<double>() == (std::vector<double>{0.5, 0.5}), boost::test_tools::per_element());
  BOOST_TEST(b.grad().to_vector<double>() == (std::vector<double>{0.5, 0.5}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(backward_returning_the_wrong_gradients_is_an_error) {
  tg::Tensor x = tg::tensor({1.0}).requires_grad_();
  TG_CHECK_THROWS_WITH(WrongCount::apply(x, 1.0).backward(), "incorrect number of gradients", "expected 2, got 1");
  TG_CHECK_THROWS_WITH(GradForDouble::apply(x, 1.0).backward(), "defined at position 2", "was not a Variable");
}

BOOST_AUTO_TEST_CASE(a_second_backward_without_retain_graph_is_refused) {
  tg::Tensor x = tg::tensor({1.0}).requires_grad_();
  tg::Tensor y = Legendre3::apply(x);
  y.backward();
  TG_CHECK_THROWS_WITH(y.backward(), "a second time");
}

BOOST_AUTO_TEST_CASE(ivalue_kinds_are_checked) {
  tg::IValue i = 3, d = 2.5, b = true, t = tg::ones({2});
  BOOST_TEST(i.toInt() == 3);
  BOOST_TEST(d.toDouble() == 2.5);
  BOOST_TEST(b.toBool());
  BOOST_TEST(t.toTensor().numel() == 2);
  BOOST_TEST(i.toScalar().toDouble() == 3.0);
  TG_CHECK_THROWS_WITH(i.toDouble(), "IValue", "expected Double but got Int");
  TG_CHECK_THROWS_WITH(tg::IValue().toTensor(), "expected Tensor but got None");
}

BOOST_AUTO_TEST_CASE(the_graph_is_freed_with_its_outputs) {
  std::int64_t before = tg::detail::live_node_count();
  {
    tg::Tensor x = tg::tensor({1.0, 2.0}).requires_grad_();
    variable_list out = SumProd::apply(x, x * 2);
    tg::Tensor y = SavedExp::apply(out[1]);
    BOOST_TEST(tg::detail::live_node_count() > before);
  }
  BOOST_TEST(tg::detail::live_node_count() == before);
}

BOOST_AUTO_TEST_SUITE_END()
