// Lesson 8: a map of what a model learned, by principal component analysis (PCA).
//
// A factor model gives every item a vector q_i of d numbers (d = 32 here), and two
// items the same users like end up with nearby vectors. Nobody can look at 32
// dimensions, so we look for the flat picture that loses least.
//
// Centre the n item vectors (subtract their mean m) and stack them as the rows of X.
// Projected onto a unit direction v, item i lands at x_i . v, and the spread of the
// whole cloud along v is
//
//     var(v) = (1/(n-1)) Σ_i (x_i . v)²  =  vᵀ C v,      C = XᵀX / (n - 1)  (d x d)
//
// Maximising vᵀ C v over |v| = 1 (a Lagrange multiplier λ for the constraint) gives
// C v = λ v: the best direction is C's eigenvector of largest eigenvalue, and the
// spread along it is that eigenvalue. The second axis is the best direction at right
// angles to the first: the eigenvector of the second-largest eigenvalue. Together
// they keep (λ1 + λ2) / trace(C) of the total spread; two random directions would
// keep about 2/d of it.
//
// Finding them: multiply any vector by C again and again and it turns towards the
// top eigenvector, because each multiplication stretches its component along
// eigenvector k by λk and the largest stretch wins (power iteration). Doing it to
// two vectors at once, made orthonormal after every step, finds the top two
// (orthogonal iteration; export/pca.cpp). Each item's map position is then
// (x_i . v1, x_i . v2).
//
// Run: example_08_embeddings_map [ML-100K-DIR] [--epochs N] [--out FILE]
// Expected output of `example_08_embeddings_map --epochs 3 --out FILE` (as CTest runs it; built-in synthetic data, seed 0),
// abridged with "…":
//
//     builtin, split random: train 80000, validation 0, test 20000
//     lmf, 3 epochs: test ndcg@10 0.3956
//
//     1700 items x 32 dimensions; total spread (trace of C) 1.6794
//     axis 1 keeps 22.4%, axis 2 17.1%: together 39.5% (two random directions: about 6.2%)
//     orthogonal iteration settled after 290 steps
//
//     axis 1, low end: 439, 1147, 4, 1356
//     axis 1, high end: 782, 1217, 531, 495
//
//     axis 2, low end: 287, 323, 1425, 246
//     axis 2, high end: 489, 501, 1379, 330
//
//     spread round each item's main-genre centre: 83.3% of the spread round the map's centre
//     wrote FILE
//
//     lmf, one random batch in double, loss 1.171170926917 by the tape and 1.171170926917 by hand;
//     worst relative difference of the gradients, per parameter:
//       parameter     tape vs by hand  tape vs finite diff.  compared/sampled (shifted)
//       user_factors          2.3e-16               4.6e-11                 208/208 (0)
//       item_factors          2.0e-16               3.3e-11                 240/240 (0)
//       …
//       tolerance 1e-06: all agree
//
// Without arguments: the two axes keep 32.7%, genre spread 74.6%. On ML-100K (ml-100k/
// --epochs 3, u1): 56.4%, genre spread 89.5%. The SVG opens in a browser; hover a dot for its title.
// Exits non-zero unless the two axes keep more than two random directions would, genres
// flock at least a little (under 95%), and lmf's gradients agree.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "export/item_catalogue.hpp"
#include "export/item_map.hpp"
#include "export/pca.hpp"
#include "export/svg.hpp"
#include "lesson.hpp"
#include "retrieval/similar_items.hpp"
#include "training/run.hpp"

using namespace recgrad;

namespace {

// What an axis means: the items at its two ends.
void print_axis_ends(const Pca2d& pca, const std::vector<std::string>& labels) {
  for (int axis = 0; axis < 2; ++axis) {
    std::vector<std::int32_t> order(labels.size());
    std::iota(order.begin(), order.end(), 0);
    auto at = [&](std::int32_t i) { return axis == 0 ? pca.x(i) : pca.y(i); };
    std::sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) { return at(a) < at(b); });
    for (const bool low : {true, false}) {
      std::printf("\naxis %d, %s end:", axis + 1, low ? "low" : "high");
      for (int k = 0; k < 4; ++k)
        std::printf("%s %s", k ? "," : "", labels[order[low ? k : order.size() - 1 - k]].c_str());
    }
    std::printf("\n");
  }
}

// Do genres form regions? Spread of items round their own main genre's centre on the
// map, as a share of the spread round the map's centre: 1 if genre told nothing about
// position, less the more items of a genre flock together.
double genre_spread_share(const Pca2d& pca, const ItemCatalogue& items) {
  const std::size_t genres = items.genre_names.size();
  std::vector<double> sx(genres, 0), sy(genres, 0), count(genres, 0);
  for (std::int32_t i = 0; i < items.size(); ++i) {
    const std::int32_t g = items.main_genre[i];
    if (g < 0) continue;
    sx[g] += pca.x(i);
    sy[g] += pca.y(i);
    count[g] += 1;
  }
  double within = 0, total = 0;
  for (std::int32_t i = 0; i < items.size(); ++i) {
    const std::int32_t g = items.main_genre[i];
    if (g < 0) continue;
    within += std::pow(pca.x(i) - sx[g] / count[g], 2) + std::pow(pca.y(i) - sy[g] / count[g], 2);
    total += pca.x(i) * pca.x(i) + pca.y(i) * pca.y(i);  // the map's centre is the origin
  }
  return within / total;
}

}  // namespace

int main(int argc, char** argv) {
  const lesson::Args args = lesson::parse_args(argc, argv, 0, {{"--out", "embeddings_map.svg"}});
  const std::string& out = args.option("--out");
  const auto [ds, split] = lesson::load(args);

  // 1. A model to look at: logistic MF with its defaults (lesson 2).
  const RunOutcome run = run_training("lmf", ds, split, lesson::setup("lmf", args), /*seed=*/0);
  std::printf("lmf, %lld epochs: test ndcg@10 %.4f\n", static_cast<long long>(run.training.best_epoch), *run.test.ndcg);

  // 2. Its item vectors (what `recgrad similar` compares) and their PCA.
  const Tensor<float>& q = item_vectors(*run.model);
  const Pca2d pca = pca_2d({q.data(), static_cast<std::size_t>(q.size())}, q.rows(), q.cols());
  const double kept = pca.explained(0) + pca.explained(1), random_pair = 2.0 / static_cast<double>(q.cols());
  std::printf("\n%lld items x %lld dimensions; total spread (trace of C) %.4f\n", static_cast<long long>(q.rows()),
              static_cast<long long>(q.cols()), pca.total_variance);
  std::printf("axis 1 keeps %.1f%%, axis 2 %.1f%%: together %.1f%% (two random directions: about %.1f%%)\n",
              100 * pca.explained(0), 100 * pca.explained(1), 100 * kept, 100 * random_pair);
  std::printf("orthogonal iteration settled after %lld steps\n", static_cast<long long>(pca.iterations));

  // 3. What an axis means: the items at its two ends.
  std::vector<std::string> labels;
  for (std::int32_t i = 0; i < ds.num_items(); ++i) labels.push_back(ds.item_label(i));
  print_axis_ends(pca, labels);

  // 4. Do genres form regions?
  const ItemCatalogue items = item_catalogue(labels, ds);
  bool genres_flock = true;
  if (items.has_genres()) {
    const double share = genre_spread_share(pca, items);
    std::printf("\nspread round each item's main-genre centre: %.1f%% of the spread round the map's centre\n",
                100 * share);
    genres_flock = share < 0.95;
  }

  // 5. The picture: one dot per item at (x_i . v1, x_i . v2), coloured by main genre.
  save_svg(out, item_map_svg(pca, items, {.title = "Item map: lmf item vectors, 2-D PCA",
                                          .model = std::to_string(q.cols()) + "-d lmf item vectors"}));
  std::printf("wrote %s\n", out.c_str());

  // 6. The vectors on the map were learnt by lmf's gradient of lesson 2: tape, hand-derived
  //    and finite differences agree.
  std::printf("\n");
  const bool gradients_agree = lesson::print_gradient_table("lmf");

  const bool axes_keep = kept > random_pair;
  if (!genres_flock) std::printf("FAILED: items of one genre do not sit closer together on the map than items in general\n");
  if (!axes_keep) std::printf("FAILED: the two principal axes keep no more than two random directions would\n");
  if (!gradients_agree) std::printf("FAILED: lmf's gradients disagree\n");
  return genres_flock && axes_keep && gradients_agree ? 0 : 1;
}
