// blas_info(), set_num_threads and the kernel-selection rule. The rule is tested as the pure
// function it is: the environment (OPENBLAS_CORETYPE) is never changed here.
#include <boost/test/unit_test.hpp>

#include <tapegrad/tapegrad.hpp>

#include "support/test_support.hpp"

namespace tg = tapegrad;

namespace {
tg::CpuFeatures cpu(bool avx, bool avx2, bool avx512) {
  tg::CpuFeatures f;
  f.avx = avx;
  f.avx2 = f.fma = avx2;
  f.avx512f = f.avx512bw = f.avx512vl = f.avx512dq = f.avx512cd = avx512;
  return f;
}
const tg::CpuFeatures sse_only = cpu(false, false, false), avx_cpu = cpu(true, false, false),
                      avx2_cpu = cpu(true, true, false), avx512_cpu = cpu(true, true, true);
}  // namespace

BOOST_AUTO_TEST_CASE(auto_replaces_a_generic_fallback_with_the_best_the_cpu_runs) {
  BOOST_TEST(tg::choose_blas_kernel(nullptr, nullptr, "Prescott", avx512_cpu).kernel == "SkylakeX");
  BOOST_TEST(tg::choose_blas_kernel("auto", nullptr, "Prescott", avx2_cpu).kernel == "Haswell");
  BOOST_TEST(tg::choose_blas_kernel("", nullptr, "Nehalem", avx_cpu).kernel == "Sandybridge");
  BOOST_TEST(tg::choose_blas_kernel("AUTO", nullptr, "Core2", avx2_cpu).kernel == "Haswell");
  const auto none = tg::choose_blas_kernel(nullptr, nullptr, "Prescott", sse_only);
  BOOST_TEST(none.kernel.empty());
  BOOST_TEST(none.reason.find("best this CPU supports") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(auto_keeps_a_kernel_that_is_not_a_fallback) {
  for (const char* core : {"Haswell", "Zen", "SkylakeX", "Cooperlake", "Sandybridge"})
    BOOST_TEST(tg::choose_blas_kernel(nullptr, nullptr, core, avx512_cpu).kernel.empty());
  // a name this table does not know (a newer OpenBLAS) is never "generic"
  BOOST_TEST(tg::choose_blas_kernel(nullptr, nullptr, "Zen5", avx512_cpu).kernel.empty());
}

BOOST_AUTO_TEST_CASE(the_environment_value_is_never_overridden) {
  for (const char* setting : {static_cast<const char*>(nullptr), "auto", "Haswell", "SkylakeX"}) {
    const auto choice = tg::choose_blas_kernel(setting, "Prescott", "Prescott", avx512_cpu);
    BOOST_TEST(choice.kernel.empty());
    BOOST_TEST(choice.reason.find("OPENBLAS_CORETYPE=Prescott set by the environment") != std::string::npos);
  }
  // even an empty value counts as set: OpenBLAS itself reads it
  BOOST_TEST(tg::choose_blas_kernel(nullptr, "", "Prescott", avx512_cpu).kernel.empty());
}

BOOST_AUTO_TEST_CASE(keep_and_explicit_names) {
  BOOST_TEST(tg::choose_blas_kernel("keep", nullptr, "Prescott", avx512_cpu).kernel.empty());
  BOOST_TEST(tg::choose_blas_kernel("haswell", nullptr, "Cooperlake", avx512_cpu).kernel == "Haswell");
  BOOST_TEST(tg::choose_blas_kernel("SkylakeX", nullptr, "Prescott", avx512_cpu).kernel == "SkylakeX");
  // a kernel the CPU cannot run, an unknown name, the kernel already in use: keep
  BOOST_TEST(tg::choose_blas_kernel("SkylakeX", nullptr, "Prescott", avx2_cpu).reason.find("lacks") !=
             std::string::npos);
  BOOST_TEST(tg::choose_blas_kernel("SkylakeX", nullptr, "Prescott", avx2_cpu).kernel.empty());
  BOOST_TEST(tg::choose_blas_kernel("Pentium9", nullptr, "Prescott", avx512_cpu).kernel.empty());
  BOOST_TEST(tg::choose_blas_kernel("Haswell", nullptr, "Haswell", avx512_cpu).kernel.empty());
  // not OpenBLAS: nothing to choose
  BOOST_TEST(tg::choose_blas_kernel("Haswell", nullptr, "", avx512_cpu).kernel.empty());
}

BOOST_AUTO_TEST_CASE(blas_info_names_the_library_and_kernels) {
  const tg::BlasInfo info = tg::blas_info();
  BOOST_TEST(info.library == "OpenBLAS");  // what this project links
  BOOST_TEST(!info.version.empty());
  BOOST_TEST(!info.core.empty());
  BOOST_TEST(info.threads >= 1);
  BOOST_TEST(info.kernel_selection.rfind("kept", 0) == 0);  // tests never switch: see CI's environment
  BOOST_TEST(info.to_string().find(info.core) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(set_num_threads_sets_the_blas_threads_too) {
  const int before = tg::get_num_threads();
  tg::set_num_threads(1);
  BOOST_TEST(tg::get_num_threads() == 1);
  BOOST_TEST(tg::blas_info().threads == 1);
  tg::set_num_threads(2);
  BOOST_TEST(tg::get_num_threads() == 2);
  BOOST_TEST(tg::blas_info().threads == 2);
  TG_CHECK_THROWS_WITH(tg::set_num_threads(0), "set_num_threads: the thread count must be at least 1, got 0");
  tg::set_num_threads(before);
  // products still right after the changes
  tg::Tensor a = tg::ones({3, 4}), b = tg::full({4, 2}, 0.5);
  BOOST_TEST(tg::mm(a, b).at<float>({2, 1}) == 2.0f);
}
