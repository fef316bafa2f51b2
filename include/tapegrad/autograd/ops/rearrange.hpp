#pragma once
/// More ops that rearrange elements, as torch's: flipping, rolling, padding, repeating, splitting,
/// moving dimensions, diagonals and triangles, grids and sliding windows. All are composed from
/// views, index_select, cat and where, so all have gradients of any order.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <tapegrad/autograd/tensor.hpp>

namespace tapegrad {

/// x reversed along every dim in `dims`.
Tensor flip(const Tensor& x, const std::vector<std::int64_t>& dims);
/// Elements shifted by shifts[i] along dims[i], wrapping around; with no dims, over the flattened
/// tensor (then restored to its shape).
Tensor roll(const Tensor& x, const std::vector<std::int64_t>& shifts, const std::vector<std::int64_t>& dims = {});
/// Pads the last dimensions, as torch.nn.functional.pad: `pad` = {left, right} for the last
/// dimension, then {top, bottom} for the one before, ... `mode` "constant" (with `value`),
/// "reflect" (mirror without the edge) or "replicate" (repeat the edge). Negative constant pads crop.
Tensor pad(const Tensor& x, const std::vector<std::int64_t>& pad, const std::string& mode = "constant",
           double value = 0.0);
/// x repeated sizes[i] times along dimension i (sizes may add leading dimensions), as torch.repeat.
Tensor repeat(const Tensor& x, const std::vector<std::int64_t>& sizes);
/// As repeat, with `reps` shorter than x's rank padded with leading 1s (torch.tile).
Tensor tile(const Tensor& x, const std::vector<std::int64_t>& reps);
/// Each element repeated `repeats` times along `dim` (without dim: of the flattened tensor).
Tensor repeat_interleave(const Tensor& x, std::int64_t repeats, std::optional<std::int64_t> dim = std::nullopt);
/// Pieces of `split_size` along `dim` (the last one smaller if it does not divide).
std::vector<Tensor> split(const Tensor& x, std::int64_t split_size, std::int64_t dim = 0);
/// Pieces of the given sizes along `dim` (they must add up to its size).
std::vector<Tensor> split(const Tensor& x, const std::vector<std::int64_t>& split_sizes, std::int64_t dim = 0);
/// `chunks` pieces (fewer if the size is small) of ceil(size / chunks) along `dim`.
std::vector<Tensor> chunk(const Tensor& x, std::int64_t chunks, std::int64_t dim = 0);
/// The slices along `dim`, that dimension removed.
std::vector<Tensor> unbind(const Tensor& x, std::int64_t dim = 0);
/// Dimension `dim` split into `sizes` (one may be -1).
Tensor unflatten(const Tensor& x, std::int64_t dim, const std::vector<std::int64_t>& sizes);
/// Dimensions `source` moved to positions `destination`, the others keeping their order.
Tensor movedim(const Tensor& x, const std::vector<std::int64_t>& source, const std::vector<std::int64_t>& destination);
Tensor movedim(const Tensor& x, std::int64_t source, std::int64_t destination);
/// A 1-D x as the `diagonal`-th diagonal of a square matrix; of a 2-D x, that diagonal.
Tensor diag(const Tensor& x, std::int64_t diagonal = 0);
/// The last dimension of x as the `offset` diagonal of the planes (dim1, dim2) of the result.
Tensor diag_embed(const Tensor& x, std::int64_t offset = 0, std::int64_t dim1 = -2, std::int64_t dim2 = -1);
/// The lower (tril) or upper (triu) triangle of the last two dimensions, zeros elsewhere;
/// `diagonal` > 0 keeps that many diagonals above the main one (tril) or drops them (triu).
Tensor tril(const Tensor& x, std::int64_t diagonal = 0);
Tensor triu(const Tensor& x, std::int64_t diagonal = 0);
/// Coordinate grids of 1-D tensors; `indexing` "ij" (matrix, torch's default) or "xy".
std::vector<Tensor> meshgrid(const std::vector<Tensor>& tensors, const std::string& indexing = "ij");
/// Windows of `size` every `step` along `dim`, as a new last dimension (torch.Tensor.unfold).
Tensor unfold(const Tensor& x, std::int64_t dim, std::int64_t size, std::int64_t step);
Tensor expand_as(const Tensor& x, const Tensor& other);
Tensor reshape_as(const Tensor& x, const Tensor& other);
Tensor view_as(const Tensor& x, const Tensor& other);
/// expand, under NumPy's name.
Tensor broadcast_to(const Tensor& x, const Shape& shape);
/// Drops those of `dims` whose size is 1.
Tensor squeeze(const Tensor& x, const std::vector<std::int64_t>& dims);
/// Inserts size-1 dimensions at `dims` (positions in the result).
Tensor unsqueeze(const Tensor& x, const std::vector<std::int64_t>& dims);

}  // namespace tapegrad
