#pragma once
/// The DataLoader as torch::data spells it: `make_data_loader(dataset, options)` and a range-for
/// over its batches, made ahead by worker threads.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>
#include <vector>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/dataset.hpp>
#include <tapegrad/data/samplers.hpp>

namespace tapegrad::data {

/// Options of a DataLoader, checked when the loader is made:
///     DataLoaderOptions().batch_size(128).workers(2).drop_last(true).seed(7)
/// Each setter returns the options; the same name without argument reads it.
class DataLoaderOptions {
 public:
  DataLoaderOptions() = default;
  explicit DataLoaderOptions(std::size_t batch_size) : batch_size_(batch_size) {}

  /// Examples per batch (default 1).
  DataLoaderOptions& batch_size(std::size_t value) { return set(batch_size_, value); }
  std::size_t batch_size() const noexcept { return batch_size_; }
  /// Threads making batches ahead of the loop (default 0: batches are made in the loop's thread).
  /// On Linux they run under SCHED_BATCH, so that waking one never preempts the training loop.
  DataLoaderOptions& workers(std::size_t value) { return set(workers_, value); }
  std::size_t workers() const noexcept { return workers_; }
  /// How many batches may be made ahead of the one the loop holds (default 2 * workers).
  DataLoaderOptions& max_jobs(std::size_t value) { return set(max_jobs_, std::optional<std::size_t>(value)); }
  std::optional<std::size_t> max_jobs() const noexcept { return max_jobs_; }
  /// Drop the last batch of an epoch when it is smaller than batch_size (default false).
  DataLoaderOptions& drop_last(bool value) { return set(drop_last_, value); }
  bool drop_last() const noexcept { return drop_last_; }
  /// Batches always come in sampler order; accepted for LibTorch code, false is refused.
  DataLoaderOptions& enforce_ordering(bool value) { return set(enforce_ordering_, value); }
  bool enforce_ordering() const noexcept { return enforce_ordering_; }
  /// The RandomSampler's seed (default: drawn from tapegrad's generator when the loader is
  /// made, so tg::manual_seed fixes it).
  DataLoaderOptions& seed(std::uint64_t value) { return set(seed_, std::optional<std::uint64_t>(value)); }
  std::optional<std::uint64_t> seed() const noexcept { return seed_; }

 private:
  template <typename T, typename U>
  DataLoaderOptions& set(T& field, U value) {
    field = std::move(value);
    return *this;
  }
  std::size_t batch_size_ = 1;
  std::size_t workers_ = 0;
  std::optional<std::size_t> max_jobs_;
  bool drop_last_ = false;
  bool enforce_ordering_ = true;
  std::optional<std::uint64_t> seed_;
};

/// What an exception thrown while making a batch becomes when it reaches the training loop, as
/// torch::data::WorkerException: `original_exception` is the exception itself (rethrow it to
/// handle it by type), what() names where it happened and then the original message:
///
///     DataLoader: batch 3, sample 37: Counting: cannot read example 37
///
/// It is a tapegrad::Error, so `catch (const tg::Error&)` sees it too. Unlike LibTorch, which
/// wraps only with worker threads, every worker count gives the same exception.
struct WorkerException : Error {
  WorkerException(std::exception_ptr original, std::size_t batch, std::size_t sample);
  /// The exception the dataset, transform or collation threw.
  std::exception_ptr original_exception;
  /// The batch's position in the epoch.
  std::size_t batch;
  /// The index of the sample being read, or std::size_t(-1) when the failure was not inside
  /// one sample's get() (a collation, a batch-level get_batch).
  std::size_t sample;
};

namespace detail {

/// Throws tapegrad::Error "DataLoader: <option> ..." for invalid options.
void check_options(const DataLoaderOptions& options, std::optional<std::size_t> dataset_size);

/// Splits one epoch of `sampler` into batches (dropping a short last one when asked).
template <typename Sampler>
std::vector<std::vector<std::size_t>> epoch_batches(Sampler& sampler, std::size_t batch_size, bool drop_last) {
  std::vector<std::vector<std::size_t>> batches;
  while (auto request = sampler.next(batch_size)) {
    if (request->empty()) break;
    if (drop_last && request->size() < batch_size) break;
    batches.push_back(std::vector<std::size_t>(request->begin(), request->end()));
  }
  return batches;
}

/// Runs make(job) for jobs 0..count-1 on `workers` threads, never more than `capacity` jobs
/// past the last one released, and hands results over in job order. Joins its threads when
/// stopped or destroyed, even when jobs are waiting.
class Prefetcher {
 public:
  Prefetcher(std::size_t workers, std::size_t capacity, std::size_t count, std::function<void(std::size_t)> make);
  ~Prefetcher();
  Prefetcher(const Prefetcher&) = delete;
  Prefetcher& operator=(const Prefetcher&) = delete;
  /// Waits until job `job` has run; its exception, if it threw. Releases jobs before it.
  std::exception_ptr wait(std::size_t job);
  /// Stops handing out jobs and joins the threads.
  void stop();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Rethrows `error` from batch `batch` as a WorkerException naming the batch and the sample.
[[noreturn]] void rethrow_batch_error(std::exception_ptr error, std::size_t batch, std::size_t sample);

template <typename Sampler>
Sampler make_sampler(std::size_t size, const DataLoaderOptions& options) {
  if constexpr (std::is_constructible_v<Sampler, std::int64_t, std::uint64_t>) {
    const std::uint64_t seed = options.seed() ? *options.seed() : random::next_u64();
    return Sampler(static_cast<std::int64_t>(size), seed);
  } else {
    return Sampler(size);
  }
}

}  // namespace detail

/// Iterates a dataset in batches of sampler order: `for (auto& batch : *loader)`. Each range-for
/// (each begin()) is one epoch. With workers, batches are made ahead on threads into a bounded
/// queue and come out in the same order as without workers, so a seed gives the same batches
/// whatever the worker count. An exception thrown making a batch reaches the loop when it gets
/// to that batch; leaving the loop early (break, exception) is fine: the workers are stopped at
/// the next begin() or when the loader is destroyed.
template <typename DatasetType, typename SamplerType = samplers::RandomSampler>
class StatelessDataLoader {
 public:
  using BatchType = typename DatasetType::BatchType;
  using BatchRequestType = std::vector<std::size_t>;

  StatelessDataLoader(DatasetType dataset, SamplerType sampler, DataLoaderOptions options)
      : dataset_(std::move(dataset)), sampler_(std::move(sampler)), options_(std::move(options)) {
    detail::check_options(options_, dataset_.size());
  }
  ~StatelessDataLoader() { stop(); }
  StatelessDataLoader(const StatelessDataLoader&) = delete;
  StatelessDataLoader& operator=(const StatelessDataLoader&) = delete;

  /// A forward iterator over one epoch's batches; `*it` is the current batch.
  class Iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = BatchType;
    using difference_type = std::ptrdiff_t;
    using pointer = BatchType*;
    using reference = BatchType&;
    Iterator() = default;
    explicit Iterator(StatelessDataLoader* loader) : loader_(loader) {}
    BatchType& operator*() const { return *loader_->current_; }
    BatchType* operator->() const { return &*loader_->current_; }
    Iterator& operator++() {
      loader_->advance();
      return *this;
    }
    bool operator==(const Iterator& other) const { return done() == other.done(); }
    bool operator!=(const Iterator& other) const { return !(*this == other); }

   private:
    bool done() const { return loader_ == nullptr || !loader_->current_.has_value(); }
    StatelessDataLoader* loader_ = nullptr;
  };

  /// Starts an epoch: resets the sampler, stops any workers of an unfinished one.
  Iterator begin() {
    stop();
    sampler_.reset(dataset_.size());
    batches_ = detail::epoch_batches(sampler_, options_.batch_size(), options_.drop_last());
    slots_.clear();
    slots_.resize(batches_.size());
    failed_sample_.assign(batches_.size(), static_cast<std::size_t>(-1));
    position_ = 0;
    if (options_.workers() > 0 && !batches_.empty()) {
      const std::size_t capacity = options_.max_jobs() ? *options_.max_jobs() : 2 * options_.workers();
      prefetcher_ = std::make_unique<detail::Prefetcher>(options_.workers(), capacity, batches_.size(),
                                                         [this](std::size_t job) { slots_[job] = make_batch(job); });
    }
    load_current();
    return Iterator(this);
  }
  Iterator end() { return Iterator(); }

  const DataLoaderOptions& options() const noexcept { return options_; }
  DatasetType& dataset() noexcept { return dataset_; }
  SamplerType& sampler() noexcept { return sampler_; }
  /// The number of batches of the epoch begin() started.
  std::size_t batches_per_epoch() const noexcept { return batches_.size(); }

 private:
  BatchType make_batch(std::size_t job) {
    detail::current_sample() = static_cast<std::size_t>(-1);
    try {
      return dataset_.get_batch(batches_[job]);
    } catch (...) {
      failed_sample_[job] = detail::current_sample();
      throw;
    }
  }

  void load_current() {
    current_.reset();
    if (position_ >= batches_.size()) {
      stop();
      return;
    }
    if (prefetcher_) {
      if (std::exception_ptr error = prefetcher_->wait(position_))
        detail::rethrow_batch_error(error, position_, failed_sample_[position_]);
      current_ = std::move(slots_[position_]);
      slots_[position_].reset();
    } else {
      try {
        current_ = make_batch(position_);
      } catch (...) {
        detail::rethrow_batch_error(std::current_exception(), position_, failed_sample_[position_]);
      }
    }
  }

  void advance() {
    ++position_;
    load_current();
  }

  void stop() {
    if (prefetcher_) prefetcher_->stop();
    prefetcher_.reset();
  }

  DatasetType dataset_;
  SamplerType sampler_;
  DataLoaderOptions options_;
  std::vector<std::vector<std::size_t>> batches_;
  std::vector<std::optional<BatchType>> slots_;
  std::vector<std::size_t> failed_sample_;
  std::size_t position_ = 0;
  std::optional<BatchType> current_;
  std::unique_ptr<detail::Prefetcher> prefetcher_;
};

/// A loader over `dataset` with a RandomSampler (the default) or the given sampler type:
///     auto loader = tg::data::make_data_loader(std::move(dataset),
///                                              tg::data::DataLoaderOptions().batch_size(128).workers(2));
///     for (auto& batch : *loader) { ... batch.data, batch.target ... }
///     auto ordered = tg::data::make_data_loader<tg::data::samplers::SequentialSampler>(dataset, 64);
template <typename Sampler = samplers::RandomSampler, typename Dataset>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset,
                                                                        DataLoaderOptions options = {}) {
  const std::optional<std::size_t> size = dataset.size();
  TG_CHECK(size.has_value(), "make_data_loader", "the dataset has no size (a stateful dataset is not supported)");
  Sampler sampler = detail::make_sampler<Sampler>(*size, options);
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(std::move(dataset), std::move(sampler),
                                                                 std::move(options));
}

/// The same with only a batch size.
template <typename Sampler = samplers::RandomSampler, typename Dataset>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset, std::size_t batch_size) {
  return make_data_loader<Sampler>(std::move(dataset), DataLoaderOptions(batch_size));
}

/// With a sampler object, as LibTorch's make_data_loader(dataset, sampler, options).
template <typename Dataset, typename Sampler,
          typename = std::enable_if_t<!std::is_arithmetic_v<Sampler> &&
                                      !std::is_same_v<std::decay_t<Sampler>, DataLoaderOptions>>>
std::unique_ptr<StatelessDataLoader<Dataset, Sampler>> make_data_loader(Dataset dataset, Sampler sampler,
                                                                        DataLoaderOptions options = {}) {
  return std::make_unique<StatelessDataLoader<Dataset, Sampler>>(std::move(dataset), std::move(sampler),
                                                                 std::move(options));
}

}  // namespace tapegrad::data
