#pragma once
/// The one exception type tapegrad throws for user errors, and the check helper that builds it.
#include <sstream>
#include <stdexcept>
#include <string>

namespace tapegrad {

/// Thrown for every error a user can cause: wrong shapes, bad axes, dtype mixing, bad files,
/// bad options. The message always starts with the op, module or file concerned, e.g.
/// `matmul: cannot multiply [3,4] by [5,2]`.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace detail {
template <typename... Parts>
[[noreturn]] void fail(const char* where, const Parts&... parts) {
  std::ostringstream message;
  message << where << ": ";
  (message << ... << parts);
  throw Error(message.str());
}
}  // namespace detail

/// Always-on check (also in Release builds): `TG_CHECK(a.dim() == 2, "matmul", "expected ...")`.
#define TG_CHECK(condition, where, ...)                             \
  do {                                                              \
    if (!(condition)) ::tapegrad::detail::fail(where, __VA_ARGS__); \
  } while (false)

}  // namespace tapegrad
