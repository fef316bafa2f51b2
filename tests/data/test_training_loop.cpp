// The README's training loop over make_data_loader, on the MNIST test images (10 000, so it
// runs in seconds): one epoch of a 784-128-10 MLP with Adam must learn the digits.
#include "data/data_test_support.hpp"

#include <tapegrad/tapegrad.hpp>

namespace tg = tapegrad;

BOOST_AUTO_TEST_SUITE(data_training_loop)

BOOST_AUTO_TEST_CASE(one_epoch_of_an_mlp_over_the_loader_learns_mnist) {
  tg_test::data_file("mnist/t10k-images-idx3-ubyte.gz");
  namespace data = tg::data;
  tg::manual_seed(0);
  data::datasets::MNIST digits(data::data_dir("mnist", tg_test::data_root()), data::datasets::MNIST::Mode::kTest);
  auto loader =
      data::make_data_loader(digits.map(data::transforms::Normalize<>(0.1307, 0.3081)).map(data::transforms::Stack<>()),
                             data::DataLoaderOptions().batch_size(128).workers(2).drop_last(true));

  auto net = tg::nn::Sequential(tg::nn::Flatten(), tg::nn::Linear(784, 128), tg::nn::ReLU(), tg::nn::Linear(128, 10));
  tg::optim::Adam optimizer(net->parameters(), tg::optim::AdamOptions(1e-3));
  double first_loss = 0, last_loss = 0;
  int steps = 0;
  for (auto& batch : *loader) {
    optimizer.zero_grad();
    tg::Tensor loss = tg::nn::functional::cross_entropy(net->forward(batch.data), batch.target);
    loss.backward();
    optimizer.step();
    last_loss = loss.item<double>();
    if (steps++ == 0) first_loss = last_loss;
  }
  BOOST_TEST(steps == 78);
  BOOST_TEST(first_loss > 2.0);  // about ln(10) at the start
  BOOST_TEST(last_loss < 0.6);

  tg::NoGradGuard no_grad;
  auto eval = data::make_data_loader<data::samplers::SequentialSampler>(
      digits.map(data::transforms::Normalize<>(0.1307, 0.3081)).map(data::transforms::Stack<>()),
      data::DataLoaderOptions(1000));
  std::int64_t correct = 0;
  for (auto& batch : *eval)
    correct += net->forward(batch.data).argmax(1).eq(batch.target).to(tg::kFloat64).sum().item<std::int64_t>();
  BOOST_TEST(static_cast<double>(correct) / 10000 > 0.85);
}

BOOST_AUTO_TEST_SUITE_END()
