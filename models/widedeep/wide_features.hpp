// The wide part's input in wide & deep (Cheng et al. 2016): a (user, item) pair as a set
// of binary features, each of which will get one learnt weight.
//
//     user id | item id | gender x genre | age x genre | occupation x genre
//
// A cross feature (v, g) of a user field is on when the user has value v in that field
// and the item has genre g, so an item with three genres turns on three crosses per field.
// This is what lets the wide part memorise "teenagers like Children's films" directly,
// as one weight, where the deep part has to find it through embeddings.
//
// The crosses are those of the issue (Models II); the PyTorch reference (wide_deep.py)
// has gender and age x genre only. All features have value 1, as there. The index
// space is laid out block by block in the order above; a crossed field the data does not
// have (or data without metadata) is left out, which leaves a linear model over ids.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace recgrad {

class WideFeatures {
 public:
  // The user fields crossed with the item's genres, by default gender, age and occupation.
  explicit WideFeatures(const ModelData& data,
                        const std::vector<std::string>& crossed_fields = {"gender", "age", "occupation"});

  std::int64_t size() const { return size_; }  // number of features
  // The crossed fields found in the data, in layout order.
  std::vector<std::string> crossed_fields() const;

  // Bag r holds the features of (users[r], items[r]): ids[offsets[r] .. offsets[r + 1]).
  // The vectors are overwritten (their capacity kept, so a steady loop does not allocate).
  void encode(std::span<const Id> users, std::span<const Id> items, std::vector<Id>& ids,
              std::vector<std::int64_t>& offsets) const;

  // "user_id=3", "item_id=7" or "age=18-24 x genre=Drama": what a feature means, for printing.
  std::string name(std::int64_t feature) const;

 private:
  // One user field crossed with genre: feature first + value * num_genres + genre.
  struct Cross {
    std::string field;
    std::int64_t first = 0;
    std::int32_t values = 0;
    std::vector<std::int32_t> value_of_user;  // the user's value in the field, -1 when unknown
    std::vector<std::string> value_names;
  };

  Id num_users_ = 0, num_items_ = 0;
  std::int64_t size_ = 0;
  std::int32_t num_genres_ = 0;
  std::vector<std::int64_t> genre_offsets_{0};  // item i's genres: genres_[genre_offsets_[i] ..)
  std::vector<std::int32_t> genres_;            // genre values (0 .. num_genres - 1)
  std::vector<std::string> genre_names_;
  std::vector<Cross> crosses_;
};

}  // namespace recgrad
