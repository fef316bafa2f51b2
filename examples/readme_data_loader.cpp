#include <iostream>
#include <tapegrad/tapegrad.hpp>
namespace tg = tapegrad;
namespace data = tg::data;

int main() {  // MNIST from $TAPEGRAD_DATA/mnist (or ~/.cache/tapegrad/data/mnist) through make_data_loader
  tg::manual_seed(0);
  data::datasets::MNIST train(data::data_dir("mnist"), data::datasets::MNIST::Mode::kTrain);
  auto loader =
      data::make_data_loader(train.map(data::transforms::Normalize<>(0.1307, 0.3081)).map(data::transforms::Stack<>()),
                             data::DataLoaderOptions().batch_size(128).workers(2).drop_last(true));

  tg::nn::Sequential net(tg::nn::Flatten(), tg::nn::Linear(784, 128), tg::nn::ReLU(), tg::nn::Linear(128, 10));
  tg::optim::Adam optimizer(net->parameters(), tg::optim::AdamOptions(1e-3));
  for (int epoch = 1; epoch <= 5; ++epoch) {
    double loss_sum = 0;
    int batches = 0;
    for (auto& batch : *loader) {  // batch.data [128,1,28,28] float, batch.target [128] int64
      optimizer.zero_grad();
      tg::Tensor loss = tg::nn::functional::cross_entropy(net->forward(batch.data), batch.target);
      loss.backward();
      optimizer.step();
      loss_sum += loss.item<double>(), ++batches;
    }
    std::cout << "epoch " << epoch << "  mean loss " << loss_sum / batches << "\n";
  }
}
