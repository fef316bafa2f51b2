// Views and in-place semantics as in LibTorch: view ops share storage, writes through a view
// land in the tensor it views, compound assignment is in place, a stale saved tensor makes
// backward throw, and in-place ops on tensors that require grad are recorded.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <vector>

#include <tapegrad/tapegrad.hpp>

#include "autograd/op_test_support.hpp"
#include "support/test_support.hpp"

namespace tg = tapegrad;
using op_test::expect_gradcheck;
using op_test::expect_gradgradcheck;
using op_test::rnd;

namespace {

std::vector<float> values(const tg::Tensor& t) { return t.to_vector<float>(); }

// 0, 1, 2, ... as a float32 tensor of `shape`.
tg::Tensor iota(const tg::Shape& shape) {
  std::int64_t n = 1;
  for (auto s : shape) n *= s;
  return tg::arange(0.0, static_cast<double>(n), 1.0).reshape(shape);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(views_share_storage)

BOOST_AUTO_TEST_CASE(every_view_op_returns_a_view_of_the_same_storage) {
  tg::Tensor x = iota({3, 4});
  std::vector<std::pair<const char*, tg::Tensor>> views = {{"select", x.select(1, 2)},
                                                           {"narrow", x.narrow(0, 1, 2)},
                                                           {"slice with step", x.slice(1, 0, 4, 2)},
                                                           {"transpose", x.transpose(0, 1)},
                                                           {"permute", x.permute({1, 0})},
                                                           {"t", x.t()},
                                                           {"expand", x.select(0, 0).expand({2, 4})},
                                                           {"unsqueeze", x.unsqueeze(1)},
                                                           {"squeeze", x.unsqueeze(0).squeeze(0)},
                                                           {"view", x.view({2, 6})},
                                                           {"reshape", x.reshape({12})},
                                                           {"diagonal", x.diagonal()},
                                                           {"operator[]", x[1]},
                                                           {"detach", x.detach()}};
  for (const auto& [name, v] : views) BOOST_TEST(v.is_alias_of(x), name << " shares x's storage");
}

BOOST_AUTO_TEST_CASE(views_report_strides_and_offsets_as_libtorch_does) {
  tg::Tensor x = iota({3, 4});
  BOOST_TEST(x.strides() == (tg::Shape{4, 1}));
  BOOST_TEST(x.is_contiguous());
  tg::Tensor t = x.t();
  BOOST_TEST(t.strides() == (tg::Shape{1, 4}));
  BOOST_TEST(!t.is_contiguous());
  tg::Tensor s = x.slice(1, 1, 4, 2);
  BOOST_TEST(s.shape() == (tg::Shape{3, 2}));
  BOOST_TEST(s.strides() == (tg::Shape{4, 2}));
  BOOST_TEST(s.storage_offset() == 1);
  BOOST_TEST(values(s) == (std::vector<float>{1, 3, 5, 7, 9, 11}), boost::test_tools::per_element());
  BOOST_TEST(x[2].storage_offset() == 8);
  BOOST_TEST(x.select(0, 0).expand({5, 4}).strides() == (tg::Shape{0, 1}));
  tg::Tensor d = x.diagonal(1);
  BOOST_TEST(d.strides() == (tg::Shape{5}));
  BOOST_TEST(values(d) == (std::vector<float>{1, 6, 11}), boost::test_tools::per_element());
  BOOST_TEST(values(x.diagonal(-1)) == (std::vector<float>{4, 9}), boost::test_tools::per_element());
  BOOST_TEST(x.unsqueeze(2).strides() == (tg::Shape{4, 1, 1}));
  BOOST_TEST(t.unsqueeze(0).strides() == (tg::Shape{4, 1, 4}));  // as LibTorch
}

BOOST_AUTO_TEST_CASE(contiguous_copies_only_when_needed) {
  tg::Tensor x = iota({3, 4});
  BOOST_TEST(x.contiguous().data_ptr() == x.data_ptr());
  tg::Tensor t = x.t();
  tg::Tensor c = t.contiguous();
  BOOST_TEST(!c.is_alias_of(x));
  BOOST_TEST(c.is_contiguous());
  BOOST_TEST(values(c) == values(t), boost::test_tools::per_element());
  BOOST_TEST(values(t) == (std::vector<float>{0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11}), boost::test_tools::per_element());
  BOOST_TEST(x.data_ptr<float>() == static_cast<float*>(x.data_ptr()));
  BOOST_TEST(x[1].data_ptr<float>() == x.data_ptr<float>() + 4);
  TG_CHECK_THROWS_WITH(x.data_ptr<double>(), "data_ptr: expected a float64 tensor, got float32");
}

BOOST_AUTO_TEST_CASE(reshape_views_when_strides_allow_and_copies_otherwise) {
  tg::Tensor x = iota({2, 3, 4});
  BOOST_TEST(x.reshape({6, 4}).is_alias_of(x));
  tg::Tensor t = x.transpose(1, 2);  // [2,4,3]
  BOOST_TEST(t.reshape({2, 12}).is_alias_of(x) == false);
  BOOST_TEST(values(t.reshape({2, 12})) == values(t.contiguous()), boost::test_tools::per_element());
  // Merging the leading dimensions of a transposed tensor keeps the strides expressible.
  BOOST_TEST(t.reshape({8, 3}).is_alias_of(x) == false);
  BOOST_TEST(x.permute({1, 0, 2}).reshape({3, 2, 2, 2}).is_alias_of(x));
  BOOST_TEST(x.slice(2, 0, 4, 2).view({2, 3, 2}).is_alias_of(x));
  TG_CHECK_THROWS_WITH(t.view({24}), "view: view size is not compatible with input tensor's size and stride",
                       "use .reshape(...) instead");
}

BOOST_AUTO_TEST_CASE(ops_read_strided_inputs_correctly) {
  tg::Tensor x = iota({3, 4});
  tg::Tensor t = x.t();  // [4,3]
  BOOST_TEST(values(t + 1.0) == values(t.contiguous() + 1.0), boost::test_tools::per_element());
  BOOST_TEST(values(tg::matmul(t, x)) == values(tg::matmul(t.contiguous(), x)), boost::test_tools::per_element());
  BOOST_TEST(values(tg::matmul(x, x.slice(0, 0, 3).t())) == values(tg::matmul(x, x.t().contiguous())),
             boost::test_tools::per_element());
  tg::Tensor stepped = x.slice(1, 0, 4, 2);
  BOOST_TEST(
      values(tg::matmul(stepped.t(), stepped)) == values(tg::matmul(stepped.t().contiguous(), stepped.contiguous())),
      boost::test_tools::per_element());
  BOOST_TEST(values(t.sum(0)) == (std::vector<float>{6, 22, 38}), boost::test_tools::per_element());
  BOOST_TEST(values(tg::cat({t, t}, 1).select(0, 1)) == (std::vector<float>{1, 5, 9, 1, 5, 9}),
             boost::test_tools::per_element());
  BOOST_TEST(t.at<float>({3, 2}) == 11.0f);
  BOOST_TEST(x.select(0, 0).expand({2, 4}).sum().item<float>() == 12.0f);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(writes_through_views_land)

BOOST_AUTO_TEST_CASE(assignment_to_a_temporary_view_copies_into_it) {
  tg::Tensor X = tg::zeros({3, 4});
  X[1] = tg::ones({4});
  X.select(0, 2).fill_(7);
  X.narrow(1, 0, 1).copy_(tg::full({3, 1}, 5.0));
  BOOST_TEST(values(X) == (std::vector<float>{5, 0, 0, 0, 5, 1, 1, 1, 5, 7, 7, 7}), boost::test_tools::per_element());
  X[0][3] = 9.0;
  X.t()[1] = tg::tensor({-1.0, -2.0, -3.0});  // the second column, through a transpose
  BOOST_TEST(values(X) == (std::vector<float>{5, -1, 0, 9, 5, -2, 1, 1, 5, -3, 7, 7}),
             boost::test_tools::per_element());
  X[2] = 0.5;  // a scalar fills the view
  BOOST_TEST(values(X[2]) == (std::vector<float>{0.5, 0.5, 0.5, 0.5}), boost::test_tools::per_element());
  X[1].copy_(tg::tensor({4.0}));  // broadcasts
  BOOST_TEST(values(X[1]) == (std::vector<float>{4, 4, 4, 4}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(assignment_to_a_named_handle_rebinds_it) {
  tg::Tensor X = tg::zeros({2, 2});
  tg::Tensor row = X[0];
  row = tg::ones({2});  // a named tensor: the handle now refers to the ones, X is untouched
  BOOST_TEST(values(X) == (std::vector<float>{0, 0, 0, 0}), boost::test_tools::per_element());
  BOOST_TEST(values(row) == (std::vector<float>{1, 1}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(compound_assignment_is_in_place_on_views_too) {
  tg::Tensor X = tg::ones({2, 3});
  tg::Tensor alias = X;
  X += 1.0;
  X[0] *= 3.0;
  X.select(1, 2) -= tg::tensor({1.0, 2.0});
  X.t()[0] /= tg::tensor({2.0, 4.0});
  X[1] += X[0];  // reads the other row: no overlap
  BOOST_TEST(values(alias) == (std::vector<float>{3, 6, 5, 3.5, 8, 5}), boost::test_tools::per_element());
  tg::Tensor m = iota({2, 2});
  m += m.t();  // overlapping under another layout: read from a copy, as if out of place
  BOOST_TEST(values(m) == (std::vector<float>{0, 3, 3, 6}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(writing_to_an_expanded_view_is_refused) {
  tg::Tensor x = tg::zeros({3});
  tg::Tensor e = x.expand({2, 3});
  TG_CHECK_THROWS_WITH(e.add_(1.0), "add_: unsupported operation: more than one element of the written-to tensor");
  BOOST_TEST(values(x) == (std::vector<float>{0, 0, 0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(update_loops_train)

// The update step of the PyTorch tutorials, written four ways: each must change the model.
BOOST_AUTO_TEST_CASE(parameter_updates_written_as_in_the_tutorials_train_a_model) {
  for (int style = 0; style < 4; ++style) {
    tg::manual_seed(7);
    auto model = tg::nn::Linear(3, 1);
    tg::Tensor x = tg::randn({32, 3});
    tg::Tensor y = tg::matmul(x, tg::tensor({{1.0}, {-2.0}, {0.5}})) + 0.25;
    double first = 0, last = 0;
    for (int step = 0; step < 200; ++step) {
      tg::Tensor loss = tg::nn::functional::mse_loss(model->forward(x), y);
      if (step == 0) first = loss.item<double>();
      last = loss.item<double>();
      for (auto& p : model->parameters()) p.mutable_grad() = tg::Tensor();
      loss.backward();
      tg::NoGradGuard no_grad;
      for (auto& p : model->parameters()) {
        if (style == 0) p -= 0.1 * p.grad();
        if (style == 1) p.sub_(p.grad(), 0.1);
        if (style == 2) p.add_(p.grad() * -0.1);
        if (style == 3) p.copy_(p - 0.1 * p.grad());
      }
    }
    BOOST_TEST(last < first * 1e-3, "style " << style << ": loss " << first << " -> " << last);
    BOOST_TEST(model->bias.item<double>() == 0.25, boost::test_tools::tolerance(1e-2));
  }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(stale_saved_tensors_throw)

BOOST_AUTO_TEST_CASE(in_place_ops_bump_the_shared_version_counter) {
  tg::Tensor x = tg::zeros({2, 3});
  tg::Tensor row = x[1];
  BOOST_TEST(x._version() == 0);
  row.add_(1.0);
  x.t().mul_(2.0);
  x[0] = tg::ones({3});
  BOOST_TEST(x._version() == 3);
  BOOST_TEST(row._version() == 3);
  BOOST_TEST(x.detach()._version() == 3);
  BOOST_TEST((x + 1.0)._version() == 0);
}

BOOST_AUTO_TEST_CASE(modifying_a_saved_output_makes_backward_throw) {
  tg::Tensor x = rnd({3});
  tg::Tensor y = tg::exp(x);  // saves its output
  tg::Tensor loss = y.sum();
  {
    tg::NoGradGuard no_grad;
    y.mul_(2.0);
  }
  TG_CHECK_THROWS_WITH(loss.backward(),
                       "ExpBackward: one of the variables needed for gradient computation has been "
                       "modified by an in-place operation",
                       "float64 [3] tensor saved by ExpBackward", "is at version 1; expected version 0");
  BOOST_TEST(!x.grad().defined());
}

BOOST_AUTO_TEST_CASE(modifying_a_saved_input_makes_backward_throw) {
  tg::Tensor a = rnd({2, 2}), b = rnd({2, 2});
  tg::Tensor h = a * 1.0;  // a non-leaf, so the in-place op below is allowed
  tg::Tensor loss = (h * b).sum();
  h.add_(1.0);  // recorded on h's history, but MulBackward saved the old h
  TG_CHECK_THROWS_WITH(loss.backward(), "MulBackward: one of the variables needed for gradient computation",
                       "an output of MulBackward", "is at version 1; expected version 0");
  // A parameter updated between forward and backward: matmul saved it.
  tg::Tensor w = rnd({2, 2});
  tg::Tensor out = tg::matmul(a, w).sum();
  {
    tg::NoGradGuard no_grad;
    w.sub_(w.grad().defined() ? w.grad() : tg::ones_like(w), 0.1);
  }
  TG_CHECK_THROWS_WITH(out.backward(), "MmBackward: one of the variables needed for gradient computation");
}

BOOST_AUTO_TEST_CASE(modifying_a_tensor_no_formula_saved_is_fine) {
  tg::Tensor a = rnd({3}), b = rnd({3});
  tg::Tensor h = a * 1.0;
  tg::Tensor loss = (h + b).sum();  // add saves nothing
  h.mul_(5.0);
  loss.backward();
  BOOST_TEST(a.grad().to_vector<double>() == std::vector<double>(3, 1.0), boost::test_tools::per_element());
  BOOST_TEST(b.grad().to_vector<double>() == std::vector<double>(3, 1.0), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(in_place_ops_are_recorded)

BOOST_AUTO_TEST_CASE(in_place_ops_on_a_non_leaf_join_its_history) {
  tg::Tensor x = rnd({4});
  tg::Tensor y = x * 2.0;
  y.add_(1.0);
  y.mul_(3.0);
  BOOST_TEST(y.grad_fn_name() == "MulBackward");
  y.sum().backward();
  BOOST_TEST(x.grad().to_vector<double>() == std::vector<double>(4, 6.0), boost::test_tools::per_element());
  std::vector<double> xv = x.to_vector<double>(), yv = y.to_vector<double>();
  for (std::size_t i = 0; i < 4; ++i) BOOST_TEST(yv[i] == (2 * xv[i] + 1) * 3, boost::test_tools::tolerance(1e-12));
}

BOOST_AUTO_TEST_CASE(in_place_ops_match_their_out_of_place_gradients) {
  tg::Tensor a = rnd({2, 3}), b = rnd({2, 3}, 0.5, 2.0), r = rnd({3});
  expect_gradcheck("mul_ by a tensor that requires grad",
                   [](const auto& in) {
                     tg::Tensor y = in[0] * 1.0;
                     y.mul_(in[1]);  // needs y's old value for in[1]'s gradient
                     return y;
                   },
                   {a, b});
  expect_gradcheck("div_, add_ with alpha, sub_",
                   [](const auto& in) {
                     tg::Tensor y = in[0] * 1.0;
                     y.div_(in[1]);
                     y.add_(in[2], 0.5);
                     y.sub_(in[1]);
                     return y;
                   },
                   {a, b, r});
  expect_gradcheck("sqrt_ and clamp_",
                   [](const auto& in) {
                     tg::Tensor y = in[1] * 1.0;
                     y.sqrt_();
                     y.clamp_(0.9, 1.3);
                     return y;
                   },
                   {b, b});
  expect_gradcheck("addcmul_ and addcdiv_",
                   [](const auto& in) {
                     tg::Tensor y = in[0] * 1.0;
                     y.addcmul_(in[0], in[1], 0.5);
                     y.addcdiv_(in[1], in[1] + 1.0, 2.0);
                     return y;
                   },
                   {a, b});
  expect_gradgradcheck("in-place chain",
                       [](const auto& in) {
                         tg::Tensor y = in[0] * in[1];
                         y.mul_(in[1]);
                         y += in[0];
                         return y;
                       },
                       {a, b});
}

BOOST_AUTO_TEST_CASE(accumulating_into_a_plain_tensor_records_the_sum) {
  tg::Tensor a = rnd({3}), b = rnd({3});
  tg::Tensor total = tg::zeros({}, tg::kFloat64);
  for (int i = 1; i <= 3; ++i) total += (a * b).sum() * static_cast<double>(i);
  BOOST_TEST(!total.is_leaf());
  total.backward();
  std::vector<double> av = a.to_vector<double>(), bv = b.to_vector<double>();
  std::vector<double> ga = a.grad().to_vector<double>(), gb = b.grad().to_vector<double>();
  for (std::size_t i = 0; i < 3; ++i) {
    BOOST_TEST(ga[i] == 6 * bv[i], boost::test_tools::tolerance(1e-12));
    BOOST_TEST(gb[i] == 6 * av[i], boost::test_tools::tolerance(1e-12));
  }
}

BOOST_AUTO_TEST_CASE(in_place_on_a_leaf_that_requires_grad_or_its_view_is_refused) {
  tg::Tensor w = rnd({2, 2});
  TG_CHECK_THROWS_WITH(w.add_(1.0), "add_: a leaf tensor that requires grad is being used in an in-place operation");
  TG_CHECK_THROWS_WITH(w += 1.0, "add_: a leaf tensor that requires grad");
  TG_CHECK_THROWS_WITH(w[0].mul_(2.0), "mul_: a view of a leaf tensor that requires grad");
  TG_CHECK_THROWS_WITH(w[0] = tg::zeros({2}, tg::kFloat64), "copy_: a view of a leaf tensor that requires grad");
  BOOST_TEST(w._version() == 0);
}

BOOST_AUTO_TEST_CASE(writes_into_a_view_rewrite_the_base_history) {
  tg::Tensor x = rnd({2});
  // Filling rows of a plain buffer with results that require grad (the RNN output pattern).
  tg::Tensor out = tg::zeros({3, 2}, tg::kFloat64);
  out[0] = x * 2.0;
  out[2] = x.exp();
  BOOST_TEST(out.requires_grad());
  BOOST_TEST(out.grad_fn_name() == "CopySlices");
  op_test::weighted(out).sum().backward();  // weights 1..6 by position
  std::vector<double> xv = x.to_vector<double>(), g = x.grad().to_vector<double>();
  BOOST_TEST(g[0] == 2 * 1 + std::exp(xv[0]) * 5, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(g[1] == 2 * 2 + std::exp(xv[1]) * 6, boost::test_tools::tolerance(1e-12));
  // A factor that is itself a view of the tensor being written is stale by backward time, as in
  // PyTorch (which reports "output 0 of AsStridedBackward0 ... is at version 2; expected 1").
  tg::Tensor z = rnd({3, 4}) * 1.0;
  z.narrow(1, 0, 2).mul_(z.narrow(1, 2, 2));
  TG_CHECK_THROWS_WITH(z.sum().backward(), "MulBackward: one of the variables needed for gradient computation",
                       "is at version 1; expected version 0");
  // In-place ops on views of a non-leaf, checked against finite differences.
  tg::Tensor m = rnd({3, 4});
  expect_gradcheck("mul_ on a row view",
                   [](const auto& in) {
                     tg::Tensor y = in[0] * 1.0;
                     y[1].mul_(3.0);
                     y.narrow(1, 0, 2).mul_(y.narrow(1, 2, 2).clone());
                     return y;
                   },
                   {m});
  expect_gradcheck("copy_ into a transposed view",
                   [](const auto& in) {
                     tg::Tensor y = tg::zeros({4, 3}, tg::kFloat64);
                     y.t()[0] = in[0][1].exp();
                     y.select(1, 2) += in[0][2];
                     return y;
                   },
                   {m});
  expect_gradgradcheck("view writes, second order",
                       [](const auto& in) {
                         tg::Tensor y = in[0] * in[0];
                         y[0] *= in[0][1];
                         return y;
                       },
                       {m});
}

BOOST_AUTO_TEST_SUITE_END()
