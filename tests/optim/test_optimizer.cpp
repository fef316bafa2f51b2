// What every optimizer inherits from the Optimizer base: parameter groups, zero_grad, skipping
// parameters without a gradient, parameter checks, and the named-state checkpoint hooks.
#include <boost/test/unit_test.hpp>

#include "optim/optim_test_support.hpp"

namespace tg = tapegrad;
using optim_test::Problem;

namespace {

std::vector<std::string> names_of(const std::vector<std::pair<std::string, tg::Tensor>>& state) {
  std::vector<std::string> names;
  for (const auto& entry : state) names.push_back(entry.first);
  return names;
}

// An Adam optimizer over the regression problem, after `steps` training steps.
struct TrainedAdam {
  Problem problem;
  tg::optim::Adam opt{problem.params(), tg::optim::AdamOptions(0.05)};
  explicit TrainedAdam(int steps = 2) {
    for (int k = 0; k < steps; ++k) problem.train_step(opt);
  }
};

std::vector<std::pair<std::string, tg::Tensor>> without(std::vector<std::pair<std::string, tg::Tensor>> state,
                                                        const std::string& name) {
  state.erase(std::remove_if(state.begin(), state.end(), [&](const auto& e) { return e.first == name; }), state.end());
  return state;
}

std::vector<std::pair<std::string, tg::Tensor>> replaced(std::vector<std::pair<std::string, tg::Tensor>> state,
                                                         const std::string& name, const tg::Tensor& value) {
  for (auto& entry : state)
    if (entry.first == name) entry.second = value;
  return state;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(optimizer_base)

BOOST_AUTO_TEST_CASE(zero_grad_makes_gradients_undefined_by_default) {
  Problem problem;
  tg::optim::SGD opt(problem.params(), tg::optim::SGDOptions(0.1));
  problem.loss().backward();
  BOOST_REQUIRE(problem.W.grad().defined());
  opt.zero_grad();
  BOOST_CHECK(!problem.W.grad().defined());
  BOOST_CHECK(!problem.b.grad().defined());
}

BOOST_AUTO_TEST_CASE(zero_grad_without_set_to_none_zeros_gradients_in_place) {
  Problem problem;
  tg::optim::SGD opt(problem.params(), tg::optim::SGDOptions(0.1));
  problem.loss().backward();
  opt.zero_grad(/*set_to_none=*/false);
  BOOST_REQUIRE(problem.W.grad().defined());
  BOOST_CHECK(problem.W.grad().to_vector<double>() == std::vector<double>(6, 0.0));
  BOOST_CHECK(!problem.unused.grad().defined());
  problem.loss().backward();  // the next backward starts from zero, not from the old gradient
  const auto once = problem.W.grad().to_vector<double>();
  opt.zero_grad(false);
  problem.loss().backward();
  BOOST_CHECK(problem.W.grad().to_vector<double>() == once);
}

BOOST_AUTO_TEST_CASE(a_parameter_without_gradient_is_left_alone_and_gets_no_state) {
  Problem problem;
  tg::optim::Adam opt(problem.params(), tg::optim::AdamOptions(0.05).weight_decay(0.1));
  problem.train_step(opt);
  BOOST_CHECK(problem.unused.to_vector<double>() == (std::vector<double>{1.0, -2.0}));
  BOOST_CHECK(opt.state(0, 2).empty());
  BOOST_CHECK_EQUAL(opt.state(0, 0).size(), 3u);
}

BOOST_AUTO_TEST_CASE(groups_without_options_take_the_defaults) {
  Problem problem;
  std::vector<tg::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<tg::Tensor>{problem.W});
  groups.emplace_back(std::vector<tg::Tensor>{problem.b}, std::make_unique<tg::optim::SGDOptions>(0.5));
  tg::optim::SGD opt(groups, tg::optim::SGDOptions(0.1).momentum(0.9));
  const auto& first = static_cast<const tg::optim::SGDOptions&>(opt.param_groups()[0].options());
  const auto& second = static_cast<const tg::optim::SGDOptions&>(opt.param_groups()[1].options());
  BOOST_CHECK_EQUAL(first.lr(), 0.1);
  BOOST_CHECK_EQUAL(first.momentum(), 0.9);
  BOOST_CHECK_EQUAL(second.lr(), 0.5);
  BOOST_CHECK_EQUAL(second.momentum(), 0.0);
  BOOST_CHECK_EQUAL(opt.parameters().size(), 2u);
}

BOOST_AUTO_TEST_CASE(changing_a_group_learning_rate_changes_the_step) {
  Problem problem;
  tg::optim::SGD opt(problem.params(), tg::optim::SGDOptions(0.1));
  opt.param_groups()[0].options().set_lr(0.0);
  const auto before = problem.values();
  problem.train_step(opt);
  BOOST_CHECK(problem.values() == before);
  opt.param_groups()[0].options().set_lr(0.1);
  problem.train_step(opt);
  BOOST_CHECK(problem.values() != before);
}

BOOST_AUTO_TEST_CASE(add_param_group_trains_the_new_parameters_with_the_defaults) {
  Problem problem;
  tg::optim::Adam opt(std::vector<tg::Tensor>{problem.W}, tg::optim::AdamOptions(0.05));
  opt.add_param_group(tg::optim::OptimizerParamGroup({problem.b}));
  BOOST_REQUIRE_EQUAL(opt.param_groups().size(), 2u);
  BOOST_CHECK_EQUAL(opt.param_groups()[1].options().get_lr(), 0.05);
  const auto b_before = problem.b.to_vector<double>();
  problem.train_step(opt);
  BOOST_CHECK(problem.b.to_vector<double>() != b_before);
  BOOST_CHECK_EQUAL(opt.state(1, 0).size(), 3u);
}

BOOST_AUTO_TEST_CASE(a_scheduler_changes_every_group) {
  Problem problem;
  std::vector<tg::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<tg::Tensor>{problem.W});
  groups.emplace_back(std::vector<tg::Tensor>{problem.b}, std::make_unique<tg::optim::AdamOptions>(0.01));
  tg::optim::Adam opt(groups, tg::optim::AdamOptions(0.1));
  tg::optim::ExponentialLR scheduler(opt, 0.5);
  scheduler.step();
  BOOST_CHECK_CLOSE(opt.param_groups()[0].options().get_lr(), 0.05, 1e-12);
  BOOST_CHECK_CLOSE(opt.param_groups()[1].options().get_lr(), 0.005, 1e-12);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(optimizer_rejects_bad_parameters)

BOOST_AUTO_TEST_CASE(an_undefined_parameter) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::SGD(std::vector<tg::Tensor>{p.W, tg::Tensor()}, tg::optim::SGDOptions(0.1)),
                       "SGD: parameter 1 of group 0 is undefined");
}

BOOST_AUTO_TEST_CASE(an_integer_parameter) {
  TG_CHECK_THROWS_WITH(tg::optim::Adam(std::vector<tg::Tensor>{tg::tensor(std::vector<std::int64_t>{1, 2})}),
                       "Adam: parameter 0 of group 0 must be floating point, got int64");
}

BOOST_AUTO_TEST_CASE(a_non_leaf_parameter) {
  Problem p;
  const tg::Tensor doubled = p.W * 2.0;
  TG_CHECK_THROWS_WITH(tg::optim::Adam(std::vector<tg::Tensor>{doubled}),
                       "Adam: parameter 0 of group 0 is not a leaf tensor");
}

BOOST_AUTO_TEST_CASE(the_same_parameter_twice) {
  Problem p;
  TG_CHECK_THROWS_WITH(tg::optim::SGD(std::vector<tg::Tensor>{p.W, p.b, p.W}, tg::optim::SGDOptions(0.1)),
                       "SGD: parameter 2 of group 0 appears more than once");
  tg::optim::SGD opt(std::vector<tg::Tensor>{p.W}, tg::optim::SGDOptions(0.1));
  TG_CHECK_THROWS_WITH(opt.add_param_group(tg::optim::OptimizerParamGroup({p.b, p.W})),
                       "SGD: parameter 1 of group 1 appears more than once");
  BOOST_CHECK_EQUAL(opt.param_groups().size(), 1u);
}

BOOST_AUTO_TEST_CASE(a_parameter_list_resized_after_construction) {
  Problem p;
  tg::optim::Adam opt(std::vector<tg::Tensor>{p.W});
  opt.param_groups()[0].params().push_back(p.b);
  p.loss().backward();
  TG_CHECK_THROWS_WITH(opt.step(), "Adam: the parameter list of group 0 changed size after construction");
}

BOOST_AUTO_TEST_CASE(reading_options_of_a_group_that_has_none) {
  Problem p;
  const tg::optim::OptimizerParamGroup group({p.W});
  TG_CHECK_THROWS_WITH(group.options(), "OptimizerParamGroup: this group has no options");
}

BOOST_AUTO_TEST_CASE(asking_for_the_state_of_a_missing_parameter) {
  Problem p;
  tg::optim::Adam opt(p.params());
  TG_CHECK_THROWS_WITH(opt.state(0, 3), "Adam: no parameter 3 in group 0");
  TG_CHECK_THROWS_WITH(opt.state(1, 0), "Adam: no parameter 0 in group 1");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(named_state)

BOOST_AUTO_TEST_CASE(lists_group_learning_rates_and_the_buffers_of_updated_parameters_in_order) {
  TrainedAdam trained;
  const auto state = trained.opt.named_state();
  const std::vector<std::string> expected{"0.lr",     "0.0.step",    "0.0.exp_avg",   "0.0.exp_avg_sq",
                                          "0.1.step", "0.1.exp_avg", "0.1.exp_avg_sq"};
  BOOST_CHECK(names_of(state) == expected);
  BOOST_CHECK(state[0].second.dtype() == tg::kFloat64);
  BOOST_CHECK_EQUAL(state[0].second.item<double>(), 0.05);
  BOOST_CHECK(state[1].second.dtype() == tg::kFloat64);
  BOOST_CHECK_EQUAL(state[1].second.numel(), 1);
  BOOST_CHECK_EQUAL(state[1].second.item<double>(), 2.0);
  BOOST_CHECK(state[2].second.shape() == (tg::Shape{3, 2}));
  BOOST_CHECK(state[5].second.shape() == (tg::Shape{2}));
}

BOOST_AUTO_TEST_CASE(is_a_snapshot_that_later_steps_do_not_change) {
  TrainedAdam trained;
  const auto state = trained.opt.named_state();
  const auto exp_avg = state[2].second.to_vector<double>();
  trained.problem.train_step(trained.opt);
  BOOST_CHECK(state[2].second.to_vector<double>() == exp_avg);
  BOOST_CHECK_EQUAL(state[1].second.item<double>(), 2.0);
}

BOOST_AUTO_TEST_CASE(of_a_fresh_optimizer_has_only_the_learning_rates) {
  Problem p;
  std::vector<tg::optim::OptimizerParamGroup> groups;
  groups.emplace_back(std::vector<tg::Tensor>{p.W});
  groups.emplace_back(std::vector<tg::Tensor>{p.b}, std::make_unique<tg::optim::SGDOptions>(0.5));
  tg::optim::SGD opt(groups, tg::optim::SGDOptions(0.1).momentum(0.9));
  BOOST_CHECK(names_of(opt.named_state()) == (std::vector<std::string>{"0.lr", "1.lr"}));
}

BOOST_AUTO_TEST_CASE(loaded_state_does_not_alias_the_given_tensors) {
  TrainedAdam trained;
  auto state = trained.opt.named_state();
  Problem other;
  tg::optim::Adam opt(other.params(), tg::optim::AdamOptions(0.05));
  opt.load_named_state(state);
  const auto exp_avg = opt.state(0, 0).at("exp_avg").to_vector<double>();
  state[2].second.fill_(123.0);
  BOOST_CHECK(opt.state(0, 0).at("exp_avg").to_vector<double>() == exp_avg);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(load_named_state_rejects)

BOOST_AUTO_TEST_CASE(a_missing_learning_rate) {
  TrainedAdam trained;
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(without(trained.opt.named_state(), "0.lr")),
                       "Adam: load_named_state: missing entry '0.lr'");
}

BOOST_AUTO_TEST_CASE(a_missing_buffer_of_a_parameter_that_has_state) {
  TrainedAdam trained;
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(without(trained.opt.named_state(), "0.1.exp_avg_sq")),
                       "Adam: load_named_state: missing entry '0.1.exp_avg_sq'");
}

BOOST_AUTO_TEST_CASE(an_entry_for_a_group_that_does_not_exist) {
  TrainedAdam trained;
  auto state = trained.opt.named_state();
  state.emplace_back("1.lr", tg::scalar_tensor(0.1, tg::kFloat64));
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state), "Adam: load_named_state: unexpected entry '1.lr'");
}

BOOST_AUTO_TEST_CASE(an_entry_for_a_parameter_that_does_not_exist) {
  TrainedAdam trained;
  auto state = trained.opt.named_state();
  state.emplace_back("0.3.step", tg::scalar_tensor(1.0, tg::kFloat64));
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state), "unexpected entry '0.3.step'");
}

BOOST_AUTO_TEST_CASE(a_buffer_this_optimizer_does_not_have) {
  TrainedAdam trained;
  auto state = trained.opt.named_state();
  state.emplace_back("0.0.max_exp_avg_sq", tg::zeros({3, 2}, tg::kFloat64));  // only with amsgrad
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state), "unexpected entry '0.0.max_exp_avg_sq'");
  state.back().first = "weights";
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state), "unexpected entry 'weights'");
}

BOOST_AUTO_TEST_CASE(a_buffer_of_the_wrong_shape) {
  TrainedAdam trained;
  const auto state = replaced(trained.opt.named_state(), "0.0.exp_avg", tg::zeros({2, 3}, tg::kFloat64));
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state),
                       "Adam: load_named_state: entry '0.0.exp_avg' has shape [2,3], expected [3,2]");
}

BOOST_AUTO_TEST_CASE(a_buffer_of_the_wrong_dtype) {
  TrainedAdam trained;
  const auto state = replaced(trained.opt.named_state(), "0.1.exp_avg", tg::zeros({2}, tg::kFloat32));
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state), "entry '0.1.exp_avg' has dtype float32, expected float64");
}

BOOST_AUTO_TEST_CASE(a_step_that_is_not_one_float64_value) {
  TrainedAdam trained;
  auto state = replaced(trained.opt.named_state(), "0.0.step", tg::zeros({2}, tg::kFloat64));
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state),
                       "entry '0.0.step' must be a 1-element float64 tensor, got float64 of shape [2]");
  state = replaced(trained.opt.named_state(), "0.lr", tg::scalar_tensor(0.1, tg::kFloat32));
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state),
                       "entry '0.lr' must be a 1-element float64 tensor, got float32");
}

BOOST_AUTO_TEST_CASE(a_duplicate_entry) {
  TrainedAdam trained;
  auto state = trained.opt.named_state();
  state.push_back(state[1]);
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state), "duplicate entry '0.0.step'");
}

BOOST_AUTO_TEST_CASE(an_undefined_tensor) {
  TrainedAdam trained;
  const auto state = replaced(trained.opt.named_state(), "0.0.exp_avg", tg::Tensor());
  TG_CHECK_THROWS_WITH(trained.opt.load_named_state(state), "entry '0.0.exp_avg' is an undefined tensor");
}

BOOST_AUTO_TEST_CASE(anything_wrong_without_loading_half_of_it) {
  TrainedAdam source(5);
  TrainedAdam target(2);
  target.opt.param_groups()[0].options().set_lr(0.02);
  const auto before = target.opt.named_state();
  // everything valid except the last parameter's missing buffer, found only at the end
  const auto bad = without(source.opt.named_state(), "0.1.exp_avg_sq");
  BOOST_CHECK_THROW(target.opt.load_named_state(bad), tg::Error);
  const auto after = target.opt.named_state();
  BOOST_REQUIRE(names_of(after) == names_of(before));
  for (std::size_t k = 0; k < after.size(); ++k)
    BOOST_CHECK_MESSAGE(after[k].second.to_vector<double>() == before[k].second.to_vector<double>(),
                        after[k].first << " changed");
  BOOST_CHECK_EQUAL(target.opt.param_groups()[0].options().get_lr(), 0.02);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(float32_parameters)

BOOST_AUTO_TEST_CASE(every_optimizer_trains_float32_parameters_like_float64_ones) {
  namespace O = tg::optim;
  using Make = std::function<std::unique_ptr<O::Optimizer>(std::vector<tg::Tensor>)>;
  const std::vector<std::pair<std::string, Make>> makers{
      {"SGD", [](auto p) { return std::make_unique<O::SGD>(p, O::SGDOptions(0.05).momentum(0.9).weight_decay(0.01)); }},
      {"Adam",
       [](auto p) { return std::make_unique<O::Adam>(p, O::AdamOptions(0.05).amsgrad(true).weight_decay(0.01)); }},
      {"AdamW", [](auto p) { return std::make_unique<O::AdamW>(p, O::AdamWOptions(0.05)); }},
      {"RMSprop",
       [](auto p) { return std::make_unique<O::RMSprop>(p, O::RMSpropOptions(0.01).momentum(0.5).centered(true)); }},
      {"Adagrad", [](auto p) { return std::make_unique<O::Adagrad>(p, O::AdagradOptions(0.1).lr_decay(0.01)); }},
  };
  for (const auto& [name, make] : makers) {
    Problem wide;
    const tg::Tensor X = wide.X.to(tg::kFloat32), y = wide.y.to(tg::kFloat32);
    tg::Tensor W = wide.W.detach().to(tg::kFloat32).requires_grad_();
    tg::Tensor b = wide.b.detach().to(tg::kFloat32).requires_grad_();
    auto narrow_opt = make({W, b});
    auto wide_opt = make({wide.W, wide.b});
    for (int k = 0; k < 20; ++k) {
      wide.train_step(*wide_opt);
      narrow_opt->zero_grad();
      tg::mean(tg::pow(tg::matmul(X, W) + b - y, 2.0)).backward();
      narrow_opt->step();
    }
    BOOST_CHECK(W.dtype() == tg::kFloat32);
    BOOST_REQUIRE(!narrow_opt->state(0, 0).empty());
    for (const auto& [buffer, value] : narrow_opt->state(0, 0))
      BOOST_CHECK_MESSAGE(value.dtype() == (buffer == "step" ? tg::kFloat64 : tg::kFloat32), name << " " << buffer);
    tg_test::check_close(W.to_vector<double>(), wide.W.to_vector<double>(), 1e-3, 0, name + " float32 W");
    tg_test::check_close(b.to_vector<double>(), wide.b.to_vector<double>(), 1e-3, 0, name + " float32 b");
  }
}

BOOST_AUTO_TEST_SUITE_END()
