#include <tapegrad/autograd/creation.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <type_traits>

#include <tapegrad/autograd/tensor_impl.hpp>

namespace tapegrad {

namespace {

// xoshiro256** seeded through splitmix64: a fixed algorithm (unlike std::normal_distribution,
// whose output differs between standard libraries), so a seed gives the same numbers anywhere.
struct Generator {
  std::uint64_t s[4];
  bool has_spare_normal = false;
  double spare_normal = 0.0;

  explicit Generator(std::uint64_t seed) { reseed(seed); }

  void reseed(std::uint64_t seed) {
    for (auto& word : s) {
      seed += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      word = z ^ (z >> 31);
    }
    has_spare_normal = false;
  }

  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

  std::uint64_t next() {
    std::uint64_t result = rotl(s[1] * 5, 7) * 9;
    std::uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }

  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  double normal() {  // Box-Muller, both values used
    if (has_spare_normal) {
      has_spare_normal = false;
      return spare_normal;
    }
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    double r = std::sqrt(-2.0 * std::log(u1));
    spare_normal = r * std::sin(2.0 * M_PI * u2);
    has_spare_normal = true;
    return r * std::cos(2.0 * M_PI * u2);
  }
};

// One generator for the process, as PyTorch's default CPU generator: every random op holds its
// lock while it draws, so threads never race on the state, and a single-threaded program gets
// the same numbers from manual_seed on every run. (Threads drawing at once interleave their
// draws, as in PyTorch: seed and draw in one thread for reproducible streams.)
std::mutex generator_mutex;

Generator& generator() {
  static Generator g(0x5eed);
  return g;
}

using GeneratorLock = std::lock_guard<std::mutex>;

Tensor make(const Shape& shape, const TensorOptions& options, const char* op) {
  return detail::empty(detail::to_xshape(shape, op), options.dtype_, op);
}

Tensor finish(Tensor t, const TensorOptions& options) {
  if (options.requires_grad_) t.requires_grad_(true);
  return t;
}

template <typename F>
Tensor generate(const Shape& shape, const TensorOptions& options, const char* op, F&& draw) {
  Tensor t = make(shape, options, op);
  detail::dispatch_all(options.dtype_, [&](auto tag) {
    using T = decltype(tag);
    T* p = t.impl()->data<T>();
    for (std::size_t i = 0; i < t.impl()->numel(); ++i) {
      if constexpr (std::is_integral_v<T>)
        p[i] = detail::to_integral<T>(draw(i), op);
      else
        p[i] = static_cast<T>(draw(i));
    }
  });
  return finish(t, options);
}

Tensor from_values(const std::vector<double>& values, const Shape& shape, const TensorOptions& options) {
  return generate(shape, options, "tensor", [&](std::size_t i) { return values[i]; });
}

}  // namespace

Tensor from_vector(const std::vector<double>& values, const Shape& shape, TensorOptions options) {
  std::size_t n = detail::numel_of(detail::to_xshape(shape, "from_vector"));
  TG_CHECK(n == values.size(), "from_vector", "shape ", shape_to_string(shape), " needs ", n, " values, got ",
           values.size());
  return from_values(values, shape, options);
}

NestedList::NestedList(std::initializer_list<NestedList> items) : items_(items) {
  for (const NestedList& item : items_) dtype_ = promote_types(dtype_, item.dtype_);
  if (items_.empty()) dtype_ = kFloat32;
}

Shape NestedList::shape() const {
  if (is_scalar_) return {};
  Shape inner = items_.empty() ? Shape{} : items_.front().shape();
  for (const NestedList& item : items_)
    TG_CHECK(item.shape() == inner, "tensor", "nested lists must have equal lengths at every depth, got ",
             shape_to_string(inner), " and ", shape_to_string(item.shape()));
  Shape shape{static_cast<std::int64_t>(items_.size())};
  shape.insert(shape.end(), inner.begin(), inner.end());
  return shape;
}

void NestedList::flatten_into(std::vector<double>& out) const {
  if (is_scalar_) out.push_back(value_);
  for (const NestedList& item : items_) item.flatten_into(out);
}

void NestedList::flatten_into(std::vector<std::int64_t>& out) const {
  if (is_scalar_) out.push_back(integer_);
  for (const NestedList& item : items_) item.flatten_into(out);
}

Tensor tensor(const NestedList& values) { return tensor(values, values.inferred_dtype()); }

Tensor tensor(const NestedList& values, TensorOptions options) {
  if (!is_floating_point(values.inferred_dtype()) && !is_floating_point(options.dtype())) {
    std::vector<std::int64_t> exact;  // integers into an integer dtype: no double in between
    values.flatten_into(exact);
    detail::dispatch_all(options.dtype(), [&](auto tag) {  // refuse what would wrap, as the double path
      using T = decltype(tag);
      if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>)
        for (std::int64_t v : exact)
          TG_CHECK(v >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
                       (v < 0 || static_cast<std::uint64_t>(v) <= std::uint64_t{std::numeric_limits<T>::max()}),
                   "tensor", "value ", v, " cannot be converted to ", dtype_name(options.dtype()), " without overflow");
    });
    return tensor_from_int64(exact, options).reshape(values.shape());
  }
  std::vector<double> flat;
  values.flatten_into(flat);
  return from_values(flat, values.shape(), options);
}

Tensor tensor_from_doubles(const std::vector<double>& values, TensorOptions options) {
  return from_values(values, {static_cast<std::int64_t>(values.size())}, options);
}

Tensor tensor_from_int64(const std::vector<std::int64_t>& values, TensorOptions options) {
  Tensor t = make({static_cast<std::int64_t>(values.size())}, options, "tensor");
  detail::dispatch_all(options.dtype_, [&](auto tag) {
    using T = decltype(tag);
    std::transform(values.begin(), values.end(), t.impl()->data<T>(), [](std::int64_t v) { return static_cast<T>(v); });
  });
  return finish(t, options);
}

Tensor scalar_tensor(double value, TensorOptions options) { return from_values({value}, {}, options); }

Tensor full(const Shape& shape, double value, TensorOptions options) {
  return generate(shape, options, "full", [value](std::size_t) { return value; });
}
Tensor zeros(const Shape& shape, TensorOptions options) {
  return generate(shape, options, "zeros", [](std::size_t) { return 0.0; });
}
Tensor ones(const Shape& shape, TensorOptions options) {
  return generate(shape, options, "ones", [](std::size_t) { return 1.0; });
}
Tensor empty(const Shape& shape, TensorOptions options) { return finish(make(shape, options, "empty"), options); }
Tensor zeros_like(const Tensor& x) { return zeros(x.shape(), x.dtype()); }
Tensor ones_like(const Tensor& x) { return ones(x.shape(), x.dtype()); }
Tensor full_like(const Tensor& x, double value) { return full(x.shape(), value, x.dtype()); }

Tensor arange(Scalar end, TensorOptions options) { return arange(0, end, 1, options); }
Tensor arange(Scalar start, Scalar end, Scalar step, TensorOptions options) {
  const bool integral = !start.isFloatingPoint() && !end.isFloatingPoint() && !step.isFloatingPoint();
  if (integral && !options.has_dtype()) options = options.dtype(kInt64);
  if (integral && is_integral(options.dtype())) {
    // Exact in int64 however large the bounds (through double, 2^53 + 1 would be lost).
    const std::int64_t first = start.toLong(), last = end.toLong(), by = step.toLong();
    TG_CHECK(by != 0, "arange", "step must be non-zero");
    TG_CHECK(by > 0 ? first <= last : first >= last, "arange", "upper bound and step are inconsistent (start ", first,
             ", end ", last, ", step ", by, ")");
    // |last - first| and |by| as unsigned: no signed overflow at the int64 extremes.
    const std::uint64_t span = by > 0 ? static_cast<std::uint64_t>(last) - static_cast<std::uint64_t>(first)
                                      : static_cast<std::uint64_t>(first) - static_cast<std::uint64_t>(last);
    const std::uint64_t stride = by > 0 ? static_cast<std::uint64_t>(by) : 0 - static_cast<std::uint64_t>(by);
    const std::uint64_t count = span / stride + (span % stride != 0 ? 1 : 0);
    TG_CHECK(count < (std::uint64_t{1} << 62), "arange", "the range ", first, " -> ", last, " with step ", by,
             " has too many elements (", count, ")");
    Tensor t = make({static_cast<std::int64_t>(count)}, options, "arange");
    detail::dispatch_all(options.dtype_, [&](auto tag) {
      using T = decltype(tag);
      T* p = t.impl()->data<T>();
      for (std::uint64_t i = 0; i < count; ++i) {
        // first + by * i lies within [first, last] for i < count, so it is an int64; computed
        // unsigned (modulo 2^64), no intermediate overflows.
        const std::uint64_t offset = stride * i;
        const auto value = static_cast<std::int64_t>(by > 0 ? static_cast<std::uint64_t>(first) + offset
                                                            : static_cast<std::uint64_t>(first) - offset);
        if constexpr (std::is_same_v<T, bool>) {
          p[i] = value != 0;
        } else if constexpr (std::is_integral_v<T>) {
          TG_CHECK(value >= std::numeric_limits<T>::min() && value <= std::numeric_limits<T>::max(), "arange", "value ",
                   value, " does not fit ", dtype_name(options.dtype_));
          p[i] = static_cast<T>(value);
        } else {
          p[i] = static_cast<T>(value);
        }
      }
    });
    return finish(t, options);
  }
  const double from = start.toDouble(), to = end.toDouble(), by = step.toDouble();
  TG_CHECK(std::isfinite(from) && std::isfinite(to), "arange", "unsupported range: ", from, " -> ", to);
  TG_CHECK(by != 0.0, "arange", "step must be non-zero");
  TG_CHECK(std::isfinite(by), "arange", "step must be finite, got ", by);
  double count = std::ceil((to - from) / by);
  TG_CHECK(count >= 0, "arange", "upper bound and step are inconsistent (start ", from, ", end ", to, ", step ", by,
           ")");
  TG_CHECK(count < 0x1p62, "arange", "the range ", from, " -> ", to, " with step ", by, " has too many elements (",
           count, ")");
  auto n = static_cast<std::int64_t>(count);
  return generate({n}, options, "arange", [&](std::size_t i) { return from + by * static_cast<double>(i); });
}
Tensor linspace(double start, double end, std::int64_t steps, TensorOptions options) {
  TG_CHECK(steps >= 0, "linspace", "number of steps must be non-negative, got ", steps);
  double step = steps > 1 ? (end - start) / static_cast<double>(steps - 1) : 0.0;
  return generate({steps}, options, "linspace", [&](std::size_t i) {
    return steps > 1 && static_cast<std::int64_t>(i) == steps - 1 ? end : start + step * static_cast<double>(i);
  });
}
Tensor eye(std::int64_t n, std::int64_t m, TensorOptions options) {
  if (m < 0) m = n;
  TG_CHECK(n >= 0, "eye", "n must be non-negative, got ", n);
  auto cols = static_cast<std::size_t>(m);
  return generate({n, m}, options, "eye", [cols](std::size_t i) { return i / cols == i % cols ? 1.0 : 0.0; });
}

void manual_seed(std::uint64_t seed) {
  GeneratorLock lock(generator_mutex);
  generator().reseed(seed);
}

namespace random {
std::uint64_t next_u64() {
  GeneratorLock lock(generator_mutex);
  return generator().next();
}
double next_uniform() {
  GeneratorLock lock(generator_mutex);
  return generator().uniform();
}
double next_normal() {
  GeneratorLock lock(generator_mutex);
  return generator().normal();
}
}  // namespace random

Tensor rand(const Shape& shape, TensorOptions options) {
  TG_CHECK(is_floating_point(options.dtype_), "rand", "expected a floating-point dtype, got ",
           dtype_name(options.dtype_), " (use randint for integers)");
  GeneratorLock lock(generator_mutex);
  return generate(shape, options, "rand", [](std::size_t) { return generator().uniform(); });
}
Tensor randn(const Shape& shape, TensorOptions options) {
  TG_CHECK(is_floating_point(options.dtype_), "randn", "expected a floating-point dtype, got ",
           dtype_name(options.dtype_), " (use randint for integers)");
  GeneratorLock lock(generator_mutex);
  return generate(shape, options, "randn", [](std::size_t) { return generator().normal(); });
}
Tensor uniform(const Shape& shape, double low, double high, TensorOptions options) {
  TG_CHECK(low <= high, "uniform", "low (", low, ") must not exceed high (", high, ")");
  GeneratorLock lock(generator_mutex);
  return generate(shape, options, "uniform", [=](std::size_t) { return low + (high - low) * generator().uniform(); });
}
Tensor randint(std::int64_t low, std::int64_t high, const Shape& shape) {
  TG_CHECK(low < high, "randint", "low (", low, ") must be less than high (", high, ")");
  // In unsigned arithmetic: high - low exceeds INT64_MAX for randint(INT64_MIN, INT64_MAX, ...).
  std::uint64_t range = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
  Tensor t = make(shape, kInt64, "randint");
  GeneratorLock lock(generator_mutex);
  auto* p = t.impl()->data<std::int64_t>();
  for (std::size_t i = 0; i < t.impl()->numel(); ++i)
    p[i] = static_cast<std::int64_t>(static_cast<std::uint64_t>(low) + generator().next() % range);
  return t;
}
Tensor randperm(std::int64_t n) {
  TG_CHECK(n >= 0, "randperm", "n must be non-negative, got ", n);
  Tensor t = make({n}, kInt64, "randperm");
  std::int64_t* values = t.impl()->data<std::int64_t>();
  std::iota(values, values + n, std::int64_t{0});
  GeneratorLock lock(generator_mutex);
  for (std::int64_t i = n - 1; i > 0; --i) {  // Fisher-Yates
    auto j = static_cast<std::int64_t>(generator().next() % static_cast<std::uint64_t>(i + 1));
    std::swap(values[i], values[j]);
  }
  return t;
}

}  // namespace tapegrad
