#include <tapegrad/serialize/tensors.hpp>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <set>

#include <tapegrad/autograd/grad_mode.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include <tapegrad/autograd/tensor_impl.hpp>
#include <tapegrad/serialize/file_io.hpp>
#include <tapegrad/serialize/npy.hpp>
#include <tapegrad/serialize/zip.hpp>

namespace tapegrad {
namespace serialize::detail {
namespace {

constexpr char kSuffix[] = ".npy";
constexpr std::size_t kSuffixSize = 4;

std::string quoted(const std::string& path) { return "'" + path + "'"; }

Tensor to_tensor(const NpyArray& array) {
  NoGradGuard no_grad;
  Shape stored = array.shape;
  // A Fortran-order array is the C-order array of the reversed shape, transposed.
  if (array.fortran_order) std::reverse(stored.begin(), stored.end());
  Tensor out = tapegrad::detail::empty(tapegrad::detail::to_xshape(stored, "load_tensors"), array.dtype);
  if (!array.data.empty()) std::memcpy(out.impl()->data<char>(), array.data.data(), array.data.size());
  if (array.fortran_order && stored.size() > 1) {
    Shape reversed(stored.size());
    std::iota(reversed.rbegin(), reversed.rend(), 0);
    out = permute(out, reversed).clone();
  }
  return out;
}

}  // namespace

void save_named(const NamedTensors& tensors, const std::string& path, const char* function) {
  std::string where = std::string(function) + ": " + quoted(path);
  std::set<std::string> seen;
  std::vector<ZipEntry> entries;
  entries.reserve(tensors.size());
  for (const auto& [name, tensor] : tensors) {
    TG_CHECK(!name.empty(), where.c_str(), "a tensor has an empty name");
    TG_CHECK(name.size() + kSuffixSize <= 0xffff, where.c_str(), "name '", name.substr(0, 40), "...' is too long");
    TG_CHECK(seen.insert(name).second, where.c_str(), "two tensors are named '", name, "'");
    TG_CHECK(tensor.defined(), where.c_str(), "tensor '", name, "' is undefined");
    std::size_t bytes = static_cast<std::size_t>(tensor.numel()) * element_size(tensor.dtype());
    std::string data;
    Tensor contiguous = tapegrad::detail::dense(tensor);
    if (bytes > 0) data.assign(contiguous.impl()->data<const char>(), bytes);
    entries.push_back({name + kSuffix, encode_npy(tensor.dtype(), tensor.shape(), data)});
  }
  write_file_atomically(path, write_zip(entries), where);
}

NamedTensors tensors_from_npz(const std::string& bytes, const std::string& where, std::uint64_t max_total_size) {
  // Everything about the archive is checked before the first member is inflated, and members
  // are inflated one at a time, each released once it is a tensor: the work is bounded by the
  // file and the peak memory by the file plus the tensors plus one member.
  std::vector<ZipMember> members = read_zip_directory(bytes, where, max_total_size);
  for (const ZipMember& member : members) {
    const std::string& n = member.name;
    TG_CHECK(n.size() > kSuffixSize && n.compare(n.size() - kSuffixSize, kSuffixSize, kSuffix) == 0,
             (where + ": member '" + n + "'").c_str(),
             "is not a .npy array (a checkpoint holds only '<name>.npy' members)");
  }
  NamedTensors out;
  out.reserve(members.size());
  for (const ZipMember& member : members) {
    std::string label = where + ": member '" + member.name + "'";
    out.emplace_back(member.name.substr(0, member.name.size() - kSuffixSize),
                     tensor_from_npy(read_zip_member(bytes, member, where), label));
  }
  return out;
}

Tensor tensor_from_npy(const std::string& bytes, const std::string& where) {
  return to_tensor(decode_npy(bytes, where));
}

NamedTensors load_named(const std::string& path, const char* function) {
  return tensors_from_npz(read_file(path, function), std::string(function) + ": " + quoted(path), loadable_bytes());
}

}  // namespace serialize::detail

void save_tensors(const NamedTensors& tensors, const std::string& path) {
  serialize::detail::save_named(tensors, path, "save_tensors");
}

NamedTensors load_tensors(const std::string& path) { return serialize::detail::load_named(path, "load_tensors"); }

}  // namespace tapegrad

namespace tapegrad {

void save(const Tensor& tensor, const std::string& path) {
  serialize::detail::save_named({{"tensor", tensor}}, path, "save");
}

void load(Tensor& tensor, const std::string& path) {
  NamedTensors loaded = serialize::detail::load_named(path, "load");
  const std::string where = "load: " + serialize::detail::quoted(path);
  TG_CHECK(loaded.size() == 1 && loaded[0].first == "tensor", where.c_str(),
           "expected the one array 'tensor' that save(tensor, path) writes, found ", loaded.size(), " arrays",
           loaded.empty() ? std::string() : " (the first is '" + loaded[0].first + "')");
  tensor = loaded[0].second;
}

void save(const std::vector<Tensor>& tensors, const std::string& path) {
  NamedTensors named;
  named.reserve(tensors.size());
  for (std::size_t i = 0; i < tensors.size(); ++i) named.emplace_back(std::to_string(i), tensors[i]);
  serialize::detail::save_named(named, path, "save");
}

void load(std::vector<Tensor>& tensors, const std::string& path) {
  NamedTensors loaded = serialize::detail::load_named(path, "load");
  const std::string where = "load: " + serialize::detail::quoted(path);
  std::vector<Tensor> result;
  result.reserve(loaded.size());
  for (std::size_t i = 0; i < loaded.size(); ++i) {
    TG_CHECK(loaded[i].first == std::to_string(i), where.c_str(), "array ", i, " is named '", loaded[i].first,
             "', expected '", i, "' (a file written by save(std::vector<Tensor>, path))");
    result.push_back(std::move(loaded[i].second));
  }
  tensors = std::move(result);
}

}  // namespace tapegrad
