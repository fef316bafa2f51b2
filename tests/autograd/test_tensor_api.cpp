// LibTorch's Tensor API spellings: IntArrayRef sizes, Scalar item(), TensorOptions helpers,
// devices, accessors, grad_fn(), tensor hooks, str().
#include <boost/test/unit_test.hpp>

#include <sstream>

#include <tapegrad/autograd/autograd.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

namespace {
template <typename T>
std::string printed(const T& value) {
  std::ostringstream out;
  out << value;
  return out.str();
}
}  // namespace

BOOST_AUTO_TEST_SUITE(tensor_api)

BOOST_AUTO_TEST_CASE(sizes_are_an_int_array_ref_that_prints_as_libtorch) {
  tg::Tensor x = tg::zeros({2, 3});
  tg::IntArrayRef s = x.sizes();
  BOOST_TEST(s.size() == 2u);
  BOOST_TEST(s[0] == 2);
  BOOST_TEST(s[1] == 3);
  BOOST_TEST(printed(x.sizes()) == "[2, 3]");
  BOOST_TEST(printed(x.t().strides()) == "[1, 3]");
  BOOST_TEST(printed(tg::zeros({}).sizes()) == "[]");
  tg::Shape copy = x.sizes();
  BOOST_TEST(copy == (tg::Shape{2, 3}));
  BOOST_TEST(x.sizes().vec() == (tg::Shape{2, 3}));
  BOOST_TEST((x.sizes() == tg::Shape{2, 3}));
  BOOST_TEST((x.sizes() != tg::zeros({3, 2}).sizes()));
  std::int64_t product = 1;
  for (std::int64_t n : x.sizes()) product *= n;
  BOOST_TEST(product == 6);
  BOOST_TEST(tg::zeros(x.sizes()).numel() == 6);  // converts to a Shape argument
  TG_CHECK_THROWS_WITH(x.sizes().at(2), "ArrayRef", "out of range");
}

BOOST_AUTO_TEST_CASE(a_bare_size_makes_a_1d_tensor_and_empty_braces_a_0d_one) {
  BOOST_TEST(tg::zeros(3).sizes() == (tg::Shape{3}));
  BOOST_TEST(tg::ones(std::int64_t{4}, tg::kFloat64).dtype() == tg::kFloat64);
  BOOST_TEST(tg::randn(5).numel() == 5);
  BOOST_TEST(tg::rand(2).dim() == 1);
  BOOST_TEST(tg::full(2, 7.0).to_vector<double>() == (std::vector<double>{7.0, 7.0}), boost::test_tools::per_element());
  BOOST_TEST(tg::zeros({}).dim() == 0);
  BOOST_TEST(tg::zeros({3}).sizes() == (tg::Shape{3}));
  BOOST_TEST(tg::empty(0).numel() == 0);
}

BOOST_AUTO_TEST_CASE(tensor_options_helpers_as_libtorch) {
  tg::Tensor a = tg::zeros({2}, tg::dtype(tg::kFloat64).requires_grad(true));
  BOOST_TEST(a.dtype() == tg::kFloat64);
  BOOST_TEST(a.requires_grad());
  BOOST_TEST(tg::ones({1}, tg::requires_grad()).requires_grad());
  BOOST_TEST(tg::ones({1}, tg::TensorOptions().dtype(tg::kFloat32)).dtype() == tg::kFloat32);
  BOOST_TEST(tg::ones({1}, tg::TensorOptions().dtype(tg::kFloat64).device(tg::kCPU)).dtype() == tg::kFloat64);
  tg::Tensor b = tg::zeros({3}, a.options());
  BOOST_TEST(b.dtype() == tg::kFloat64);
  BOOST_TEST(!b.requires_grad());  // options() carries no requires_grad, as LibTorch's
  BOOST_TEST(a.options().device() == tg::Device(tg::kCPU));
  TG_CHECK_THROWS_WITH(tg::TensorOptions().device(tg::kCUDA), "CPU only", "cuda");
}

BOOST_AUTO_TEST_CASE(item_returns_a_printable_scalar) {
  tg::Scalar s = tg::tensor({2.5}).item();
  BOOST_TEST(s.isFloatingPoint());
  BOOST_TEST(s.to<float>() == 2.5f);
  BOOST_TEST(s.toDouble() == 2.5);
  BOOST_TEST(s.toLong() == 2);
  BOOST_TEST(printed(s) == "2.5");
  tg::Scalar i = tg::tensor({7}, tg::kInt64).item();
  BOOST_TEST(i.isIntegral(false));
  BOOST_TEST(printed(i) == "7");
  BOOST_TEST(tg::tensor({3.0}).item<float>() == 3.0f);
  BOOST_TEST(printed(tg::Scalar(true)) == "true");
  TG_CHECK_THROWS_WITH(tg::Scalar(1e300).toLong(), "Scalar", "cannot be converted");
  TG_CHECK_THROWS_WITH(tg::zeros({2}).item(), "item", "2 elements");
}

BOOST_AUTO_TEST_CASE(devices_are_cpu_only) {
  tg::Device cpu("cpu");
  BOOST_TEST(cpu.is_cpu());
  BOOST_TEST(cpu == tg::Device(tg::kCPU));
  BOOST_TEST(printed(cpu) == "cpu");
  tg::Device gpu("cuda:1");
  BOOST_TEST(gpu.is_cuda());
  BOOST_TEST(gpu.index() == 1);
  BOOST_TEST(printed(gpu) == "cuda:1");
  BOOST_TEST(!tg::cuda::is_available());
  BOOST_TEST(tg::cuda::device_count() == 0);
  tg::Tensor x = tg::ones({2});
  BOOST_TEST(x.device().is_cpu());
  BOOST_TEST(x.to(cpu).is_alias_of(x));
  BOOST_TEST(x.to(tg::kCPU, tg::kFloat64).dtype() == tg::kFloat64);
  BOOST_TEST(x.to(tg::kFloat64).dtype() == tg::kFloat64);
  BOOST_TEST(x.toType(tg::kInt64).dtype() == tg::kInt64);
  TG_CHECK_THROWS_WITH(x.to(gpu), "to", "CPU only", "'cuda:1'");
  TG_CHECK_THROWS_WITH(x.to(tg::kCUDA), "to", "CPU only");
  TG_CHECK_THROWS_WITH(tg::Device("tpu"), "Device", "'tpu'");
  TG_CHECK_THROWS_WITH(tg::Device("cuda:x"), "Device", "invalid device string");
}

BOOST_AUTO_TEST_CASE(accessor_indexes_through_strides_and_checks_its_type) {
  tg::Tensor x = tg::arange(6.0).reshape({2, 3});
  auto a = x.accessor<float, 2>();
  BOOST_TEST(a.size(0) == 2);
  BOOST_TEST(a[1][2] == 5.0f);
  a[0][1] = 10.0f;
  BOOST_TEST(x.at<float>({0, 1}) == 10.0f);
  tg::Tensor xt = x.t();
  auto t = xt.accessor<float, 2>();  // strided: [j][i]
  BOOST_TEST(t[2][1] == 5.0f);
  BOOST_TEST(x.data_ptr<float>()[1] == 10.0f);
  TG_CHECK_THROWS_WITH((x.accessor<double, 2>()), "accessor", "float64", "float32");
  TG_CHECK_THROWS_WITH((x.accessor<float, 1>()), "accessor", "expected 1 dims");
  TG_CHECK_THROWS_WITH(a[2], "accessor", "out of bounds");
}

BOOST_AUTO_TEST_CASE(grad_fn_is_null_for_leaves_and_named_otherwise) {
  tg::Tensor x = tg::ones({2}).requires_grad_();
  BOOST_TEST(!x.grad_fn());
  BOOST_TEST((x.grad_fn() == nullptr));
  tg::Tensor y = x * 2;
  BOOST_TEST((y.grad_fn() != nullptr));
  BOOST_TEST(y.grad_fn()->name() == "MulBackward");
  TG_CHECK_THROWS_WITH(x.grad_fn()->name(), "grad_fn", "leaf");
}

BOOST_AUTO_TEST_CASE(hooks_see_and_may_replace_gradients) {
  tg::Tensor x = tg::tensor({1.0, 2.0}).requires_grad_();
  tg::Tensor seen;
  unsigned observe = x.register_hook([&](const tg::Tensor& g) { seen = g.clone(); });
  x.register_hook([](const tg::Tensor& g) { return g * 10; });
  (x * 3).sum().backward();
  BOOST_TEST(seen.to_vector<double>() == (std::vector<double>{3.0, 3.0}), boost::test_tools::per_element());
  BOOST_TEST(x.grad().to_vector<double>() == (std::vector<double>{30.0, 30.0}), boost::test_tools::per_element());
  x.remove_hook(observe);
  seen = tg::Tensor();
  x.mutable_grad() = tg::Tensor();
  (x * 1).sum().backward();
  BOOST_TEST(!seen.defined());
  BOOST_TEST(x.grad().to_vector<double>() == (std::vector<double>{10.0, 10.0}), boost::test_tools::per_element());
  TG_CHECK_THROWS_WITH(x.remove_hook(observe), "remove_hook", "no hook");
}

BOOST_AUTO_TEST_CASE(a_hook_on_a_non_leaf_changes_what_flows_upstream) {
  tg::Tensor x = tg::tensor({1.0, 2.0}).requires_grad_();
  tg::Tensor y = x * x;
  y.retain_grad();
  y.register_hook([](const tg::Tensor& g) { return g * 0.5; });
  y.sum().backward();
  BOOST_TEST(y.grad().to_vector<double>() == (std::vector<double>{0.5, 0.5}), boost::test_tools::per_element());
  BOOST_TEST(x.grad().to_vector<double>() == (std::vector<double>{1.0, 2.0}), boost::test_tools::per_element());
  tg::Tensor z = x * 1;
  z.register_hook([](const tg::Tensor& g) { return g.sum(); });
  TG_CHECK_THROWS_WITH(z.sum().backward(), "register_hook", "changed the gradient");
  TG_CHECK_THROWS_WITH(tg::ones({1}).register_hook([](const tg::Tensor&) {}), "register_hook",
                       "doesn't require gradient");
}

BOOST_AUTO_TEST_CASE(hooks_run_for_autograd_grad_too) {
  tg::Tensor x = tg::tensor({1.0}).requires_grad_();
  x.register_hook([](const tg::Tensor& g) { return g * 4; });
  auto g = tg::autograd::grad({(x * 2).sum()}, {x});
  BOOST_TEST(g[0].item<double>() == 8.0);
}

BOOST_AUTO_TEST_CASE(odds_and_ends) {
  tg::Tensor x = tg::ones({2, 3});
  BOOST_TEST(x.numel() == 6);
  BOOST_TEST(x.dim() == 2);
  BOOST_TEST(x.size(-1) == 3);
  BOOST_TEST(x.defined());
  BOOST_TEST(!tg::Tensor().defined());
  BOOST_TEST(x.scalar_type() == tg::kFloat32);
  BOOST_TEST(x.toString() == "CPUFloatType");
  // LibTorch's names for the integer and bool types (Tensor::toString, "CPU" + ScalarType's C name)
  BOOST_TEST(tg::zeros({1}, tg::kBool).toString() == "CPUBoolType");
  BOOST_TEST(tg::zeros({1}, tg::kUInt8).toString() == "CPUByteType");
  BOOST_TEST(tg::zeros({1}, tg::kInt32).toString() == "CPUIntType");
  BOOST_TEST(tg::zeros({1}, tg::kInt64).toString() == "CPULongType");
  x.set_requires_grad(true);
  BOOST_TEST(x.requires_grad());
  tg::Tensor y = x * 2;
  y.detach_();
  BOOST_TEST(!y.requires_grad());
  BOOST_TEST(y.is_leaf());
  BOOST_TEST(tg::str("loss ", 0.5, " at ", 3) == "loss 0.5 at 3");
  BOOST_TEST(tg::str(x.sizes()) == "[2, 3]");
  BOOST_TEST(tg::str() == "");
}

BOOST_AUTO_TEST_SUITE_END()
