// The hostile-input battery, nn half (tests/autograd/test_hostile_inputs.cpp has the tensor
// ops): wrong shapes, dtypes, undefined and empty tensors, NaN and impossible sizes into every
// module and loss. Each throws a tapegrad::Error that starts with the module or loss called.
#include <boost/test/unit_test.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

// Linear(1 << 40, ...) asks for terabytes; under ASan the allocator must return null rather than
// abort so that the request fails as a tapegrad::Error (see tests/autograd/test_hostile_inputs.cpp).
extern "C" const char* __asan_default_options() { return "allocator_may_return_null=1"; }

namespace tg = tapegrad;
namespace nn = tapegrad::nn;
namespace F = tapegrad::nn::functional;

namespace {

const double kNan = std::numeric_limits<double>::quiet_NaN();

struct BadCall {
  const char* what;
  std::function<void()> call;
  std::string prefix;
  std::vector<std::string> parts{};
};

void run(const std::vector<BadCall>& table) {
  for (const BadCall& c : table) {
    std::string problem = tg_test::detail::error_problem(c.call, c.prefix, c.parts);
    BOOST_CHECK_MESSAGE(problem.empty(), c.what << ": " << problem);
  }
}

const tg::Tensor U;
tg::Tensor labels(const std::vector<std::int64_t>& v) { return tg::tensor(v); }

}  // namespace

BOOST_AUTO_TEST_SUITE(hostile_inputs_to_modules_and_losses)

BOOST_AUTO_TEST_CASE(modules_refuse_bad_sizes_shapes_dtypes_and_undefined_inputs) {
  std::vector<BadCall> table = {
      {"Linear 2^40 inputs",
       [] { nn::Linear(1LL << 40, 4); },
       "Linear: cannot allocate 16 TiB",
       {"[4,1099511627776] float32"}},
      {"Linear 2^32 x 2^32", [] { nn::Linear(1LL << 32, 1LL << 32); }, "Linear: shape", {"too large"}},
      {"Linear 2^62 float64", [] { nn::Linear(1LL << 62, 1, true, tg::kFloat64); }, "Linear: cannot allocate"},
      {"Linear 0 inputs", [] { nn::Linear(0, 3); }, "Linear: in_features and out_features must be positive"},
      {"Linear negative outputs", [] { nn::Linear(3, -1); }, "Linear: in_features and out_features must be positive"},
      {"Linear int64", [] { nn::Linear(3, 2, true, tg::kInt64); }, "Linear: parameters must be float32 or float64"},
      {"Linear wrong width",
       [] {
         nn::Linear(3, 2)->forward(tg::ones({4, 5}));
       },
       "Linear: input [4,5] does not match"},
      {"Linear scalar input", [] { nn::Linear(3, 2)->forward(tg::ones({})); }, "Linear: input [] does not match"},
      {"Linear float64 input",
       [] {
         nn::Linear(3, 2)->forward(tg::ones({1, 3}, tg::kFloat64));
       },
       "Linear: input is float64 but weight is float32"},
      {"Linear undefined input", [] { nn::Linear(3, 2)->forward(U); }, "Linear: input and weight must be defined"},
      {"linear bad bias",
       [] {
         F::linear(tg::ones({1, 3}), tg::ones({2, 3}), tg::ones({3}));
       },
       "linear: bias [3] does not match weight [2,3]"},
      {"linear 1-D weight",
       [] {
         F::linear(tg::ones({1, 3}), tg::ones({3}));
       },
       "linear: weight must be 2-D"},
      {"linear undefined weight",
       [] {
         F::linear(tg::ones({1, 3}), U);
       },
       "linear: input and weight must be defined"},
      {"ReLU undefined", [] { nn::ReLU()->forward(U); }, "relu: got an undefined tensor"},
      {"Sigmoid undefined", [] { nn::Sigmoid()->forward(U); }, "sigmoid:"},
      {"LeakyReLU undefined", [] { nn::LeakyReLU()->forward(U); }, "leaky_relu:"},
      {"Softplus beta 0", [] { nn::Softplus(0.0); }, "Softplus:"},
      {"Softmax dim out of range",
       [] {
         nn::Softmax(2)->forward(tg::ones({2, 3}));
       },
       "softmax: dimension 2"},
      {"Softmax int64",
       [] {
         nn::Softmax(1)->forward(tg::zeros({2, 3}, tg::kInt64));
       },
       "softmax: expected a floating"},
      {"LogSoftmax undefined", [] { nn::LogSoftmax(0)->forward(U); }, "log_softmax: got an undefined tensor"},
      {"Dropout p 1.5", [] { nn::Dropout(1.5); }, "Dropout:"},
      {"Dropout p NaN", [] { nn::Dropout dropout(kNan); }, "Dropout:"},
      {"dropout p -1", [] { F::dropout(tg::ones({2}), -1.0); }, "dropout:"},
      {"dropout undefined", [] { F::dropout(U, 0.5); }, "dropout:"},
      {"Flatten bad dims",
       [] {
         nn::Flatten(3, 4)->forward(tg::ones({2, 3}));
       },
       "flatten: dimension"},
      {"Flatten undefined", [] { nn::Flatten()->forward(U); }, "flatten: got an undefined tensor"},
      {"Sequential empty", [] { nn::Sequential()->forward(tg::ones({1})); },
       "Sequential: forward() called on an empty Sequential"},
      {"Sequential mismatched layers",
       [] {
         nn::Sequential(nn::Linear(3, 4), nn::Linear(5, 1))->forward(tg::ones({2, 3}));
       },
       "Linear: input [2,4] does not match"},
  };
  run(table);
}

BOOST_AUTO_TEST_CASE(losses_refuse_bad_shapes_dtypes_labels_and_empty_batches) {
  tg::Tensor logits = tg::zeros({2, 3});
  std::vector<BadCall> table = {
      {"mse_loss shapes", [] { F::mse_loss(tg::ones({2}), tg::ones({3})); }, "mse_loss: input [2] and target [3]"},
      {"mse_loss int64", [] { F::mse_loss(tg::ones({2}), tg::zeros({2}, tg::kInt64)); }, "mse_loss: target must be"},
      {"mse_loss undefined", [] { F::mse_loss(U, tg::ones({2})); }, "mse_loss: input is undefined"},
      {"mse_loss dtypes", [] { F::mse_loss(tg::ones({2}), tg::ones({2}, tg::kFloat64)); },
       "mse_loss: input is float32"},
      {"mse_loss empty mean", [] { F::mse_loss(tg::ones({0}), tg::ones({0})); },
       "mse_loss: cannot average over an empty batch"},
      {"MSELoss empty mean",
       [] {
         nn::MSELoss()->forward(tg::ones({0, 2}), tg::ones({0, 2}));
       },
       "mse_loss: cannot average over an empty batch (a loss of shape [0,2])"},
      {"binary_cross_entropy > 1", [] { F::binary_cross_entropy(tg::full({2}, 2.0), tg::ones({2})); },
       "binary_cross_entropy: input must hold probabilities in [0, 1]"},
      {"binary_cross_entropy NaN", [] { F::binary_cross_entropy(tg::full({2}, kNan), tg::ones({2})); },
       "binary_cross_entropy: input must hold probabilities"},
      {"binary_cross_entropy shapes",
       [] {
         F::binary_cross_entropy(tg::ones({2}), tg::ones({2, 1}));
       },
       "binary_cross_entropy: input [2] and target [2,1]"},
      {"binary_cross_entropy bad weight",
       [] { F::binary_cross_entropy(tg::ones({2}), tg::ones({2}), nn::Reduction::Mean, tg::ones({3})); },
       "binary_cross_entropy: weight [3] does not broadcast"},
      {"binary_cross_entropy empty", [] { F::binary_cross_entropy(tg::ones({0}), tg::ones({0})); },
       "binary_cross_entropy: cannot average over an empty batch"},
      {"BCELoss undefined target", [] { nn::BCELoss()->forward(tg::ones({2}), U); },
       "binary_cross_entropy: target is undefined"},
      {"bce_with_logits shapes", [] { F::binary_cross_entropy_with_logits(tg::ones({2}), tg::ones({3})); },
       "binary_cross_entropy_with_logits: input [2] and target [3]"},
      {"bce_with_logits pos_weight",
       [] {
         F::binary_cross_entropy_with_logits(tg::ones({2, 2}), tg::ones({2, 2}), nn::Reduction::Mean, tg::Tensor(),
                                             tg::ones({3}));
       },
       "binary_cross_entropy_with_logits: pos_weight [3] does not broadcast"},
      {"bce_with_logits empty", [] { nn::BCEWithLogitsLoss()->forward(tg::ones({0}), tg::ones({0})); },
       "binary_cross_entropy_with_logits: cannot average over an empty batch"},
      {"cross_entropy empty batch",
       [] {
         F::cross_entropy(tg::zeros({0, 10}), tg::zeros({0}, tg::kInt64));
       },
       "cross_entropy: cannot average over an empty batch"},
      {"CrossEntropyLoss empty batch",
       [] {
         nn::CrossEntropyLoss()->forward(tg::zeros({0, 10}), tg::zeros({0}, tg::kInt64));
       },
       "cross_entropy: cannot average over an empty batch"},
      {"cross_entropy empty batch of probabilities",
       [] {
         F::cross_entropy(tg::zeros({0, 3}), tg::zeros({0, 3}));
       },
       "cross_entropy: cannot average over an empty batch"},
      {"cross_entropy label INT64_MAX",
       [&] {
         F::cross_entropy(logits, labels({0, std::numeric_limits<std::int64_t>::max()}));
       },
       "cross_entropy: target class 9223372036854775807 is out of range for 3 classes"},
      {"cross_entropy label INT64_MIN",
       [&] {
         F::cross_entropy(logits, labels({std::numeric_limits<std::int64_t>::min(), 0}));
       },
       "cross_entropy: target class",
       {"out of range"}},
      {"cross_entropy label -1",
       [&] {
         F::cross_entropy(logits, labels({-1, 0}));
       },
       "cross_entropy: target class -1"},
      {"cross_entropy target count", [&] { F::cross_entropy(logits, labels({0})); },
       "cross_entropy: input [2,3] and target [1]"},
      {"cross_entropy 3-D logits",
       [] {
         F::cross_entropy(tg::zeros({1, 2, 3}), labels({0}));
       },
       "cross_entropy: expected logits [N,C] or [C], got [1,2,3]"},
      {"cross_entropy float target shape",
       [&] {
         F::cross_entropy(logits, tg::zeros({2, 4}));
       },
       "cross_entropy: input [2,3] and target [2,4] do not match"},
      {"cross_entropy int64 logits",
       [] {
         F::cross_entropy(tg::zeros({2, 3}, tg::kInt64), labels({0, 1}));
       },
       "cross_entropy: input must be float32 or float64"},
      {"cross_entropy undefined target", [&] { F::cross_entropy(logits, U); }, "cross_entropy: target is undefined"},
      {"cross_entropy undefined logits", [] { F::cross_entropy(U, labels({0})); }, "cross_entropy: input is undefined"},
      {"cross_entropy zero classes",
       [] {
         F::cross_entropy(tg::zeros({2, 0}), labels({0, 0}));
       },
       "cross_entropy: target class 0 is out of range for 0 classes"},
      {"nll_loss float target", [&] { F::nll_loss(logits, tg::zeros({2})); },
       "nll_loss: class-index target must be Int64"},
      {"nll_loss label 3",
       [&] {
         F::nll_loss(logits, labels({0, 3}));
       },
       "nll_loss: target class 3 is out of range"},
      {"nll_loss empty batch",
       [] {
         F::nll_loss(tg::zeros({0, 3}), tg::zeros({0}, tg::kInt64));
       },
       "nll_loss: cannot average over an empty batch"},
      {"NLLLoss undefined", [] { nn::NLLLoss()->forward(U, labels({0})); }, "nll_loss: input is undefined"},
      {"l2_penalty m 0", [] { F::l2_penalty(std::vector<tg::Tensor>{tg::ones({2})}, 0.1, 0); }, "l2_penalty: m"},
      {"l2_penalty negative lambda", [] { F::l2_penalty(std::vector<tg::Tensor>{tg::ones({2})}, -1.0, 1); },
       "l2_penalty: lambda must be non-negative"},
      {"l2_penalty undefined tensor", [] { F::l2_penalty(std::vector<tg::Tensor>{U}, 0.1, 1); },
       "l2_penalty: tensor 0"},
  };
  run(table);
}

BOOST_AUTO_TEST_CASE(empty_batches_with_sum_or_no_reduction_give_pytorchs_results) {
  // torch: cross_entropy(zeros(0, 10), zeros(0).long(), reduction='sum') = 0; 'none' is [0].
  BOOST_TEST(F::cross_entropy(tg::zeros({0, 10}), tg::zeros({0}, tg::kInt64), nn::Reduction::Sum).item<double>() ==
             0.0);
  BOOST_TEST(F::cross_entropy(tg::zeros({0, 10}), tg::zeros({0}, tg::kInt64), nn::Reduction::None).shape() ==
             (tg::Shape{0}));
  BOOST_TEST(F::mse_loss(tg::ones({0}), tg::ones({0}), nn::Reduction::Sum).item<double>() == 0.0);
  BOOST_TEST(nn::Softmax(1)->forward(tg::zeros({0, 10})).shape() == (tg::Shape{0, 10}));
  BOOST_TEST(nn::Linear(3, 2)->forward(tg::zeros({0, 3})).shape() == (tg::Shape{0, 2}));
}

BOOST_AUTO_TEST_SUITE_END()
