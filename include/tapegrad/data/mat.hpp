#pragma once
/// Reading double matrices from MATLAB .mat files (level 5, as the ML course's ex4weights.mat),
/// through Debian's libmatio.
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad::data {

/// The variables of a .mat file, in file order.
std::vector<std::string> mat_variable_names(const std::string& path);

/// The real double matrix `variable` as a float64 tensor [rows, cols] in row-major order
/// (MATLAB stores columns first; the values are transposed into place), compressed
/// (miCOMPRESSED) or not:
///     tg::Tensor theta1 = tg::data::read_mat("ex4/ex4weights.mat", "Theta1");  // [25,401]
/// Throws tapegrad::Error "read_mat: '<path>': ..." for a missing file (with the fetch
/// command), a file that is not a MAT-file, a missing variable (listing those there are), a
/// variable of another class (char, int32, struct, cell, sparse, complex, logical, more than two
/// dimensions) or data that cannot be read (truncated, corrupt).
Tensor read_mat(const std::string& path, const std::string& variable);

}  // namespace tapegrad::data
