#pragma once
// Non-contiguous versions of a gradcheck's inputs: every op's gradient is checked again with
// each input as a transposed view, a stepped slice and an expanded view, since kernels must
// read strides (or copy) correctly and the tape must route gradients through views.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <tapegrad/autograd/autograd.hpp>

namespace op_test {

namespace tg = tapegrad;

struct StridedVariant {
  std::string name;
  tg::GradcheckFn fn;
  std::vector<tg::Tensor> inputs;
};

/// A leaf holding `values` whose memory is transposed in its last two dimensions (rank >= 2).
inline tg::Tensor transposed_leaf(const tg::Tensor& values) {
  tg::Tensor storage = values.detach().transpose(-1, -2).contiguous();
  tg::Tensor leaf = storage.transpose(-1, -2).detach().requires_grad_();
  BOOST_REQUIRE(!leaf.is_contiguous() || values.size(-1) == 1 || values.size(-2) == 1);
  return leaf;
}

/// A leaf holding `values` as every other element of a buffer twice as long in the last dimension.
inline tg::Tensor stepped_leaf(const tg::Tensor& values) {
  tg::Shape wide = values.shape();
  wide.back() *= 2;
  tg::Tensor storage = tg::zeros(wide, values.dtype());
  tg::Tensor leaf = storage.slice(-1, 0, std::nullopt, 2);
  leaf.copy_(values.detach());
  leaf = leaf.detach().requires_grad_();
  BOOST_REQUIRE(!leaf.is_contiguous() || values.numel() <= 1);
  return leaf;
}

/// For every floating input that requires grad and has a dimension: the same check with that
/// input transposed, stepped, and expanded (its last dimension of size > 1 becomes a broadcast
/// of size-1 data, so the op reads stride 0 and the gradient sums back).
inline std::vector<StridedVariant> strided_variants(const tg::GradcheckFn& fn, const std::vector<tg::Tensor>& inputs) {
  std::vector<StridedVariant> variants;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const tg::Tensor& x = inputs[i];
    if (!x.defined() || !x.requires_grad() || x.dim() == 0 || x.numel() < 2) continue;
    std::string at = " (input " + std::to_string(i) + " ";
    auto replaced = [&](tg::Tensor t) {
      std::vector<tg::Tensor> copy = inputs;
      copy[i] = std::move(t);
      return copy;
    };
    if (x.dim() >= 2 && x.size(-1) > 1 && x.size(-2) > 1)
      variants.push_back({at + "transposed)", fn, replaced(transposed_leaf(x))});
    variants.push_back({at + "a stepped slice)", fn, replaced(stepped_leaf(x))});
    std::int64_t d = x.dim() - 1;
    while (d >= 0 && x.size(d) == 1) --d;
    if (d < 0) continue;
    tg::Shape full = x.shape();
    tg::Tensor narrow = x.detach().narrow(d, 0, 1).contiguous().requires_grad_();
    auto expanded = [fn, i, full](const std::vector<tg::Tensor>& in) {
      std::vector<tg::Tensor> copy = in;
      copy[i] = in[i].expand(full);
      return fn(copy);
    };
    variants.push_back({at + "expanded)", expanded, replaced(narrow)});
  }
  return variants;
}

}  // namespace op_test
