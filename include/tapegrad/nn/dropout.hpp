#pragma once
/// tapegrad::nn::Dropout, as torch::nn::Dropout.
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/module.hpp>

namespace tapegrad::nn {

/// In training mode zeroes each element with probability p and scales the survivors by
/// 1/(1-p) ("inverted dropout"), so that eval mode is the identity with no rescaling. The mask
/// is drawn from tg's seeded generator: the same tg::manual_seed gives the same mask.
///
///     auto drop = std::make_shared<tg::nn::Dropout>(0.2);
///     drop->eval();  // now forward(x) returns x
class Dropout : public Module {
 public:
  /// p must be in [0, 1).
  explicit Dropout(double p = 0.5);
  Tensor forward(const Tensor& input) override;
  std::string extra_repr() const override;  ///< "p=0.5"
  double p() const { return p_; }           ///< the drop probability

 private:
  double p_;
};

}  // namespace tapegrad::nn
