#pragma once
/// tapegrad::nn::Dropout, as torch::nn::Dropout.
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/arg.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

/// Options of Dropout (and F::dropout's p): `DropoutOptions(0.2)`, `DropoutOptions().p(0.2)`.
/// p must be in [0, 1). `inplace(true)` computes the same values out of place.
struct DropoutOptions {
  /* implicit */ DropoutOptions(double p = 0.5) : p_(p) {}  // NOLINT
  TG_ARG(double, p);
  TG_ARG(bool, inplace) = false;
};

/// In training mode zeroes each element with probability p and scales the survivors by
/// 1/(1-p) ("inverted dropout"), so that eval mode is the identity with no rescaling. The mask
/// is drawn from tg's seeded generator: the same tg::manual_seed gives the same mask.
///
///     tg::nn::Dropout drop(0.2);
///     drop->eval();  // now drop(x) returns x
class DropoutImpl : public Cloneable<DropoutImpl> {
 public:
  explicit DropoutImpl(const DropoutOptions& options_ = {});
  void reset() override;
  Tensor forward(const Tensor& input);
  std::string extra_repr() const override;  ///< "p=0.5"
  double p() const { return options.p(); }  ///< the drop probability
  DropoutOptions options;
};
TG_MODULE(Dropout);

}  // namespace tapegrad::nn
