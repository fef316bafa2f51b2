// Separate models trained in separate threads do not interfere: each gets exactly the numbers
// it gets alone. Under ThreadSanitizer (cmake -DTAPEGRAD_SANITIZE_THREAD=ON) this also shows
// that the engine, its counters and the random generator are free of data races.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <thread>
#include <vector>

#include <tapegrad/tapegrad.hpp>

namespace tg = tapegrad;

namespace {

// A 4-16-1 regression model with its data, made from a seed (in the calling thread).
struct Run {
  tg::nn::Linear hidden{nullptr}, out{nullptr};
  tg::Tensor x, y;
  std::vector<float> losses;
};

Run make_run(std::uint64_t seed) {
  tg::manual_seed(seed);
  Run run;
  run.hidden = tg::nn::Linear(4, 16);
  run.out = tg::nn::Linear(16, 1);
  run.x = tg::randn({64, 4});
  run.y = tg::tanh(tg::matmul(run.x, tg::randn({4, 1})));
  return run;
}

// Trains with Adam; dropout draws from the shared generator, so it is off here: the numbers
// must not depend on how the threads interleave.
void train(Run& run, int steps) {
  std::vector<tg::Tensor> params = run.hidden->parameters();
  for (const auto& p : run.out->parameters()) params.push_back(p);
  tg::optim::Adam optimizer(params, tg::optim::AdamOptions(0.01));
  for (int step = 0; step < steps; ++step) {
    optimizer.zero_grad();
    tg::Tensor prediction = run.out->forward(tg::relu(run.hidden->forward(run.x)));
    tg::Tensor loss = tg::nn::functional::mse_loss(prediction, run.y);
    loss.backward();
    optimizer.step();
    run.losses.push_back(loss.item<float>());
  }
}

}  // namespace

BOOST_AUTO_TEST_CASE(two_models_trained_in_two_threads_match_training_them_alone) {
  const int steps = 150;
  Run alone_a = make_run(1), alone_b = make_run(2);
  train(alone_a, steps);
  train(alone_b, steps);

  Run a = make_run(1), b = make_run(2);
  std::thread ta([&] { train(a, steps); });
  std::thread tb([&] { train(b, steps); });
  ta.join();
  tb.join();
  BOOST_TEST(a.losses == alone_a.losses, boost::test_tools::per_element());
  BOOST_TEST(b.losses == alone_b.losses, boost::test_tools::per_element());
  BOOST_TEST(a.losses.back() < a.losses.front() * 0.2f);
}

BOOST_AUTO_TEST_CASE(threads_drawing_random_numbers_never_lose_or_repeat_draws) {
  // The generator is one locked stream: together the threads consume exactly the numbers one
  // thread would, each draw once (their order between threads is unspecified, as in PyTorch).
  const int per_thread = 2000;
  tg::manual_seed(42);
  std::vector<std::int64_t> expected = tg::randint(0, 1LL << 62, {2 * per_thread}).to_vector<std::int64_t>();
  tg::manual_seed(42);
  std::vector<std::int64_t> first, second;
  auto draw = [](std::vector<std::int64_t>& into) {
    for (int i = 0; i < per_thread; ++i) into.push_back(tg::randint(0, 1LL << 62, {1}).item<std::int64_t>());
  };
  std::thread t1([&] { draw(first); });
  std::thread t2([&] { draw(second); });
  t1.join();
  t2.join();
  std::vector<std::int64_t> all = first;
  all.insert(all.end(), second.begin(), second.end());
  std::sort(all.begin(), all.end());
  std::sort(expected.begin(), expected.end());
  BOOST_TEST(all == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(grad_mode_is_per_thread) {
  tg::NoGradGuard no_grad;
  bool other_thread_records = false;
  std::thread t([&] {
    tg::Tensor w = tg::ones({2}).requires_grad_();
    other_thread_records = (w * 2.0).requires_grad();
  });
  t.join();
  BOOST_TEST(other_thread_records);
  BOOST_TEST(!(tg::ones({2}).requires_grad_() * 2.0).requires_grad());
}
