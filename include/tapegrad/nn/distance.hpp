#pragma once
/// tapegrad::nn::CosineSimilarity, as torch::nn::CosineSimilarity: functional::cosine_similarity
/// with its options chosen once.
///
///     tg::nn::CosineSimilarity cos(tg::nn::CosineSimilarityOptions().dim(1));
///     tg::Tensor similarity = cos(a, b);  // [N] for a, b [N, D]
#include <string>

#include <tapegrad/autograd/tensor.hpp>
#include <tapegrad/nn/activation_options.hpp>
#include <tapegrad/nn/cloneable.hpp>
#include <tapegrad/nn/pimpl.hpp>

namespace tapegrad::nn {

/// sum(x1 x2) / max(||x1|| ||x2||, eps) along `options.dim()`.
class CosineSimilarityImpl : public Cloneable<CosineSimilarityImpl> {
 public:
  explicit CosineSimilarityImpl(const CosineSimilarityOptions& options_ = {}) : options(options_) {}
  void reset() override {}
  Tensor forward(const Tensor& input1, const Tensor& input2);
  std::string extra_repr() const override;  ///< "dim=1, eps=1e-08"
  CosineSimilarityOptions options;
};
TG_MODULE(CosineSimilarity);

}  // namespace tapegrad::nn
