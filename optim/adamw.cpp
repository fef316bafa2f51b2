#include <tapegrad/optim/adamw.hpp>

namespace tapegrad {
namespace optim {

AdamW::AdamW(std::vector<Tensor> params, AdamWOptions defaults)
    : AdamFamily("AdamW", std::move(params), std::move(defaults)) {}

AdamW::AdamW(const std::vector<OptimizerParamGroup>& param_groups, AdamWOptions defaults)
    : AdamFamily("AdamW", param_groups, std::move(defaults)) {}

}  // namespace optim
}  // namespace tapegrad
