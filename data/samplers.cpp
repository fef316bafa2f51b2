#include <tapegrad/data/samplers.hpp>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>

#include <algorithm>
#include <numeric>

namespace tapegrad::data::samplers {

namespace {

/// SplitMix64: a small generator of our own, so an epoch's order depends on (seed, epoch)
/// only, the same on every platform and standard library.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Uniform on [0, bound) (Lemire's multiply-shift; the bias is below 2^-40 for any size).
  std::uint64_t below(std::uint64_t bound) {
    return static_cast<std::uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }
};

std::optional<std::vector<std::size_t>> take(const std::vector<std::size_t>* order, std::size_t size,
                                             std::size_t& index, std::size_t batch_size, const char* where) {
  TG_CHECK(batch_size > 0, where, "batch_size must be positive");
  if (index >= size) return std::nullopt;
  const std::size_t n = std::min(batch_size, size - index);
  std::vector<std::size_t> batch(n);
  for (std::size_t k = 0; k < n; ++k) batch[k] = order ? (*order)[index + k] : index + k;
  index += n;
  return batch;
}

}  // namespace

SequentialSampler::SequentialSampler(std::size_t size) : size_(size) {}

void SequentialSampler::reset(std::optional<std::size_t> new_size) {
  if (new_size) size_ = *new_size;
  index_ = 0;
}

std::optional<std::vector<std::size_t>> SequentialSampler::next(std::size_t batch_size) {
  return take(nullptr, size_, index_, batch_size, "SequentialSampler");
}

RandomSampler::RandomSampler(std::int64_t size) : RandomSampler(size, random::next_u64()) {}

RandomSampler::RandomSampler(std::int64_t size, std::uint64_t seed) : seed_(seed) {
  TG_CHECK(size >= 0, "RandomSampler", "size must be non-negative, got ", size);
  indices_.resize(static_cast<std::size_t>(size));
  shuffle();
}

void RandomSampler::shuffle() {
  std::iota(indices_.begin(), indices_.end(), std::size_t{0});
  SplitMix64 rng{seed_ ^ (0xD1B54A32D192ED03ULL * (epoch_ + 1))};
  for (std::size_t i = indices_.size(); i > 1; --i) std::swap(indices_[i - 1], indices_[rng.below(i)]);
  index_ = 0;
}

void RandomSampler::reset(std::optional<std::size_t> new_size) {
  const bool resized = new_size && *new_size != indices_.size();
  if (resized) indices_.resize(*new_size);
  if (!fresh_) ++epoch_;
  fresh_ = false;
  shuffle();
}

std::optional<std::vector<std::size_t>> RandomSampler::next(std::size_t batch_size) {
  fresh_ = false;
  return take(&indices_, indices_.size(), index_, batch_size, "RandomSampler");
}

}  // namespace tapegrad::data::samplers
