// Compiled by the headers_* tests under every standard and compiler the library supports, with
// warnings as errors: a public header that breaks a user's build fails here first.
#include <tapegrad/tapegrad.hpp>

int main() {
  namespace tg = tapegrad;
  tg::Tensor w = tg::randn({3, 2}).requires_grad_();
  tg::Tensor loss = tg::matmul(tg::ones({4, 3}), w).sum();
  loss.backward();
  return w.grad().numel() == 6 ? 0 : 1;
}
