// Products composed from matmul/mm, mul, sum and the view ops: none needs a backward of its own.
#include <tapegrad/autograd/ops/products.hpp>

#include <algorithm>
#include <map>

#include <tapegrad/autograd/function.hpp>
#include <tapegrad/autograd/ops/elementwise.hpp>
#include <tapegrad/autograd/ops/linalg.hpp>
#include <tapegrad/autograd/ops/reduction_dims.hpp>
#include <tapegrad/autograd/ops/shape.hpp>
#include "kernel_utils.hpp"

namespace tapegrad {

using autograd::named_op;

namespace {

void check_rank(const Tensor& t, std::int64_t rank, const char* op, const char* what) {
  detail::checked(t, op);
  TG_CHECK(t.dim() == rank, op, "expects ", what, " to be ", rank, "-D, got shape ", shape_to_string(t.shape()));
}

// beta * input + alpha * product, where beta 0 ignores input entirely (as torch).
Tensor scaled_sum(const Tensor& input, const Tensor& product, double beta, double alpha) {
  Tensor p = alpha == 1.0 ? product : mul(product, alpha);
  if (beta == 0.0) return p;
  return add(beta == 1.0 ? input : mul(input, beta), p);
}

}  // namespace

Tensor bmm(const Tensor& a, const Tensor& b) {
  check_rank(a, 3, "bmm", "the first operand");
  check_rank(b, 3, "bmm", "the second operand");
  TG_CHECK(a.size(0) == b.size(0), "bmm", "batch sizes differ: ", shape_to_string(a.shape()), " and ",
           shape_to_string(b.shape()));
  return named_op("BmmBackward", [&] { return mm(a, b); });
}

Tensor addmm(const Tensor& input, const Tensor& mat1, const Tensor& mat2, double beta, double alpha) {
  check_rank(mat1, 2, "addmm", "mat1");
  check_rank(mat2, 2, "addmm", "mat2");
  detail::checked(input, "addmm");
  return named_op("AddmmBackward", [&] { return scaled_sum(input, mm(mat1, mat2), beta, alpha); });
}

Tensor addmv(const Tensor& input, const Tensor& mat, const Tensor& vec, double beta, double alpha) {
  detail::checked(input, "addmv");
  return named_op("AddmvBackward", [&] { return scaled_sum(input, mv(mat, vec), beta, alpha); });
}

Tensor baddbmm(const Tensor& input, const Tensor& batch1, const Tensor& batch2, double beta, double alpha) {
  detail::checked(input, "baddbmm");
  return named_op("BaddbmmBackward", [&] { return scaled_sum(input, bmm(batch1, batch2), beta, alpha); });
}

Tensor dot(const Tensor& a, const Tensor& b) {
  check_rank(a, 1, "dot", "the first operand");
  check_rank(b, 1, "dot", "the second operand");
  TG_CHECK(a.size(0) == b.size(0), "dot", "sizes differ: ", a.size(0), " and ", b.size(0));
  return named_op("DotBackward", [&] { return matmul(a, b); });
}

Tensor vdot(const Tensor& a, const Tensor& b) {
  check_rank(a, 1, "vdot", "the first operand");
  check_rank(b, 1, "vdot", "the second operand");
  TG_CHECK(a.size(0) == b.size(0), "vdot", "sizes differ: ", a.size(0), " and ", b.size(0));
  return named_op("VdotBackward", [&] { return matmul(a, b); });
}

Tensor outer(const Tensor& a, const Tensor& b) {
  check_rank(a, 1, "outer", "the first operand");
  check_rank(b, 1, "outer", "the second operand");
  return named_op("OuterBackward", [&] { return mul(unsqueeze(a, 1), unsqueeze(b, 0)); });
}

Tensor mv(const Tensor& mat, const Tensor& vec) {
  check_rank(mat, 2, "mv", "the matrix");
  check_rank(vec, 1, "mv", "the vector");
  TG_CHECK(mat.size(1) == vec.size(0), "mv", "cannot multiply ", shape_to_string(mat.shape()), " by ",
           shape_to_string(vec.shape()));
  return named_op("MvBackward", [&] { return matmul(mat, vec); });
}

// einsum: every operand is brought to the order of all the equation's letters (a diagonal for a
// letter it repeats, a size-1 dimension for a letter it lacks), the operands are multiplied with
// broadcasting, the letters missing from the output are summed, and the rest permuted into place.
namespace {

/// An einsum equation without its spaces, where its "->" is (npos without one), and its left
/// side split into one term per operand.
struct Equation {
  std::string eq;
  std::size_t arrow;
  std::vector<std::string> terms;
};

Equation parse_equation(const std::string& equation, std::size_t operand_count) {
  Equation parsed;
  for (char c : equation)
    if (c != ' ') parsed.eq += c;
  parsed.arrow = parsed.eq.find("->");
  const std::string lhs = parsed.eq.substr(0, parsed.arrow);
  std::size_t start = 0;
  for (std::size_t i = 0; i <= lhs.size(); ++i)
    if (i == lhs.size() || lhs[i] == ',') {
      parsed.terms.push_back(lhs.substr(start, i - start));
      start = i + 1;
    }
  TG_CHECK(parsed.terms.size() == operand_count, "einsum", "the equation \"", equation, "\" names ",
           parsed.terms.size(), " operands, got ", operand_count);
  return parsed;
}

// The equation with every "..." spelled out in letters it does not use, as torch broadcasts
// them: an operand's ellipsis dims are the last of the widest one's (right-aligned), size-1 dims
// broadcast, and without "->" the output is the ellipsis then the letters used once, sorted.
std::string spell_out_ellipsis(const std::string& equation, const std::vector<Tensor>& operands) {
  const char* op = "einsum";
  const auto [eq, arrow, terms] = parse_equation(equation, operands.size());
  std::vector<std::int64_t> ellipsis_dims(terms.size(), 0);
  std::int64_t widest = 0;
  std::map<char, int> count;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    std::size_t at = terms[k].find("...");
    std::string letters = terms[k];
    if (at != std::string::npos) letters.erase(at, 3);
    TG_CHECK(letters.find('.') == std::string::npos, op, "operand ", k, "'s term \"", terms[k],
             "\" has a '.' outside a single \"...\"");
    for (char c : letters) ++count[c];
    if (at == std::string::npos) continue;
    detail::checked(operands[k], op);
    ellipsis_dims[k] = operands[k].dim() - static_cast<std::int64_t>(letters.size());
    TG_CHECK(ellipsis_dims[k] >= 0, op, "operand ", k, " has ", operands[k].dim(), " dimensions but \"", terms[k],
             "\" names ", letters.size(), " besides \"...\"");
    widest = std::max(widest, ellipsis_dims[k]);
  }
  std::string fresh;
  for (char c : std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"))
    if (static_cast<std::int64_t>(fresh.size()) < widest && eq.find(c) == std::string::npos) fresh += c;
  TG_CHECK(static_cast<std::int64_t>(fresh.size()) == widest, op, "too many dimensions under \"...\" in \"", equation,
           "\"");
  std::string rewritten;
  for (std::size_t k = 0; k < terms.size(); ++k) {
    std::string t = terms[k];
    std::size_t at = t.find("...");
    if (at != std::string::npos) t.replace(at, 3, fresh.substr(static_cast<std::size_t>(widest - ellipsis_dims[k])));
    rewritten += (k ? "," : "") + t;
  }
  std::string out;
  if (arrow == std::string::npos) {
    out = fresh;
    for (const auto& [c, n] : count)  // std::map: sorted
      if (n == 1) out += c;
  } else {
    out = eq.substr(arrow + 2);
    std::size_t at = out.find("...");
    if (at != std::string::npos) out.replace(at, 3, fresh);
    TG_CHECK(out.find('.') == std::string::npos, op, "the output \"", eq.substr(arrow + 2),
             "\" has a '.' outside a single \"...\"");
  }
  return rewritten + "->" + out;
}

}  // namespace

Tensor einsum(const std::string& equation, const std::vector<Tensor>& operands) {
  const char* op = "einsum";
  if (equation.find('.') != std::string::npos) return einsum(spell_out_ellipsis(equation, operands), operands);
  const auto [eq, arrow, terms] = parse_equation(equation, operands.size());
  std::map<char, int> count;
  std::string letters;  // in order of first appearance
  for (const std::string& t : terms)
    for (char c : t) {
      TG_CHECK(std::isalpha(static_cast<unsigned char>(c)), op, "invalid character '", c, "' in \"", equation, "\"");
      if (count[c]++ == 0) letters += c;
    }
  std::string out;
  if (arrow == std::string::npos) {
    for (const auto& [c, n] : count)
      if (n == 1) out += c;
  } else {
    out = eq.substr(arrow + 2);
    for (char c : out) {
      TG_CHECK(count.count(c) == 1, op, "output letter '", c, "' does not appear in an input of \"", equation, "\"");
      TG_CHECK(std::count(out.begin(), out.end(), c) == 1, op, "output letter '", c, "' appears more than once");
    }
  }
  std::map<char, std::int64_t> size;
  return named_op("EinsumBackward", [&] {
    Tensor product;
    for (std::size_t k = 0; k < operands.size(); ++k) {
      Tensor x = operands[k];
      detail::checked(x, op);
      std::string term = terms[k];
      TG_CHECK(static_cast<std::int64_t>(term.size()) == x.dim(), op, "operand ", k, " has ", x.dim(),
               " dimensions but \"", term, "\" names ", term.size());
      // A letter repeated within the term: take the diagonal (which moves it last).
      for (std::size_t i = 0; i < term.size(); ++i)
        for (std::size_t j = i + 1; j < term.size(); ++j)
          if (term[i] == term[j]) {
            TG_CHECK(x.size(static_cast<std::int64_t>(i)) == x.size(static_cast<std::int64_t>(j)), op, "letter '",
                     term[i], "' has sizes ", x.size(static_cast<std::int64_t>(i)), " and ",
                     x.size(static_cast<std::int64_t>(j)), " in operand ", k);
            x = diagonal(x, 0, static_cast<std::int64_t>(i), static_cast<std::int64_t>(j));
            char c = term[i];
            term.erase(j, 1);
            term.erase(i, 1);
            term += c;
            i = static_cast<std::size_t>(-1);  // rescan
            break;
          }
      for (std::size_t i = 0; i < term.size(); ++i) {
        std::int64_t n = x.size(static_cast<std::int64_t>(i));
        auto it = size.find(term[i]);
        if (it == size.end())
          size[term[i]] = n;
        else if (it->second == 1)
          it->second = n;
        else
          TG_CHECK(n == it->second || n == 1, op, "letter '", term[i], "' has sizes ", it->second, " and ", n);
      }
      // Permute into the order of `letters`, then view with a 1 for every letter it lacks.
      Shape perm, shape;
      for (char c : letters) {
        std::size_t pos = term.find(c);
        if (pos != std::string::npos) perm.push_back(static_cast<std::int64_t>(pos));
      }
      x = permute(x, perm);
      std::size_t next = 0;
      for (char c : letters)
        shape.push_back(term.find(c) != std::string::npos ? x.size(static_cast<std::int64_t>(next++)) : 1);
      x = reshape(x, shape);
      product = product.defined() ? mul(product, x) : x;
    }
    std::vector<std::int64_t> summed;
    std::string kept;
    for (std::size_t i = 0; i < letters.size(); ++i)
      if (out.find(letters[i]) == std::string::npos)
        summed.push_back(static_cast<std::int64_t>(i));
      else
        kept += letters[i];
    // Broadcast size-1 letters to their full size first, so that summing them counts every term.
    Shape full;
    for (char c : letters) full.push_back(size[c]);
    product = expand(product, full);
    Tensor reduced = summed.empty() ? product : sum(product, summed, false);
    Shape perm;
    for (char c : out) perm.push_back(static_cast<std::int64_t>(kept.find(c)));
    return out.empty() ? reduced : permute(reduced, perm);
  });
}

}  // namespace tapegrad
