// blas_info() and the OpenBLAS kernel selection (TAPEGRAD_BLAS_KERNEL). OpenBLAS's own entry
// points are looked up with dlsym, so tapegrad still links against any other CBLAS.
#include <tapegrad/autograd/blas.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <sstream>
#include <vector>

#include <cblas.h>
#include <dlfcn.h>

namespace tapegrad {
namespace {

template <typename Fn>
Fn symbol(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, name));
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// OpenBLAS 0.3.21's x86-64 kernel sets (force_coretype's names) and what each needs of the CPU.
enum class Needs { kNothing, kAvx, kAvx2, kAvx512 };
struct Kernel {
  const char* name;
  Needs needs;
  bool generic;  // an SSE-era kernel set: what OpenBLAS falls back to on a CPU it does not know
};
const Kernel kKernels[] = {
    {"Katmai", Needs::kNothing, true},
    {"Coppermine", Needs::kNothing, true},
    {"Northwood", Needs::kNothing, true},
    {"Prescott", Needs::kNothing, true},
    {"Banias", Needs::kNothing, true},
    {"Atom", Needs::kNothing, true},
    {"Core2", Needs::kNothing, true},
    {"Penryn", Needs::kNothing, true},
    {"Dunnington", Needs::kNothing, true},
    {"Nehalem", Needs::kNothing, true},
    {"Athlon", Needs::kNothing, true},
    {"Opteron", Needs::kNothing, true},
    {"Opteron_SSE3", Needs::kNothing, true},
    {"Barcelona", Needs::kNothing, true},
    {"Nano", Needs::kNothing, true},
    {"Bobcat", Needs::kNothing, true},
    {"Sandybridge", Needs::kAvx, false},
    {"Bulldozer", Needs::kAvx, false},
    {"Piledriver", Needs::kAvx, false},
    {"Steamroller", Needs::kAvx, false},
    {"Excavator", Needs::kAvx, false},
    {"Haswell", Needs::kAvx2, false},
    {"Zen", Needs::kAvx2, false},
    {"SkylakeX", Needs::kAvx512, false},
    {"Cooperlake", Needs::kAvx512, false},
    {"SapphireRapids", Needs::kAvx512, false},
};

const Kernel* find_kernel(const std::string& name) {
  for (const Kernel& k : kKernels)
    if (lower(k.name) == lower(name)) return &k;
  return nullptr;
}

bool supports(const CpuFeatures& cpu, Needs needs) {
  switch (needs) {
    case Needs::kNothing:
      return true;
    case Needs::kAvx:
      return cpu.avx;
    case Needs::kAvx2:
      return cpu.avx && cpu.avx2 && cpu.fma;
    case Needs::kAvx512:
      return cpu.avx2 && cpu.fma && cpu.avx512f && cpu.avx512bw && cpu.avx512vl && cpu.avx512dq && cpu.avx512cd;
  }
  return false;
}

std::string corename() {
  auto fn = symbol<char* (*)()>("openblas_get_corename");
  return fn ? std::string(fn()) : std::string();
}

// sgemm of a 37x41 by 41x29 product against a double-precision reference.
bool sgemm_self_test() {
  const int m = 37, k = 41, n = 29;
  std::vector<float> a(m * k), b(k * n), c(m * n, 0.0f);
  for (int i = 0; i < m * k; ++i) a[i] = static_cast<float>(std::sin(0.37 * i));
  for (int i = 0; i < k * n; ++i) b[i] = static_cast<float>(std::cos(0.21 * i));
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(), n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      double ref = 0, mag = 0;
      for (int p = 0; p < k; ++p) {
        ref += static_cast<double>(a[i * k + p]) * b[p * n + j];
        mag += std::fabs(static_cast<double>(a[i * k + p]) * b[p * n + j]);
      }
      if (!(std::fabs(c[i * n + j] - ref) <= 1e-5 * mag + 1e-6)) return false;
    }
  return true;
}

// Re-runs OpenBLAS's kernel choice with OPENBLAS_CORETYPE=name set for that moment only (the
// variable was unset: we never get here otherwise), as its own start-up does.
bool switch_kernels(const std::string& name) {
  auto quit = symbol<void (*)()>("gotoblas_dynamic_quit");
  auto init = symbol<void (*)()>("gotoblas_dynamic_init");
  std::string upper = name;
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  const std::string table = "gotoblas_" + upper;
  // without the kernel table compiled in, OpenBLAS would exit(1): check it is there first
  if (!quit || !init || !dlsym(RTLD_DEFAULT, table.c_str())) return false;
  setenv("OPENBLAS_CORETYPE", name.c_str(), 1);
  quit();
  init();
  unsetenv("OPENBLAS_CORETYPE");
  return lower(corename()) == lower(name);
}

std::mutex selection_mutex;
std::string selection = "not applied yet";

void apply_selection() {
  const std::string before = corename();
  const BlasKernelChoice choice = choose_blas_kernel(std::getenv("TAPEGRAD_BLAS_KERNEL"),
                                                     std::getenv("OPENBLAS_CORETYPE"), before, CpuFeatures::detect());
  if (choice.kernel.empty()) {
    selection = "kept (" + choice.reason + ")";
    return;
  }
  if (!switch_kernels(choice.kernel)) {
    selection = "kept " + corename() + " (switching to " + choice.kernel + " failed; " + choice.reason + ")";
    return;
  }
  if (!sgemm_self_test()) {
    switch_kernels(before);
    selection = "kept " + before + " (" + choice.kernel + " failed the sgemm self-test; " + choice.reason + ")";
    return;
  }
  selection = "switched from " + before + " to " + corename() + " (" + choice.reason + "; sgemm self-test passed)";
}

}  // namespace

CpuFeatures CpuFeatures::detect() {
  CpuFeatures f;
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  f.avx = __builtin_cpu_supports("avx");
  f.avx2 = __builtin_cpu_supports("avx2");
  f.fma = __builtin_cpu_supports("fma");
  f.avx512f = __builtin_cpu_supports("avx512f");
  f.avx512bw = __builtin_cpu_supports("avx512bw");
  f.avx512vl = __builtin_cpu_supports("avx512vl");
  f.avx512dq = __builtin_cpu_supports("avx512dq");
  f.avx512cd = __builtin_cpu_supports("avx512cd");
#endif
  return f;
}

BlasKernelChoice choose_blas_kernel(const char* setting, const char* openblas_coretype, const std::string& core,
                                    const CpuFeatures& cpu) {
  const std::string want = setting && *setting ? lower(setting) : "auto";
  if (want == "keep") return {"", "TAPEGRAD_BLAS_KERNEL=keep"};
  if (openblas_coretype) return {"", "OPENBLAS_CORETYPE=" + std::string(openblas_coretype) + " set by the environment"};
  if (core.empty()) return {"", "not OpenBLAS, or no kernel choice to make"};
  if (want != "auto") {
    const Kernel* k = find_kernel(want);
    if (!k) return {"", "TAPEGRAD_BLAS_KERNEL=" + std::string(setting) + " is not an OpenBLAS kernel name"};
    if (!supports(cpu, k->needs))
      return {"", "TAPEGRAD_BLAS_KERNEL=" + std::string(setting) + ": this CPU lacks the instructions it needs"};
    if (lower(core) == lower(k->name)) return {"", std::string("OpenBLAS already runs ") + k->name};
    return {k->name, "TAPEGRAD_BLAS_KERNEL=" + std::string(setting)};
  }
  const Kernel* current = find_kernel(core);
  if (!current || !current->generic) return {"", "auto: OpenBLAS chose " + core + ", not a generic fallback"};
  for (const char* best : {"SkylakeX", "Haswell", "Sandybridge"}) {
    const Kernel* k = find_kernel(best);
    if (supports(cpu, k->needs))
      return {k->name, "auto: OpenBLAS fell back to " + core + " on a CPU that runs " + k->name + " kernels"};
  }
  return {"", "auto: " + core + " is the best this CPU supports"};
}

namespace detail {
void ensure_blas_kernels() {
  static std::once_flag once;
  std::call_once(once, [] {
    std::lock_guard<std::mutex> lock(selection_mutex);
    apply_selection();
  });
}
}  // namespace detail

BlasInfo blas_info() {
  detail::ensure_blas_kernels();
  BlasInfo info;
  auto config = symbol<char* (*)()>("openblas_get_config");
  auto threads = symbol<int (*)()>("openblas_get_num_threads");
  info.library = config ? "OpenBLAS" : "unknown BLAS";
  if (config) {
    info.config = config();
    std::istringstream words(info.config);
    std::string first, second;
    words >> first >> second;
    if (first == "OpenBLAS") info.version = second;
  }
  info.core = corename();
  info.threads = threads ? threads() : 0;
  std::lock_guard<std::mutex> lock(selection_mutex);
  info.kernel_selection = selection;
  return info;
}

std::string BlasInfo::to_string() const {
  std::ostringstream out;
  out << library;
  if (!version.empty()) out << " " << version;
  out << ", core " << (core.empty() ? "unknown" : core) << ", " << threads
      << " thread(s), kernel selection: " << kernel_selection;
  return out.str();
}

}  // namespace tapegrad
