#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/nn/convert_parameters.hpp>

namespace tapegrad::nn::utils {

Tensor parameters_to_vector(const std::vector<Tensor>& parameters) {
  TG_CHECK(!parameters.empty(), "parameters_to_vector", "got an empty parameter list");
  NoGradGuard no_grad;
  std::vector<Tensor> flat;
  for (const auto& p : parameters) {
    TG_CHECK(p.defined(), "parameters_to_vector", "a parameter is undefined");
    TG_CHECK(p.dtype() == parameters.front().dtype(), "parameters_to_vector",
             "parameters of different dtypes cannot share one vector");
    flat.push_back(p.reshape({p.numel()}));
  }
  return cat(flat, 0);
}

void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters) {
  TG_CHECK(vec.defined() && vec.dim() == 1, "vector_to_parameters", "expected a 1-D vector");
  std::int64_t total = 0;
  for (const auto& p : parameters) total += p.numel();
  TG_CHECK(vec.numel() == total, "vector_to_parameters", "the vector has ", vec.numel(), " elements, the parameters ",
           total);
  NoGradGuard no_grad;
  std::int64_t offset = 0;
  for (auto p : parameters) {
    p.copy_(vec.narrow(0, offset, p.numel()).reshape(p.shape()));
    offset += p.numel();
  }
}

}  // namespace tapegrad::nn::utils
