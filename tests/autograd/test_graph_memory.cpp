// What a graph keeps alive. A node holds the tensors its backward formula saved, never its
// inputs, so a graph costs exactly the buffers its backward pass reads. Measured with
// detail::live_storage_bytes(): heap tensor storage, each buffer rounded up to 64 bytes
// (tensors of at most 64 bytes live inline and count 0).
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <tapegrad/autograd/node.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>
#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;
namespace F = tapegrad::nn::functional;

namespace {

std::int64_t live_bytes() { return tg::detail::live_storage_bytes(); }
std::int64_t live_nodes() { return tg::detail::live_node_count(); }

/// What one buffer of `numel` elements of `element_size` bytes adds to live_storage_bytes().
std::int64_t heap_bytes(std::int64_t numel, std::int64_t element_size) {
  const std::int64_t bytes = numel * element_size;
  return bytes <= 64 ? 0 : (bytes + 63) / 64 * 64;
}
std::int64_t heap_bytes(const tg::Tensor& t) {
  return heap_bytes(t.numel(), static_cast<std::int64_t>(tg::element_size(t.dtype())));
}

constexpr std::int64_t kBig = 2 * 1024 * 1024;  // float32: an 8 MiB buffer
constexpr std::int64_t kBigBytes = kBig * 4;
constexpr std::int64_t kMid = 256 * 1024;  // float32: a 1 MiB buffer
constexpr std::int64_t kMidBytes = kMid * 4;

/// y = x, recorded as an op whose backward calls `hook` before passing the gradient on. The
/// result shares x's storage (as a view op's would), so the probe itself costs no bytes.
tg::Tensor probe(const tg::Tensor& x, std::function<void()> hook) {
  return tg::autograd::record("ProbeBackward", x.detach(), {x}, [hook](const tg::Tensor& g) {
    hook();
    return std::vector<tg::Tensor>{g};
  });
}

// 50 recorded steps y = step(y) on an 8 MiB leaf: no step saves its input, so after every step
// only x and the newest y exist; backward then gives `expected_grad` everywhere.
void check_chain_keeps_two_buffers(const std::function<tg::Tensor(const tg::Tensor&)>& step, float expected_value,
                                   float expected_grad) {
  const std::int64_t bytes0 = live_bytes(), nodes0 = live_nodes();
  {
    tg::Tensor x = tg::ones({kBig}).requires_grad_();
    BOOST_TEST(live_bytes() - bytes0 == kBigBytes);
    tg::Tensor y = x;
    std::int64_t most = 0;
    for (int i = 0; i < 50; ++i) {
      y = step(y);
      most = std::max(most, live_bytes() - bytes0);
    }
    BOOST_TEST(live_nodes() - nodes0 == 50);
    BOOST_TEST(most == 2 * kBigBytes);                   // never more than x and one y
    BOOST_TEST(live_bytes() - bytes0 == 2 * kBigBytes);  // x and the final y: 16 MiB, not 51 * 8 MiB
    BOOST_TEST(y.min().item<float>() == expected_value);
    BOOST_TEST(y.max().item<float>() == expected_value);

    tg::sum(y).backward();
    BOOST_TEST(live_bytes() - bytes0 == 3 * kBigBytes);  // x, y and x.grad(); nothing in flight is left
    BOOST_TEST(x.grad().min().item<float>() == expected_grad);
    BOOST_TEST(x.grad().max().item<float>() == expected_grad);
  }
  BOOST_TEST(live_bytes() == bytes0);
  BOOST_TEST(live_nodes() == nodes0);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(graph_memory)

BOOST_AUTO_TEST_CASE(a_chain_of_50_scalar_adds_on_an_8_mib_tensor_keeps_two_buffers) {
  check_chain_keeps_two_buffers([](const tg::Tensor& y) { return y + 1.0; }, 51.0f, 1.0f);
}

BOOST_AUTO_TEST_CASE(a_chain_of_50_scalar_muls_on_an_8_mib_tensor_keeps_two_buffers) {
  float expected = 1.0f;  // the backward multiplies by 1.5 in float32 fifty times, as this loop does
  for (int i = 0; i < 50; ++i) expected *= 1.5f;
  check_chain_keeps_two_buffers([](const tg::Tensor& y) { return y * 1.5; }, expected, expected);
  BOOST_TEST(expected == std::pow(1.5, 50), boost::test_tools::tolerance(1e-5));
}

BOOST_AUTO_TEST_CASE(a_times_b_saves_both_operands_when_both_need_a_gradient) {
  tg::Tensor x = tg::full({kMid}, 3.0).requires_grad_();
  const std::int64_t bytes0 = live_bytes();
  tg::Tensor y;
  {
    tg::Tensor a = x * 2.0;  // 6
    tg::Tensor b = x + 1.0;  // 4
    y = a * b;
  }                                                    // the caller dropped a and b: only MulBackward holds them
  BOOST_TEST(live_bytes() - bytes0 == 3 * kMidBytes);  // a, b and y
  tg::sum(y).backward();
  BOOST_TEST(live_bytes() - bytes0 == 2 * kMidBytes);  // y and x.grad(): a and b went with the graph
  // d/dx 2x (x + 1) = 4x + 2
  BOOST_TEST(x.grad().min().item<float>() == 14.0f);
  BOOST_TEST(x.grad().max().item<float>() == 14.0f);
}

BOOST_AUTO_TEST_CASE(a_times_a_constant_saves_only_the_constant) {
  // a's gradient needs c, and c needs no gradient, so a itself is not saved.
  tg::Tensor x = tg::full({kMid}, 3.0).requires_grad_();
  const std::int64_t bytes0 = live_bytes();
  tg::Tensor y;
  {
    tg::Tensor a = x * 2.0;
    tg::Tensor c = tg::full({kMid}, 4.0);
    y = a * c;
  }
  BOOST_TEST(live_bytes() - bytes0 == 2 * kMidBytes);  // c and y
  tg::sum(y).backward();
  BOOST_TEST(x.grad().min().item<float>() == 8.0f);
  BOOST_TEST(x.grad().max().item<float>() == 8.0f);
}

BOOST_AUTO_TEST_CASE(exp_tanh_sigmoid_and_sqrt_save_their_output_and_log_its_input) {
  struct Case {
    const char* name;
    std::function<tg::Tensor(const tg::Tensor&)> op;
    double derivative_at_1;
    bool saves_output;  // else its input
  };
  const double s1 = 1.0 / (1.0 + std::exp(-1.0));
  const std::vector<Case> cases{
      {"exp", [](const tg::Tensor& x) { return tg::exp(x); }, std::exp(1.0), true},
      {"tanh", [](const tg::Tensor& x) { return tg::tanh(x); }, 1.0 - std::tanh(1.0) * std::tanh(1.0), true},
      {"sigmoid", [](const tg::Tensor& x) { return tg::sigmoid(x); }, s1 * (1.0 - s1), true},
      {"sqrt", [](const tg::Tensor& x) { return tg::sqrt(x); }, 0.5, true},
      // the control: log's backward reads its input, so the same measurement shows two buffers
      {"log", [](const tg::Tensor& x) { return tg::log(x); }, 1.0, false},
  };
  for (const Case& c : cases) {
    BOOST_TEST_CONTEXT(c.name) {
      tg::Tensor x0 = tg::full({kMid}, 0.5).requires_grad_();
      const std::int64_t bytes0 = live_bytes();
      tg::Tensor y;
      {
        tg::Tensor x = x0 * 2.0;  // a non-leaf: only the graph can keep it alive
        y = c.op(x);
      }
      // y and what the graph saved: y itself when the op saves its output, else also x
      BOOST_TEST(live_bytes() - bytes0 == (c.saves_output ? 1 : 2) * kMidBytes);
      tg::Tensor s = tg::sum(y);
      y = tg::Tensor();  // now the graph alone holds what backward reads: one buffer, never a copy
      BOOST_TEST(live_bytes() - bytes0 == kMidBytes);
      s.backward();
      BOOST_TEST(live_bytes() - bytes0 == kMidBytes);  // x0.grad() alone: the graph freed its buffers
      const double expected = 2.0 * c.derivative_at_1;
      BOOST_TEST(x0.grad().min().item<float>() == expected, boost::test_tools::tolerance(1e-6));
      BOOST_TEST(x0.grad().max().item<float>() == expected, boost::test_tools::tolerance(1e-6));
    }
  }
}

BOOST_AUTO_TEST_CASE(memory_and_nodes_return_to_the_baseline_after_backward) {
  const std::int64_t bytes0 = live_bytes(), nodes0 = live_nodes();
  {
    tg::Tensor x = tg::full({kMid}, 0.5).requires_grad_();
    tg::Tensor w = tg::full({kMid}, 2.0).requires_grad_();
    tg::Tensor loss = tg::sum(tg::tanh(x * w) * tg::exp(x) + tg::relu(w - x));
    const std::int64_t leaves = 2 * kMidBytes;
    // saved: the leaves x and w (by x * w), tanh's output and exp's output (each saved by its op
    // and by the product), and relu's input w - x; x * w, the product, relu's output and the
    // sum's input are freed as soon as the next op has read them
    BOOST_TEST(live_bytes() - bytes0 == leaves + 3 * kMidBytes);
    BOOST_TEST(live_nodes() - nodes0 == 8);
    loss.backward(tg::Tensor(), true);
    BOOST_TEST(live_bytes() - bytes0 == leaves + 3 * kMidBytes + 2 * kMidBytes);  // retained, plus two grads
    loss.backward();  // the graph is freed, though `loss` still holds its nodes
    BOOST_TEST(live_bytes() - bytes0 == leaves + 2 * kMidBytes);
    BOOST_TEST(live_nodes() - nodes0 == 8);
    // d/dx = w (1 - tanh^2(xw)) e^x + tanh(xw) e^x - 1,  d/dw = x (1 - tanh^2(xw)) e^x + 1, twice
    const double t = std::tanh(1.0), e = std::exp(0.5);
    BOOST_TEST(x.grad().max().item<float>() == 2 * (2.0 * (1 - t * t) * e + t * e - 1),
               boost::test_tools::tolerance(1e-6));
    BOOST_TEST(w.grad().max().item<float>() == 2 * (0.5 * (1 - t * t) * e + 1), boost::test_tools::tolerance(1e-6));
  }
  BOOST_TEST(live_bytes() == bytes0);
  BOOST_TEST(live_nodes() == nodes0);
}

// An MLP training step (784 -> 256 -> 10, batch 128, float32, cross_entropy, Adam) holds, at
// each point, exactly the budget computed from the tensor sizes below.
void check_mlp_step_budget(bool relu) {
  tg::manual_seed(7);
  const std::int64_t bytes0 = live_bytes(), nodes0 = live_nodes();
  {
    tg::nn::Linear fc1(784, 256), fc2(256, 10);
    tg::Tensor x = tg::randn({128, 784});
    tg::Tensor target = tg::randint(0, 10, {128});
    tg::optim::Adam opt(std::vector<tg::Tensor>{fc1->weight, fc1->bias, fc2->weight, fc2->bias},
                        tg::optim::AdamOptions(1e-3));

    // Parameters: W1 [256,784], b1 [256], W2 [10,256]; b2 [10] is 40 bytes, inline.
    const std::int64_t params =
        heap_bytes(fc1->weight) + heap_bytes(fc1->bias) + heap_bytes(fc2->weight) + heap_bytes(fc2->bias);
    BOOST_TEST(params == 802816 + 1024 + 10240 + 0);
    const std::int64_t grads = params;  // one gradient per parameter, same shapes
    // Adam: exp_avg and exp_avg_sq per parameter ("step" is a scalar, inline)
    const std::int64_t adam_state = 2 * params;
    const std::int64_t data = heap_bytes(x) + heap_bytes(target);  // 401408 + 1024
    // What backward reads. The hidden layer: tanh saves its output a [128,256], which the second
    // matmul saves too (one buffer); relu saves its input h [128,256] and the matmul its output a
    // (two). The first matmul saves x (the data, counted above) and neither saves a weight it
    // does not differentiate through. log_softmax (x - logsumexp) saves exp's output [128,10] and
    // log's input, the row sums [128,1]; nll's gather saves the target (a view of `target`).
    const std::int64_t hidden = heap_bytes(128 * 256, 4);
    const std::int64_t activations = (relu ? 2 : 1) * hidden + heap_bytes(128 * 10, 4) + heap_bytes(128, 4);
    BOOST_TEST(activations == (relu ? 262144 : 131072) + 5120 + 512);

    std::int64_t at_last_node = -1;
    auto forward = [&] {
      // the probe's node is the oldest, so its backward runs last: every gradient has been
      // computed (none committed yet) and no saved tensor has been freed
      tg::Tensor w1 = probe(fc1->weight, [&] { at_last_node = live_bytes() - bytes0; });
      tg::Tensor h = F::linear(x, w1, fc1->bias);
      tg::Tensor a = relu ? F::relu(h) : F::tanh(h);
      return F::cross_entropy(F::linear(a, fc2->weight, fc2->bias), target);
    };
    for (int step = 0; step < 3; ++step) {
      BOOST_TEST_CONTEXT((relu ? "relu" : "tanh") << " step " << step) {
        const std::int64_t state = step == 0 ? 0 : adam_state;  // Adam allocates its state in step 0
        opt.zero_grad();                                        // sets the gradients to none
        BOOST_TEST(live_bytes() - bytes0 == params + state + data);
        tg::Tensor loss = forward();
        BOOST_TEST(live_bytes() - bytes0 == params + state + data + activations);
        loss.backward();
        BOOST_TEST(at_last_node == params + state + data + activations + grads);  // the peak's floor
        BOOST_TEST(live_bytes() - bytes0 == params + state + data + grads);       // activations freed
        opt.step();
        BOOST_TEST(live_bytes() - bytes0 == params + adam_state + data + grads);  // Adam's temporaries freed
        BOOST_TEST(std::isfinite(loss.item<float>()));
      }
    }
  }
  BOOST_TEST(live_bytes() == bytes0);
  BOOST_TEST(live_nodes() == nodes0);
}

BOOST_AUTO_TEST_CASE(an_mlp_step_with_tanh_holds_parameters_gradients_adam_state_and_saved_activations) {
  check_mlp_step_budget(false);
}

BOOST_AUTO_TEST_CASE(an_mlp_step_with_relu_holds_parameters_gradients_adam_state_and_saved_activations) {
  check_mlp_step_budget(true);
}

BOOST_AUTO_TEST_SUITE_END()
