#pragma once
/// TG_ARG: a chainable option field, as LibTorch's TORCH_ARG. Inside an options struct,
/// `TG_ARG(double, p) = 0.5;` declares a private field `p_` (default 0.5), a setter `p(value)`
/// returning the options object (so setters chain) and a getter `p()`:
///
///     struct DropoutOptions {
///       TG_ARG(double, p) = 0.5;
///     };
///     auto options = DropoutOptions().p(0.2);  // options.p() == 0.2
/// Like TORCH_ARG, the macro leaves the struct in `private:`; write it last or re-open `public:`.
#include <utility>

#define TG_ARG(T, name)                                           \
 public:                                                          \
  inline auto name(const T& new_##name)->decltype(*this) {        \
    this->name##_ = new_##name;                                   \
    return *this;                                                 \
  }                                                               \
  inline auto name(T&& new_##name)->decltype(*this) {             \
    this->name##_ = std::move(new_##name);                        \
    return *this;                                                 \
  }                                                               \
  inline const T& name() const noexcept { return this->name##_; } \
  inline T& name() noexcept { return this->name##_; }             \
                                                                  \
 private:                                                         \
  T name##_
