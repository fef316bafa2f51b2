#pragma once
/// Flattening parameters into one vector and back, as torch::nn::utils spells it.
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::nn::utils {

/// The parameters flattened and concatenated into one 1-D tensor (a copy, not recorded on the
/// tape), in the dtype of the first; throws for an empty list or mixed dtypes.
///
///     tg::Tensor theta = tg::nn::utils::parameters_to_vector(net->parameters());
Tensor parameters_to_vector(const std::vector<Tensor>& parameters);

/// Copies consecutive slices of the 1-D `vec` into `parameters` in place (not recorded);
/// throws unless vec.numel() equals the parameters' total size.
///
///     tg::nn::utils::vector_to_parameters(theta, net->parameters());
void vector_to_parameters(const Tensor& vec, const std::vector<Tensor>& parameters);

}  // namespace tapegrad::nn::utils
