#include <tapegrad/data/datasets/tensor_dataset.hpp>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/ops/indexing.hpp>
#include <tapegrad/data/data_dir.hpp>
#include <tapegrad/serialize/npy.hpp>
#include <tapegrad/serialize/tensors.hpp>

#include <cstring>
#include <fstream>
#include <sstream>

namespace tapegrad::data::datasets {

namespace {
constexpr const char* kWhere = "TensorDataset";

Tensor index_tensor(ArrayRef<std::size_t> indices, std::int64_t rows) {
  Tensor index = empty({static_cast<std::int64_t>(indices.size())}, kInt64);
  std::int64_t* out = index.data_ptr<std::int64_t>();
  for (std::size_t k = 0; k < indices.size(); ++k) {
    TG_CHECK(indices[k] < static_cast<std::size_t>(rows), kWhere, "index ", indices[k], " out of range for ", rows,
             " rows");
    out[k] = static_cast<std::int64_t>(indices[k]);
  }
  return index;
}

std::string ends(const std::string& s, std::size_t n) { return s.size() >= n ? s.substr(s.size() - n) : s; }
}  // namespace

TensorDataset::TensorDataset(Tensor data, Tensor target) : data_(std::move(data)), target_(std::move(target)) {
  TG_CHECK(data_.defined() && data_.dim() >= 1, kWhere, "data must be a tensor of at least one dimension");
  TG_CHECK(!target_.defined() || (target_.dim() >= 1 && target_.size(0) == data_.size(0)), kWhere, "data ",
           shape_to_string(data_.shape()), " and target ",
           target_.defined() ? shape_to_string(target_.shape()) : std::string("[]"), " differ in their first size");
}

TensorDataset TensorDataset::from_numpy(const std::string& path, const std::string& data_name,
                                        const std::string& target_name) {
  data::detail::require_file(path, kWhere);
  if (ends(path, 4) == ".npy") {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    const auto array = serialize::detail::decode_npy(bytes.str(), std::string(kWhere) + ": '" + path + "'");
    TG_CHECK(!array.fortran_order, kWhere, "'", path, "': Fortran-order arrays are not supported");
    Tensor t = empty(array.shape, array.dtype);
    if (!array.data.empty()) std::memcpy(t.data_ptr(), array.data.data(), array.data.size());
    return TensorDataset(t);
  }
  const NamedTensors tensors = load_tensors(path);
  auto find = [&](const std::string& name) {
    std::string known;
    for (const auto& [n, t] : tensors) {
      if (n == name) return t;
      known += (known.empty() ? "" : ", ") + n;
    }
    tapegrad::detail::fail(kWhere, "'", path, "': no array '", name, "' (it has: ", known, ")");
  };
  TG_CHECK(!data_name.empty() || tensors.size() == 1, kWhere, "'", path, "': holds ", tensors.size(),
           " arrays; name the data array");
  Tensor data = data_name.empty() ? tensors.front().second : find(data_name);
  return TensorDataset(data, target_name.empty() ? Tensor() : find(target_name));
}

Example<> TensorDataset::get(std::size_t index) {
  TG_CHECK(index < static_cast<std::size_t>(data_.size(0)), kWhere, "index ", index, " out of range for ",
           data_.size(0), " rows");
  const auto i = static_cast<std::int64_t>(index);
  return {data_[i], target_.defined() ? target_[i] : Tensor()};
}

std::optional<std::size_t> TensorDataset::size() const { return static_cast<std::size_t>(data_.size(0)); }

Example<> TensorDataset::get_batch_stacked(ArrayRef<std::size_t> indices) const {
  const Tensor index = index_tensor(indices, data_.size(0));
  return {index_select(data_, 0, index), target_.defined() ? index_select(target_, 0, index) : Tensor()};
}

}  // namespace tapegrad::data::datasets
