// The activation layers and F:: options forms added for LibTorch compatibility, against
// PyTorch (scripts/fixtures/gen_nn_extra_fixtures.py writes the activation_<name> fixtures).
#include <boost/test/unit_test.hpp>

#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "nn/nn_test_utils.hpp"

namespace tg = tapegrad;
namespace F = tg::nn::functional;
using tg_test::Fixture;

namespace {

using Activation = std::function<tg::Tensor(const tg::Tensor&)>;

// The module's forward and the functional form both give PyTorch's output and input gradient.
void check_against_pytorch(const std::string& name, const Activation& layer, const Activation& functional,
                           double grad_tolerance = 1e-9) {
  const Fixture f = tg_test::load_fixture("nn/activation_" + name);
  for (const auto& [form, fn] :
       std::vector<std::pair<std::string, Activation>>{{"module", layer}, {"F::", functional}}) {
    BOOST_TEST_CONTEXT(name << " through the " << form) {
      tg::Tensor x = f.at("input").detach().requires_grad_();
      tg::Tensor y = fn(x);
      tg_test::check_close(y, f.at("output"), 1e-9, 1e-9, name + " output");
      y.backward(f.at("grad_out"));
      tg_test::check_close(x.grad(), f.at("input_grad"), grad_tolerance, grad_tolerance, name + " input grad");
    }
  }
}

template <typename Holder>
Activation layer(Holder holder) {
  return [holder](const tg::Tensor& x) mutable { return holder(x); };
}

std::string printed(const tg::nn::Module& m) {
  std::ostringstream out;
  out << m;
  return out.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(nn_activation_layers)

BOOST_AUTO_TEST_CASE(layers_with_options_match_pytorch) {
  check_against_pytorch("elu", layer(tg::nn::ELU(tg::nn::ELUOptions().alpha(0.7))),
                        [](const tg::Tensor& x) { return F::elu(x, F::ELUFuncOptions().alpha(0.7)); });
  check_against_pytorch("selu", layer(tg::nn::SELU()),
                        [](const tg::Tensor& x) { return F::selu(x, F::SELUFuncOptions(false)); });
  check_against_pytorch("celu", layer(tg::nn::CELU(tg::nn::CELUOptions().alpha(1.5))),
                        [](const tg::Tensor& x) { return F::celu(x, F::CELUFuncOptions().alpha(1.5)); });
  check_against_pytorch("gelu", layer(tg::nn::GELU()), [](const tg::Tensor& x) { return F::gelu(x); });
  check_against_pytorch("gelu_tanh", layer(tg::nn::GELU(tg::nn::GELUOptions().approximate("tanh"))),
                        [](const tg::Tensor& x) { return F::gelu(x, F::GELUFuncOptions().approximate("tanh")); });
  check_against_pytorch(
      "hardtanh", layer(tg::nn::Hardtanh(tg::nn::HardtanhOptions().min_val(-2.0).max_val(2.5))),
      [](const tg::Tensor& x) { return F::hardtanh(x, F::HardtanhFuncOptions().min_val(-2.0).max_val(2.5)); });
  check_against_pytorch("relu6", layer(tg::nn::ReLU6()),
                        [](const tg::Tensor& x) { return F::relu6(x, F::ReLU6FuncOptions()); });
  check_against_pytorch("softmin", layer(tg::nn::Softmin(1)),
                        [](const tg::Tensor& x) { return F::softmin(x, F::SoftminFuncOptions(1)); });
  check_against_pytorch("glu", layer(tg::nn::GLU(1)),
                        [](const tg::Tensor& x) { return F::glu(x, F::GLUFuncOptions(1)); });
}

BOOST_AUTO_TEST_CASE(layers_without_options_match_pytorch) {
  check_against_pytorch("silu", layer(tg::nn::SiLU()), [](const tg::Tensor& x) { return F::silu(x); });
  check_against_pytorch("mish", layer(tg::nn::Mish()), [](const tg::Tensor& x) { return F::mish(x); });
  check_against_pytorch("logsigmoid", layer(tg::nn::LogSigmoid()),
                        [](const tg::Tensor& x) { return F::logsigmoid(x); });
  // PyTorch's hardsigmoid backward multiplies by the float32 constant 1.0f / 6.0f also for
  // float64 (off by 1e-8 relative); tapegrad's uses the exact 1 / 6.
  check_against_pytorch(
      "hardsigmoid", layer(tg::nn::Hardsigmoid()), [](const tg::Tensor& x) { return F::hardsigmoid(x); }, 5e-8);
  check_against_pytorch("hardswish", layer(tg::nn::Hardswish()), [](const tg::Tensor& x) { return F::hardswish(x); });
  check_against_pytorch("softsign", layer(tg::nn::Softsign()), [](const tg::Tensor& x) { return F::softsign(x); });
  check_against_pytorch("tanhshrink", layer(tg::nn::Tanhshrink()),
                        [](const tg::Tensor& x) { return F::tanhshrink(x); });
}

BOOST_AUTO_TEST_CASE(func_options_of_the_older_activations_and_dropout) {
  tg::Tensor x = tg::tensor({-2.0, 0.5, 3.0});
  tg_test::check_close(F::leaky_relu(x, F::LeakyReLUFuncOptions().negative_slope(0.5)), tg::tensor({-1.0, 0.5, 3.0}),
                       1e-12, 1e-12, "leaky_relu");
  tg_test::check_close(F::relu(x, F::ReLUFuncOptions(true)), tg::tensor({0.0, 0.5, 3.0}), 1e-12, 1e-12, "relu");
  tg_test::check_close(F::softmax(x, F::SoftmaxFuncOptions(0)), tg::softmax(x, 0), 1e-12, 1e-12, "softmax");
  tg::Tensor cast = F::log_softmax(x.to(tg::kFloat32), F::LogSoftmaxFuncOptions(0).dtype(tg::kFloat64));
  BOOST_CHECK(cast.dtype() == tg::kFloat64);
  tg_test::check_close(F::softplus(x, F::SoftplusFuncOptions().beta(2.0)), tg::softplus(x, 2.0), 1e-12, 1e-12,
                       "softplus");
  BOOST_CHECK(F::dropout(x, F::DropoutFuncOptions().p(0.9).training(false)).impl() == x.impl());
  tg::Tensor m = tg::tensor({{3.0, 4.0}, {0.0, 2.0}});
  tg_test::check_close(F::normalize(m, F::NormalizeFuncOptions().dim(1)), tg::tensor({{0.6, 0.8}, {0.0, 1.0}}), 1e-12,
                       1e-12, "normalize");
}

BOOST_AUTO_TEST_CASE(layers_print_their_options_and_check_them) {
  BOOST_CHECK(printed(*tg::nn::ELU(tg::nn::ELUOptions().alpha(0.5))).find("ELU(alpha=0.5)\n") == 0);
  BOOST_CHECK(printed(*tg::nn::GELU(tg::nn::GELUOptions().approximate("tanh"))).find("GELU(approximate=tanh)\n") == 0);
  BOOST_CHECK(printed(*tg::nn::Hardtanh()).find("Hardtanh(min_val=-1, max_val=1)\n") == 0);
  BOOST_CHECK(printed(*tg::nn::Softmin(0)).find("Softmin(dim=0)\n") == 0);
  BOOST_CHECK(printed(*tg::nn::SiLU()).find("SiLU()\n") == 0);
  TG_CHECK_THROWS_WITH(tg::nn::GELU(tg::nn::GELUOptions().approximate("fast")), "GELU", "\"fast\"");
  TG_CHECK_THROWS_WITH(tg::nn::Hardtanh(tg::nn::HardtanhOptions().min_val(1.0).max_val(0.0)), "Hardtanh", "max_val");
  TG_CHECK_THROWS_WITH(tg::nn::CELU(tg::nn::CELUOptions().alpha(0.0)), "CELU", "alpha");
  auto net = tg::nn::Sequential(tg::nn::Linear(4, 6), tg::nn::GELU(), tg::nn::GLU(), tg::nn::Linear(3, 1));
  BOOST_CHECK(net->forward(tg::randn({2, 4})).shape() == (tg::Shape{2, 1}));
  auto copy = std::dynamic_pointer_cast<tg::nn::ELUImpl>(tg::nn::ELU(tg::nn::ELUOptions().alpha(0.3))->clone());
  BOOST_REQUIRE(copy);
  BOOST_CHECK_EQUAL(copy->options.alpha(), 0.3);
}

BOOST_AUTO_TEST_SUITE_END()
