#include <tapegrad/data/dataloader.hpp>

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#if defined(__linux__)
#include <pthread.h>
#include <sched.h>
#endif

namespace tapegrad::data {

namespace {

std::string worker_message(const std::exception_ptr& original, std::size_t batch, std::size_t sample) {
  std::string message = "DataLoader: batch " + std::to_string(batch);
  if (sample != static_cast<std::size_t>(-1)) message += ", sample " + std::to_string(sample);
  try {
    std::rethrow_exception(original);
  } catch (const std::exception& e) {
    return message + ": " + e.what();
  } catch (...) {
    return message + ": an exception that is not a std::exception";
  }
}

}  // namespace

WorkerException::WorkerException(std::exception_ptr original, std::size_t batch_index, std::size_t sample_index)
    : Error(worker_message(original, batch_index, sample_index)),
      original_exception(std::move(original)),
      batch(batch_index),
      sample(sample_index) {}

}  // namespace tapegrad::data

namespace tapegrad::data::detail {

void check_options(const DataLoaderOptions& options, std::optional<std::size_t> dataset_size) {
  TG_CHECK(options.batch_size() > 0, "DataLoader", "batch_size must be positive, got 0");
  TG_CHECK(!options.max_jobs() || *options.max_jobs() > 0, "DataLoader", "max_jobs must be positive, got 0");
  TG_CHECK(options.enforce_ordering(), "DataLoader",
           "enforce_ordering(false) is not supported: batches always come in sampler order");
  TG_CHECK(dataset_size.has_value(), "DataLoader", "the dataset has no size");
}

struct Prefetcher::State {
  std::function<void(std::size_t)> make;
  std::size_t count = 0, capacity = 0;
  std::mutex mutex;
  std::condition_variable space, finished;
  std::size_t next_job = 0;  // the next job a worker takes
  std::size_t released = 0;  // jobs below this were handed to the consumer
  bool stopping = false;
  std::vector<char> done;
  std::vector<std::exception_ptr> errors;
  std::vector<std::thread> threads;

  void work() {
#if defined(__linux__) && defined(SCHED_BATCH)
    // A worker woken to make the next batch must not preempt the training loop on its own core
    // (Linux gives a freshly woken thread the core at once): on a machine with no idle core
    // every batch then cost the loop the whole time of making it plus two context switches
    // (median wait 66 us with 2 workers against 50 us without workers). SCHED_BATCH drops that
    // wake-up preference and nothing else: a worker still gets an idle core at once.
    sched_param normal{};
    pthread_setschedparam(pthread_self(), SCHED_BATCH, &normal);
#endif
    for (;;) {
      std::size_t job = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        space.wait(lock, [&] { return stopping || next_job >= count || next_job < released + capacity; });
        if (stopping || next_job >= count) return;
        job = next_job++;
      }
      std::exception_ptr error;
      try {
        make(job);
      } catch (...) {
        error = std::current_exception();
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        done[job] = 1;
        errors[job] = error;
      }
      finished.notify_all();
    }
  }
};

Prefetcher::Prefetcher(std::size_t workers, std::size_t capacity, std::size_t count,
                       std::function<void(std::size_t)> make)
    : state_(std::make_unique<State>()) {
  state_->make = std::move(make);
  state_->count = count;
  state_->capacity = capacity;
  state_->done.assign(count, 0);
  state_->errors.resize(count);
  state_->threads.reserve(workers);
  try {
    for (std::size_t w = 0; w < workers; ++w) state_->threads.emplace_back([s = state_.get()] { s->work(); });
  } catch (...) {
    stop();
    throw;
  }
}

Prefetcher::~Prefetcher() { stop(); }

std::exception_ptr Prefetcher::wait(std::size_t job) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (job > state_->released) {
    state_->released = job;
    state_->space.notify_all();
  }
  state_->finished.wait(lock, [&] { return state_->done[job] != 0; });
  // the consumer now holds `job`: workers may run up to `capacity` jobs beyond it
  state_->released = job + 1;
  state_->space.notify_all();
  return state_->errors[job];
}

void Prefetcher::stop() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->space.notify_all();
  for (auto& thread : state_->threads)
    if (thread.joinable()) thread.join();
  state_->threads.clear();
}

void rethrow_batch_error(std::exception_ptr error, std::size_t batch, std::size_t sample) {
  throw WorkerException(std::move(error), batch, sample);
}

}  // namespace tapegrad::data::detail
