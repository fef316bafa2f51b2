// grad_fn names say what the user called, as LibTorch's do (without its numeric suffix), not the
// primitive a composite op happens to be built from.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;
namespace F = tapegrad::nn::functional;

BOOST_AUTO_TEST_CASE(composite_ops_name_their_node_after_themselves) {
  tg::Tensor x = tg::rand({3, 4}).requires_grad_();
  tg::Tensor target = tg::rand({3, 4});
  std::vector<std::pair<tg::Tensor, std::string>> cases = {
      {x.mean(), "MeanBackward"},
      {x.mean(1), "MeanBackward"},
      {x.var(), "VarBackward"},
      {x / 2.0, "DivBackward"},
      {x / x, "DivBackward"},
      {x - 1.0, "SubBackward"},
      {1.0 - x, "RsubBackward"},
      {x.t(), "TBackward"},
      {x.transpose(0, 1), "TransposeBackward"},
      {x.permute({1, 0}), "PermuteBackward"},
      {x.softmax(1), "SoftmaxBackward"},
      {x.log_softmax(1), "LogSoftmaxBackward"},
      {tg::logsumexp(x, 1), "LogsumexpBackward"},
      {tg::stack({x, x}), "StackBackward"},
      {x[0], "SelectBackward"},
      {x.narrow(0, 0, 2), "SliceBackward"},
      {x.view({12}), "ViewBackward"},
      {x.reshape({12}), "ReshapeBackward"},
      {x.diagonal(), "DiagonalBackward"},
      {F::mse_loss(x, target), "MseLossBackward"},
      {F::mse_loss(x, target, tg::nn::Reduction::None), "MseLossBackward"},
      {F::binary_cross_entropy(x.sigmoid(), target), "BinaryCrossEntropyBackward"},
      {F::binary_cross_entropy_with_logits(x, target), "BinaryCrossEntropyWithLogitsBackward"},
      {F::cross_entropy(x, tg::tensor(std::vector<std::int64_t>{0, 3, 1})), "NllLossBackward"},
  };
  for (const auto& [result, name] : cases) BOOST_TEST(result.grad_fn_name() == name);
}

BOOST_AUTO_TEST_CASE(an_op_that_returns_its_input_does_not_rename_the_input_node) {
  tg::Tensor x = tg::rand({3}).requires_grad_();
  tg::Tensor y = x * 2.0;
  tg::Tensor same = y.reshape({3});  // no new node
  BOOST_TEST(same.grad_fn_name() == "MulBackward");
  BOOST_TEST(tg::transpose(y, 0, 0).grad_fn_name() == "MulBackward");
}

BOOST_AUTO_TEST_CASE(in_place_ops_report_their_own_name) {
  tg::Tensor a = tg::ones({2});
  TG_CHECK_THROWS_WITH(a.sub_(tg::Tensor()), "sub_: the other operand is an undefined tensor");
  TG_CHECK_THROWS_WITH(a.mul_(tg::Tensor()), "mul_: the other operand is an undefined tensor");
  TG_CHECK_THROWS_WITH(a.div_(tg::ones({3})), "div_: cannot broadcast [3] into [2]");
}
