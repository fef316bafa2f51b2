#include <tapegrad/data/hdf5.hpp>

#include <tapegrad/autograd/creation.hpp>
#include <tapegrad/autograd/error.hpp>
#include <tapegrad/data/data_dir.hpp>

#include <hdf5.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <mutex>

namespace tapegrad::data {

namespace {

constexpr const char* kWhere = "read_hdf5";

/// Debian's serial libhdf5 is not thread-safe: every call into it holds this lock.
std::mutex& hdf5_mutex() {
  static std::mutex mutex;
  return mutex;
}

/// Closes an HDF5 handle when it goes out of scope.
class Handle {
 public:
  Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
  ~Handle() {
    if (id_ >= 0) close_(id_);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  hid_t get() const { return id_; }
  bool ok() const { return id_ >= 0; }

 private:
  hid_t id_;
  herr_t (*close_)(hid_t);
};

/// Opens `path` read-only with HDF5's own error printing off (we throw instead).
hid_t open_file(const std::string& path) {
  detail::require_file(path, kWhere);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const htri_t is_hdf5 = H5Fis_hdf5(path.c_str());
  TG_CHECK(is_hdf5 > 0, kWhere, "'", path, "': not an HDF5 file (no HDF5 signature)");
  const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  TG_CHECK(file >= 0, kWhere, "'", path, "': cannot be opened as HDF5 (truncated or corrupt)");
  return file;
}

herr_t collect_name(hid_t group, const char* name, const H5L_info_t*, void* out) {
  const hid_t object = H5Oopen(group, name, H5P_DEFAULT);
  if (object < 0) return 0;
  if (H5Iget_type(object) == H5I_DATASET) static_cast<std::vector<std::string>*>(out)->emplace_back(name);
  H5Oclose(object);
  return 0;
}

std::vector<std::string> names_locked(hid_t file) {
  std::vector<std::string> names;
  H5Literate(file, H5_INDEX_NAME, H5_ITER_NATIVE, nullptr, collect_name, &names);
  std::sort(names.begin(), names.end());
  return names;
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

std::vector<std::string> hdf5_dataset_names(const std::string& path) {
  std::lock_guard<std::mutex> lock(hdf5_mutex());
  Handle file(open_file(path), H5Fclose);
  return names_locked(file.get());
}

Hdf5Array read_hdf5(const std::string& path, const std::string& name) {
  std::lock_guard<std::mutex> lock(hdf5_mutex());
  Handle file(open_file(path), H5Fclose);
  const std::vector<std::string> names = names_locked(file.get());
  TG_CHECK(std::find(names.begin(), names.end(), name) != names.end(), kWhere, "'", path, "': no dataset '", name,
           "' (it has: ", joined(names), ")");
  Handle dataset(H5Dopen2(file.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
  TG_CHECK(dataset.ok(), kWhere, "'", path, "': dataset '", name, "' cannot be opened");
  Handle space(H5Dget_space(dataset.get()), H5Sclose);
  Handle type(H5Dget_type(dataset.get()), H5Tclose);
  TG_CHECK(space.ok() && type.ok(), kWhere, "'", path, "': dataset '", name, "' has no readable type or shape");

  Hdf5Array result;
  result.name = name;
  const int rank = H5Sget_simple_extent_ndims(space.get());
  TG_CHECK(rank >= 0, kWhere, "'", path, "': dataset '", name, "' is not a simple array");
  std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr);
  // A corrupt file can declare any sizes: the product must not wrap (a small buffer that
  // H5Dread then overruns), and what it costs is bounded before allocating (chunked datasets
  // may be compressed, and deflate expands at most 1032:1; fill values aside, no honest
  // dataset is larger).
  const std::uint64_t file_size = std::filesystem::file_size(path);
  const std::uint64_t limit = std::max<std::uint64_t>(file_size, 1) * 1032;
  std::uint64_t count = 1;
  for (auto d : dims) {
    result.shape.push_back(static_cast<std::int64_t>(d));
    TG_CHECK(d == 0 || count <= limit / d, kWhere, "'", path, "': dataset '", name, "' declares the shape ",
             shape_to_string(result.shape), "..., more elements than a file of ", file_size, " bytes can hold");
    count *= d;
  }

  const H5T_class_t type_class = H5Tget_class(type.get());
  const std::size_t type_size = H5Tget_size(type.get());
  TG_CHECK(type_size > 0 && type_size <= 1024 && count <= limit / type_size, kWhere, "'", path, "': dataset '", name,
           "' of shape ", shape_to_string(result.shape), " with ", type_size,
           "-byte elements is larger than a file of ", file_size, " bytes can hold");
  auto read = [&](hid_t memory_type, void* out) {
    TG_CHECK(H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out) >= 0, kWhere, "'", path,
             "': dataset '", name, "' cannot be read (truncated or corrupt file)");
  };
  if (type_class == H5T_INTEGER && type_size == 1 && H5Tget_sign(type.get()) == H5T_SGN_NONE) {
    result.dtype = "uint8";
    auto bytes = std::make_shared<std::vector<std::uint8_t>>(count);
    read(H5T_NATIVE_UINT8, bytes->data());
    result.bytes = ByteArray{result.shape, std::move(bytes)};
  } else if (type_class == H5T_INTEGER) {
    result.dtype = "int64";
    result.tensor = empty(result.shape, kInt64);
    read(H5T_NATIVE_INT64, result.tensor.data_ptr());
  } else if (type_class == H5T_FLOAT) {
    const bool single = type_size <= 4;
    result.dtype = single ? "float32" : "float64";
    result.tensor = empty(result.shape, single ? kFloat32 : kFloat64);
    read(single ? H5T_NATIVE_FLOAT : H5T_NATIVE_DOUBLE, result.tensor.data_ptr());
  } else if (type_class == H5T_STRING && H5Tis_variable_str(type.get()) <= 0) {
    result.dtype = "string";
    std::string buffer(count * type_size, '\0');
    read(type.get(), buffer.data());
    for (std::size_t i = 0; i < count; ++i) {
      std::string s = buffer.substr(i * type_size, type_size);
      s.erase(std::find(s.begin(), s.end(), '\0'), s.end());
      result.strings.push_back(std::move(s));
    }
  } else {
    tapegrad::detail::fail(kWhere, "'", path, "': dataset '", name, "' has HDF5 type class ", int{type_class}, " of ",
                           type_size,
                           " bytes; only unsigned bytes, integers, floats and fixed-length "
                           "strings are read");
  }
  return result;
}

}  // namespace tapegrad::data
