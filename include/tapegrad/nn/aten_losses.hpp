#pragma once
/// LibTorch's top-level (ATen) spellings of the losses and softmaxes, for `torch::mse_loss(x, y)`
/// in programs that include <tapegrad/torch.hpp> (which includes this header). As in ATen,
/// the reduction is an integer: `at::Reduction::None`, `Mean` (the default) or `Sum`
/// (<tapegrad/torch.hpp> defines that `at::Reduction` enum). tapegrad's own code uses
/// tg::nn::functional, whose reduction is tg::kMean etc.
///
///     torch::Tensor loss = torch::mse_loss(prediction, target, at::Reduction::Sum);
#include <cstdint>
#include <optional>

#include <tapegrad/autograd/error.hpp>
#include <tapegrad/nn/functional.hpp>

namespace tapegrad {

namespace detail {
/// ATen's integer reduction (0 none, 1 mean, 2 sum) as a Reduction; anything else throws.
inline nn::Reduction aten_reduction(const char* op, std::int64_t reduction) {
  TG_CHECK(reduction >= 0 && reduction <= 2, op, "reduction must be at::Reduction::None, Mean or Sum (0, 1, 2), got ",
           reduction);
  return reduction == 0 ? nn::Reduction::None : reduction == 1 ? nn::Reduction::Mean : nn::Reduction::Sum;
}
}  // namespace detail

inline Tensor mse_loss(const Tensor& self, const Tensor& target, std::int64_t reduction = 1) {
  return nn::functional::mse_loss(self, target, detail::aten_reduction("mse_loss", reduction));
}
inline Tensor l1_loss(const Tensor& self, const Tensor& target, std::int64_t reduction = 1) {
  return nn::functional::l1_loss(self, target, detail::aten_reduction("l1_loss", reduction));
}
inline Tensor binary_cross_entropy(const Tensor& self, const Tensor& target, const Tensor& weight = Tensor(),
                                   std::int64_t reduction = 1) {
  return nn::functional::binary_cross_entropy(self, target, detail::aten_reduction("binary_cross_entropy", reduction),
                                              weight);
}
inline Tensor binary_cross_entropy_with_logits(const Tensor& self, const Tensor& target,
                                               const Tensor& weight = Tensor(), const Tensor& pos_weight = Tensor(),
                                               std::int64_t reduction = 1) {
  return nn::functional::binary_cross_entropy_with_logits(
      self, target, detail::aten_reduction("binary_cross_entropy_with_logits", reduction), weight, pos_weight);
}
/// ATen's nll_loss without ignore_index (tapegrad has none: passing one fails to compile) and
/// with no class weight (a defined weight throws).
inline Tensor nll_loss(const Tensor& self, const Tensor& target, const Tensor& weight = Tensor(),
                       std::int64_t reduction = 1) {
  TG_CHECK(!weight.defined(), "nll_loss", "class weights are not supported");
  return nn::functional::nll_loss(self, target, detail::aten_reduction("nll_loss", reduction));
}
inline Tensor smooth_l1_loss(const Tensor& self, const Tensor& target, std::int64_t reduction = 1, double beta = 1.0) {
  return nn::functional::smooth_l1_loss(
      self, target, nn::SmoothL1LossOptions(detail::aten_reduction("smooth_l1_loss", reduction)).beta(beta));
}
inline Tensor huber_loss(const Tensor& self, const Tensor& target, std::int64_t reduction = 1, double delta = 1.0) {
  return nn::functional::huber_loss(self, target,
                                    nn::HuberLossOptions(detail::aten_reduction("huber_loss", reduction)).delta(delta));
}
/// ATen's kl_div: Mean here is the elementwise mean (batchmean exists only in F::kl_div).
inline Tensor kl_div(const Tensor& self, const Tensor& target, std::int64_t reduction = 1, bool log_target = false) {
  return nn::functional::kl_div(
      self, target, nn::KLDivLossOptions(detail::aten_reduction("kl_div", reduction)).log_target(log_target));
}
inline Tensor margin_ranking_loss(const Tensor& input1, const Tensor& input2, const Tensor& target, double margin = 0.0,
                                  std::int64_t reduction = 1) {
  return nn::functional::margin_ranking_loss(
      input1, input2, target,
      nn::MarginRankingLossOptions(detail::aten_reduction("margin_ranking_loss", reduction)).margin(margin));
}
inline Tensor cosine_similarity(const Tensor& x1, const Tensor& x2, std::int64_t dim = 1, double eps = 1e-8) {
  return nn::functional::cosine_similarity(x1, x2, nn::CosineSimilarityOptions().dim(dim).eps(eps));
}
/// softmax / log_softmax with ATen's optional dtype (the input is cast first).
inline Tensor softmax(const Tensor& self, std::int64_t dim, std::optional<Dtype> dtype) {
  return softmax(dtype ? self.to(*dtype) : self, dim);
}
inline Tensor log_softmax(const Tensor& self, std::int64_t dim, std::optional<Dtype> dtype) {
  return log_softmax(dtype ? self.to(*dtype) : self, dim);
}

}  // namespace tapegrad
