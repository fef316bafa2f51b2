#include <algorithm>
#include <optional>
#include <set>
#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/optim/optimizer.hpp>

namespace tapegrad {
namespace optim {

OptimizerParamGroup::OptimizerParamGroup(const OptimizerParamGroup& other)
    : params_(other.params_), options_(other.options_ ? other.options_->clone() : nullptr) {}

OptimizerParamGroup& OptimizerParamGroup::operator=(const OptimizerParamGroup& other) {
  if (this != &other) {
    params_ = other.params_;
    options_ = other.options_ ? other.options_->clone() : nullptr;
  }
  return *this;
}

OptimizerOptions& OptimizerParamGroup::options() {
  TG_CHECK(options_ != nullptr, "OptimizerParamGroup", "this group has no options");
  return *options_;
}

const OptimizerOptions& OptimizerParamGroup::options() const {
  TG_CHECK(options_ != nullptr, "OptimizerParamGroup", "this group has no options");
  return *options_;
}

Optimizer::Optimizer(std::string name, std::unique_ptr<OptimizerOptions> defaults)
    : name_(std::move(name)), defaults_(std::move(defaults)) {}

void Optimizer::add_initial_param_groups(const std::vector<OptimizerParamGroup>& groups) {
  std::size_t count = 0;
  for (const auto& group : groups) count += group.params().size();
  TG_CHECK(count > 0, name_.c_str(), "got an empty parameter list");
  for (const auto& group : groups) add_param_group(group);
}

void Optimizer::add_param_group(const OptimizerParamGroup& group) {
  const char* where = name_.c_str();
  const std::size_t g = param_groups_.size();
  OptimizerParamGroup added(group);
  if (!added.has_options()) added.set_options(defaults_->clone());
  check_options(added.options());

  std::set<const void*> seen;
  for (const auto& existing : param_groups_)
    for (const auto& p : existing.params()) seen.insert(p.impl().get());
  for (std::size_t i = 0; i < added.params().size(); ++i) {
    const Tensor& p = added.params()[i];
    TG_CHECK(p.defined(), where, "parameter ", i, " of group ", g, " is undefined");
    TG_CHECK(p.is_floating_point(), where, "parameter ", i, " of group ", g, " must be floating point, got ",
             dtype_name(p.dtype()));
    TG_CHECK(p.is_leaf(), where, "parameter ", i, " of group ", g,
             " is not a leaf tensor (optimize the tensor you created, not a result of ops on it)");
    TG_CHECK(seen.insert(p.impl().get()).second, where, "parameter ", i, " of group ", g,
             " appears more than once in the parameter list");
  }
  state_.emplace_back(added.params().size());
  param_groups_.push_back(std::move(added));
}

void Optimizer::zero_grad(bool set_to_none) {
  NoGradGuard no_grad;
  for (auto& group : param_groups_) {
    for (auto& p : group.params()) {
      Tensor& grad = p.mutable_grad();
      if (!grad.defined()) continue;
      if (set_to_none) {
        grad = Tensor();
      } else {
        // a gradient built with create_graph carries history; cut it before zeroing
        if (grad.requires_grad()) grad = grad.detach();
        grad.zero_();
      }
    }
  }
}

std::vector<Tensor> Optimizer::parameters() const {
  std::vector<Tensor> all;
  for (const auto& group : param_groups_) all.insert(all.end(), group.params().begin(), group.params().end());
  return all;
}

const Optimizer::ParamState& Optimizer::state(std::size_t group, std::size_t index) const {
  TG_CHECK(group < state_.size() && index < state_[group].size(), name_.c_str(), "no parameter ", index, " in group ",
           group);
  return state_[group][index];
}

Optimizer::ParamState& Optimizer::mutable_state(std::size_t group, std::size_t index) {
  TG_CHECK(state_[group].size() == param_groups_[group].params().size(), name_.c_str(), "the parameter list of group ",
           group, " changed size after construction (from ", state_[group].size(), " to ",
           param_groups_[group].params().size(), "); use add_param_group to add parameters");
  return state_[group][index];
}

namespace {

std::string entry_name(std::size_t group, std::size_t index, const std::string& buffer) {
  return std::to_string(group) + "." + std::to_string(index) + "." + buffer;
}

// The index written in `text`, or npos when `text` is not a plain decimal number.
std::size_t parse_index(const std::string& text) {
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::string::npos;
  return static_cast<std::size_t>(std::stoul(text));
}

bool is_scalar_state(const std::string& buffer) { return buffer == "step"; }

}  // namespace

std::vector<std::pair<std::string, Tensor>> Optimizer::named_state() const {
  NoGradGuard no_grad;
  std::vector<std::pair<std::string, Tensor>> out;
  for (std::size_t g = 0; g < param_groups_.size(); ++g) {
    const auto& options = param_groups_[g].options();
    out.emplace_back(std::to_string(g) + ".lr", scalar_tensor(options.get_lr(), kFloat64));
    const auto names = state_names(options);
    for (std::size_t i = 0; i < state_[g].size(); ++i) {
      const ParamState& state = state_[g][i];
      if (state.empty()) continue;
      // copies, so that the snapshot does not move on with later steps
      for (const auto& buffer : names) out.emplace_back(entry_name(g, i, buffer), state.at(buffer).clone());
    }
  }
  return out;
}

void Optimizer::load_named_state(const std::vector<std::pair<std::string, Tensor>>& entries) {
  const std::string where_text = name_ + ": load_named_state";
  const char* where = where_text.c_str();
  for (std::size_t g = 0; g < param_groups_.size(); ++g)
    TG_CHECK(state_[g].size() == param_groups_[g].params().size(), where, "the parameter list of group ", g,
             " changed size after construction");

  // validate everything first, so that a bad entry leaves the optimizer untouched
  std::vector<std::optional<double>> lrs(param_groups_.size());
  std::vector<std::vector<ParamState>> loaded(state_.size());
  for (std::size_t g = 0; g < state_.size(); ++g) loaded[g].resize(state_[g].size());
  std::set<std::string> names_seen;
  for (const auto& [name, value] : entries) {
    TG_CHECK(names_seen.insert(name).second, where, "duplicate entry '", name, "'");
    TG_CHECK(value.defined(), where, "entry '", name, "' is an undefined tensor");
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t dot; (dot = name.find('.', start)) != std::string::npos; start = dot + 1)
      parts.push_back(name.substr(start, dot - start));
    parts.push_back(name.substr(start));
    const std::size_t g = parse_index(parts[0]);
    const bool known_group = g < param_groups_.size();
    if (parts.size() == 2 && parts[1] == "lr" && known_group) {
      TG_CHECK(value.dtype() == kFloat64 && value.numel() == 1, where, "entry '", name,
               "' must be a 1-element float64 tensor, got ", dtype_name(value.dtype()), " of shape ",
               shape_to_string(value.shape()));
      lrs[g] = value.item<double>();
      continue;
    }
    const std::size_t i = parts.size() == 3 ? parse_index(parts[1]) : std::string::npos;
    const bool known_param = known_group && i < param_groups_[g].params().size();
    const auto names = known_param ? state_names(param_groups_[g].options()) : std::vector<std::string>{};
    const bool known_buffer = known_param && std::find(names.begin(), names.end(), parts[2]) != names.end();
    TG_CHECK(known_buffer, where, "unexpected entry '", name, "'");
    const Tensor& param = param_groups_[g].params()[i];
    if (is_scalar_state(parts[2])) {
      TG_CHECK(value.dtype() == kFloat64 && value.numel() == 1, where, "entry '", name,
               "' must be a 1-element float64 tensor, got ", dtype_name(value.dtype()), " of shape ",
               shape_to_string(value.shape()));
    } else {
      TG_CHECK(value.dtype() == param.dtype(), where, "entry '", name, "' has dtype ", dtype_name(value.dtype()),
               ", expected ", dtype_name(param.dtype()));
      TG_CHECK(value.shape() == param.shape(), where, "entry '", name, "' has shape ", shape_to_string(value.shape()),
               ", expected ", shape_to_string(param.shape()));
    }
    loaded[g][i][parts[2]] = value;
  }
  for (std::size_t g = 0; g < param_groups_.size(); ++g) {
    TG_CHECK(lrs[g].has_value(), where, "missing entry '", g, ".lr'");
    const auto names = state_names(param_groups_[g].options());
    for (std::size_t i = 0; i < loaded[g].size(); ++i) {
      if (loaded[g][i].empty()) continue;  // a parameter that had no update yet
      for (const auto& buffer : names)
        TG_CHECK(loaded[g][i].count(buffer) > 0, where, "missing entry '", entry_name(g, i, buffer), "'");
    }
  }

  NoGradGuard no_grad;
  for (std::size_t g = 0; g < param_groups_.size(); ++g) {
    param_groups_[g].options().set_lr(*lrs[g]);
    for (std::size_t i = 0; i < loaded[g].size(); ++i) {
      ParamState state;
      for (const auto& [buffer, value] : loaded[g][i]) {
        // own copies: the caller's tensors must not alias live optimizer state
        state[buffer] =
            is_scalar_state(buffer) ? scalar_tensor(value.item<double>(), kFloat64) : value.detach().clone();
      }
      state_[g][i] = std::move(state);
    }
  }
}

}  // namespace optim
}  // namespace tapegrad
