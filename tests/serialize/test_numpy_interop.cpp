// Checkpoints are NumPy .npz files: numpy.load reads what tapegrad writes, and tapegrad reads
// what numpy.savez / numpy.savez_compressed write. Runs the system python (/usr/bin/python3,
// with python3-numpy from scripts/install-deps.sh); a missing python or numpy fails the test.
#include <sys/wait.h>

#include <cstdio>
#include <limits>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include <tapegrad/autograd/autograd.hpp>
#include <tapegrad/nn/nn.hpp>
#include <tapegrad/serialize/npy.hpp>
#include <tapegrad/serialize/serialize.hpp>
#include <tapegrad/serialize/zip.hpp>

#include "serialize_test_utils.hpp"

namespace tg = tapegrad;
using serialize_test::TempDir;

namespace {

const char* kPython = "/usr/bin/python3";

struct Result {
  int status = -1;
  std::string output;
};

// Runs a python script (written to `dir`) and returns its exit status and combined output.
Result run_python(const TempDir& dir, const std::string& script) {
  std::string file = dir.file("script.py");
  serialize_test::write_bytes(file, script);
  Result r;
  FILE* pipe = ::popen((std::string(kPython) + " " + file + " 2>&1").c_str(), "r");
  BOOST_REQUIRE_MESSAGE(pipe != nullptr, "cannot start " << kPython);
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) r.output.append(buffer, n);
  int status = ::pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A Python literal for every value of a tensor, exact (%.17g round-trips float32 and float64).
std::string python_values(const tg::Tensor& t) {
  std::ostringstream out;
  out << "[";
  if (t.dtype() == tg::kInt64) {
    for (std::int64_t v : t.to_vector<std::int64_t>()) out << v << ",";
  } else {
    char text[40];
    for (double v : t.to_vector<double>()) {
      std::snprintf(text, sizeof text, "%.17g", v);
      out << text << ",";
    }
  }
  out << "]";
  return out.str();
}

std::string python_shape(const tg::Shape& shape) {
  std::ostringstream out;
  out << "(";
  for (auto d : shape) out << d << ",";
  out << ")";
  return out.str();
}

// A script that numpy.loads `path` and checks it holds exactly `tensors`, in order.
std::string numpy_check_script(const std::string& path, const tg::NamedTensors& tensors) {
  std::ostringstream s;
  s << "import sys, zipfile\n"
       "import numpy as np\n"
       "path = '"
    << path
    << "'\n"
       "assert zipfile.ZipFile(path).testzip() is None, 'bad CRC'\n"
       "data = np.load(path, allow_pickle=False)\n"
       "expected = [\n";
  for (const auto& [name, t] : tensors)
    s << "  ('" << name << "', '" << tg::dtype_name(t.dtype()) << "', " << python_shape(t.shape()) << ", "
      << python_values(t) << "),\n";
  s << "]\n"
       "assert list(data.keys()) == [e[0] for e in expected], list(data.keys())\n"
       "for name, dtype, shape, values in expected:\n"
       "    a = data[name]\n"
       "    assert a.dtype == np.dtype(dtype), (name, a.dtype)\n"
       "    assert a.shape == shape, (name, a.shape)\n"
       "    assert a.flags.c_contiguous\n"
       "    assert np.array_equal(a.ravel(), np.array(values, dtype=dtype)), name\n"
       "print('numpy read', len(expected), 'arrays')\n";
  return s.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(numpy_interop)

BOOST_AUTO_TEST_CASE(system_python_has_numpy) {
  TempDir dir;
  Result r = run_python(dir, "import numpy\nprint(numpy.__version__)\n");
  BOOST_REQUIRE_MESSAGE(r.status == 0, kPython << " with numpy is required (scripts/install-deps.sh installs "
                                                  "python3-numpy): "
                                               << r.output);
}

BOOST_AUTO_TEST_CASE(numpy_load_reads_tensors_of_every_dtype_and_rank) {
  tg::manual_seed(11);
  TempDir dir;
  tg::NamedTensors tensors = {
      {"scalar_f32", tg::scalar_tensor(-1.25)},
      {"vector_f64", tg::randn({7}, tg::kFloat64)},
      {"matrix_f32", tg::randn({3, 4})},
      {"rank3_i64", tg::randint(-50, 50, {24}).reshape({2, 3, 4})},
      {"rank4_f64", tg::randn({2, 1, 3, 2}, tg::kFloat64)},
      {"extremes_i64",
       tg::tensor(std::vector<std::int64_t>{std::numeric_limits<std::int64_t>::min(),
                                            std::numeric_limits<std::int64_t>::max(), (1LL << 53) + 1})},
      {"empty_f32", tg::zeros({0, 3})},
      {"big_f64", tg::randn({300, 200}, tg::kFloat64)},
      {"layer.0.weight", tg::randn({2, 2})},
  };
  std::string path = dir.file("tensors.npz");
  tg::save_tensors(tensors, path);
  Result r = run_python(dir, numpy_check_script(path, tensors));
  BOOST_CHECK_MESSAGE(r.status == 0, "python failed: " << r.output);
  BOOST_CHECK_EQUAL(r.output, "numpy read 9 arrays\n");
}

BOOST_AUTO_TEST_CASE(numpy_load_reads_a_module_checkpoint) {
  tg::manual_seed(12);
  TempDir dir;
  auto net = tg::nn::Sequential(tg::nn::Linear(2, 8), tg::nn::Tanh(), tg::nn::Linear(8, 1));
  {
    tg::NoGradGuard no_grad;  // known values, independent of nn::init
    for (auto& p : net->parameters()) p.zero_().add_(tg::randn(p.shape()));
  }
  std::string path = dir.file("net.npz");
  tg::save(net, path);
  Result r = run_python(dir, numpy_check_script(path, net->named_parameters().pairs()));
  BOOST_CHECK_MESSAGE(r.status == 0, "python failed: " << r.output);
  BOOST_CHECK_EQUAL(r.output, "numpy read 4 arrays\n");
}

BOOST_AUTO_TEST_CASE(numpy_load_reads_the_zip64_records_written_for_huge_checkpoints) {
  // Real zip64 needs > 4 GiB; the writer's test switch emits the same records for a small file.
  TempDir dir;
  tg::Tensor w = tg::arange(6.0).reshape({2, 3});
  std::vector<float> values = w.to_vector<float>();
  std::string data(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float));
  std::string path = dir.file("zip64.npz");
  serialize_test::write_bytes(path,
                              tapegrad::serialize::detail::write_zip(
                                  {{"w.npy", tapegrad::serialize::detail::encode_npy(tg::kFloat32, {2, 3}, data)}},
                                  /*force_zip64=*/true));
  Result r = run_python(dir, numpy_check_script(path, {{"w", w}}));
  BOOST_CHECK_MESSAGE(r.status == 0, "python failed: " << r.output);
  BOOST_CHECK_EQUAL(r.output, "numpy read 1 arrays\n");
}

BOOST_AUTO_TEST_CASE(load_tensors_reads_numpy_savez_and_savez_compressed) {
  TempDir dir;
  // numpy writes both archives and, beside them, the expected values as text.
  std::string script = R"(import numpy as np
rng = np.random.default_rng(5)
arrays = {
    'f32': rng.standard_normal((3, 5)).astype(np.float32),
    'f64_0d': np.float64(rng.standard_normal()),
    'i64': rng.integers(-2**62, 2**62, size=(2, 2, 2), dtype=np.int64),
    'fortran': np.asfortranarray(rng.standard_normal((4, 3))),
    'rank4': rng.standard_normal((1, 2, 3, 4)).astype(np.float32),
    'empty': np.zeros((2, 0), dtype=np.float64),
    'noncontiguous': rng.standard_normal((6, 6))[::2, 1::2],
}
np.savez(r'DIR/plain.npz', **arrays)
np.savez_compressed(r'DIR/compressed.npz', **arrays)
with open(r'DIR/expected.txt', 'w') as f:
    for name, a in arrays.items():
        a = np.asarray(a)  # ravel() below reads C order whatever the layout
        values = ' '.join(str(int(v)) if a.dtype == np.int64 else '%.17g' % v for v in a.ravel())
        f.write('%s %s %s | %s\n' % (name, a.dtype.name, ','.join(map(str, a.shape)), values))
)";
  for (std::size_t at; (at = script.find("DIR")) != std::string::npos;) script.replace(at, 3, dir.path.string());
  Result r = run_python(dir, script);
  BOOST_REQUIRE_MESSAGE(r.status == 0, "python failed: " << r.output);

  std::istringstream expected(serialize_test::read_bytes(dir.file("expected.txt")));
  std::vector<std::string> lines;
  for (std::string line; std::getline(expected, line);) lines.push_back(line);
  BOOST_REQUIRE_EQUAL(lines.size(), 7u);

  for (const char* file : {"plain.npz", "compressed.npz"}) {
    BOOST_TEST_CONTEXT(file) {
      tg::NamedTensors loaded = tg::load_tensors(dir.file(file));
      BOOST_REQUIRE_EQUAL(loaded.size(), lines.size());
      for (std::size_t i = 0; i < lines.size(); ++i) {
        std::istringstream in(lines[i]);
        std::string name, dtype, shape_text, bar;
        in >> name >> dtype >> shape_text;
        if (shape_text == "|")
          shape_text.clear();  // 0-d: empty shape field
        else
          in >> bar;
        BOOST_TEST_CONTEXT(name) {
          const tg::Tensor& t = loaded[i].second;
          BOOST_CHECK_EQUAL(loaded[i].first, name);
          BOOST_CHECK_EQUAL(tg::dtype_name(t.dtype()), dtype);
          tg::Shape shape;
          std::istringstream dims(shape_text);
          for (std::string d; std::getline(dims, d, ',');) shape.push_back(std::stoll(d));
          BOOST_CHECK_EQUAL(tg::shape_to_string(t.shape()), tg::shape_to_string(shape));
          if (t.dtype() == tg::kInt64) {
            std::vector<std::int64_t> want;
            for (std::int64_t v; in >> v;) want.push_back(v);
            BOOST_CHECK(t.to_vector<std::int64_t>() == want);
          } else {
            std::vector<double> want;
            for (std::string v; in >> v;) want.push_back(std::strtod(v.c_str(), nullptr));
            BOOST_CHECK(t.to_vector<double>() == want);  // exact: %.17g round-trips
          }
        }
      }
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
