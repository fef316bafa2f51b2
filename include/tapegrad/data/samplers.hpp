#pragma once
/// Samplers as torch::data::samplers: which indices make the next batch.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace tapegrad::data::samplers {

/// Hands out batches of indices, `next(batch_size)`, until an epoch is done (nullopt);
/// `reset()` starts the next epoch.
template <typename BatchRequest = std::vector<std::size_t>>
class Sampler {
 public:
  using BatchRequestType = BatchRequest;
  virtual ~Sampler() = default;
  /// Starts a new epoch, over `new_size` indices when given.
  virtual void reset(std::optional<std::size_t> new_size) = 0;
  /// The next batch of at most `batch_size` indices, or nullopt at the end of the epoch.
  virtual std::optional<BatchRequest> next(std::size_t batch_size) = 0;
};

/// 0, 1, 2, ..., size - 1, every epoch.
class SequentialSampler : public Sampler<> {
 public:
  explicit SequentialSampler(std::size_t size);
  void reset(std::optional<std::size_t> new_size = std::nullopt) override;
  std::optional<std::vector<std::size_t>> next(std::size_t batch_size) override;
  /// How many indices this epoch has handed out.
  std::size_t index() const noexcept { return index_; }

 private:
  std::size_t size_;
  std::size_t index_ = 0;
};

/// A random permutation of 0..size-1 per epoch (every index exactly once), decided up front by
/// the seed and the epoch number alone: the same seed gives the same batches on every run,
/// whatever the DataLoader's worker count. Without a seed it draws one from tapegrad's global
/// generator, so `tg::manual_seed(s)` before creating it fixes the order.
///
///     tg::data::samplers::RandomSampler sampler(60000, /*seed=*/42);
///     auto first = sampler.next(128);  // 128 distinct indices
class RandomSampler : public Sampler<> {
 public:
  explicit RandomSampler(std::int64_t size);
  RandomSampler(std::int64_t size, std::uint64_t seed);
  /// The next epoch's permutation (the constructor already made epoch 0's, which the first
  /// reset keeps, so a DataLoader's first epoch is epoch 0).
  void reset(std::optional<std::size_t> new_size = std::nullopt) override;
  std::optional<std::vector<std::size_t>> next(std::size_t batch_size) override;
  std::size_t index() const noexcept { return index_; }
  std::uint64_t seed() const noexcept { return seed_; }
  /// The epoch the current permutation belongs to (0 first).
  std::uint64_t epoch() const noexcept { return epoch_; }

 private:
  void shuffle();
  std::uint64_t seed_;
  std::uint64_t epoch_ = 0;
  bool fresh_ = true;
  std::vector<std::size_t> indices_;
  std::size_t index_ = 0;
};

}  // namespace tapegrad::data::samplers
