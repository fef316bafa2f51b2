#pragma once
// The one wording of the optimizers' option errors, "<optimizer>: invalid <option> <value> (must
// be ...)": it names the option and the value rejected, and tests match it word for word.
#include <initializer_list>
#include <tapegrad/autograd/error.hpp>
#include <utility>

namespace tapegrad {
namespace optim {
namespace detail {

// An option as messages name it ("learning rate", "betas[0]") and its value.
using NamedOption = std::pair<const char*, double>;

// Throws for the first option below 0, in the order given (NaN fails too).
inline void check_non_negative(const char* optimizer, std::initializer_list<NamedOption> options) {
  for (const auto& [option, value] : options)
    TG_CHECK(value >= 0, optimizer, "invalid ", option, " ", value, " (must be >= 0)");
}

// Throws for the first option outside [0, 1), in the order given: what a moving average's decay
// rate must be.
inline void check_in_zero_to_one(const char* optimizer, std::initializer_list<NamedOption> options) {
  for (const auto& [option, value] : options)
    TG_CHECK(value >= 0 && value < 1, optimizer, "invalid ", option, " ", value, " (must be in [0, 1))");
}

}  // namespace detail
}  // namespace optim
}  // namespace tapegrad
