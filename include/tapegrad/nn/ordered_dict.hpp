#pragma once
/// tapegrad::OrderedDict: what named_parameters(), named_buffers(), named_children() and
/// named_modules() return, as LibTorch's torch::OrderedDict: items in insertion order, each
/// with key() and value(), and lookup by key.
///
///     auto params = net->named_parameters();
///     for (const auto& item : params) std::cout << item.key() << " " << item.value().sizes();
///     tg::Tensor* w = params.find("fc1.weight");      // nullptr when absent
///     tg::Tensor& b = params["fc1.bias"];             // throws tapegrad::Error when absent
///     for (auto& [name, p] : params) { ... }          // tapegrad extension: structured bindings
#include <cstddef>
#include <initializer_list>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <tapegrad/autograd/error.hpp>

namespace tapegrad {

/// One key/value pair of an OrderedDict. `item.key()`, `item.value()`, `*item` and
/// `item->` (the value), `item.pair()`; and `auto& [key, value] = item`.
template <typename Key, typename Value>
class OrderedDictItem {
 public:
  OrderedDictItem(Key key, Value value) : pair_(std::move(key), std::move(value)) {}

  const Key& key() const noexcept { return pair_.first; }
  Value& value() noexcept { return pair_.second; }
  const Value& value() const noexcept { return pair_.second; }
  Value& operator*() { return pair_.second; }
  const Value& operator*() const { return pair_.second; }
  Value* operator->() { return &pair_.second; }
  const Value* operator->() const { return &pair_.second; }
  const std::pair<Key, Value>& pair() const noexcept { return pair_; }

  /// For structured bindings: element 0 is the key (never writable), 1 the value.
  template <std::size_t I>
  decltype(auto) get() const {
    if constexpr (I == 0)
      return (pair_.first);
    else
      return (pair_.second);
  }
  template <std::size_t I>
  decltype(auto) get() {
    if constexpr (I == 0)
      return static_cast<const Key&>(pair_.first);
    else
      return (pair_.second);
  }

 private:
  std::pair<Key, Value> pair_;
};

/// A vector of items plus an index from key to position. Keys are unique: inserting a key
/// twice throws. `key_description` names what the keys are in error messages ("Parameter",
/// "Buffer", "Module"), as in LibTorch.
template <typename Key, typename Value>
class OrderedDict {
 public:
  using Item = OrderedDictItem<Key, Value>;
  using Iterator = typename std::vector<Item>::iterator;
  using ConstIterator = typename std::vector<Item>::const_iterator;

  explicit OrderedDict(std::string key_description = "Key") : key_description_(std::move(key_description)) {}
  OrderedDict(std::initializer_list<Item> items) : OrderedDict() {
    for (const auto& item : items) insert(item.key(), item.value());
  }

  const std::string& key_description() const noexcept { return key_description_; }

  Item& front() { return items_.at(checked_index(0, "front()")); }
  const Item& front() const { return items_.at(checked_index(0, "front()")); }
  Item& back() { return items_.at(checked_index(items_.size() - 1, "back()")); }
  const Item& back() const { return items_.at(checked_index(items_.size() - 1, "back()")); }

  /// The item at `index` (insertion order); throws when out of range.
  Item& operator[](std::size_t index) { return items_[checked_index(index, "operator[]")]; }
  const Item& operator[](std::size_t index) const { return items_[checked_index(index, "operator[]")]; }

  /// The value under `key`; throws tapegrad::Error naming the key when there is none.
  Value& operator[](const Key& key) { return *checked_find(key); }
  const Value& operator[](const Key& key) const { return *checked_find(key); }

  /// The value under `key`, or nullptr.
  Value* find(const Key& key) noexcept {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].value();
  }
  const Value* find(const Key& key) const noexcept {
    auto it = index_.find(key);
    return it == index_.end() ? nullptr : &items_[it->second].value();
  }
  bool contains(const Key& key) const noexcept { return index_.count(key) != 0; }

  Iterator begin() { return items_.begin(); }
  ConstIterator begin() const { return items_.begin(); }
  Iterator end() { return items_.end(); }
  ConstIterator end() const { return items_.end(); }

  std::size_t size() const noexcept { return items_.size(); }
  bool is_empty() const noexcept { return items_.empty(); }
  /// std-container spelling of is_empty() (tapegrad extension).
  bool empty() const noexcept { return items_.empty(); }
  void reserve(std::size_t capacity) {
    items_.reserve(capacity);
    index_.reserve(capacity);
  }

  /// Appends `key` -> `value`; throws if `key` is already present.
  template <typename K, typename V>
  Value& insert(K&& key, V&& value) {
    TG_CHECK(index_.count(key) == 0, "OrderedDict", key_description_, " '", key, "' already defined");
    index_.emplace(key, items_.size());
    items_.emplace_back(Key(std::forward<K>(key)), Value(std::forward<V>(value)));
    return items_.back().value();
  }
  Value& insert(Key key, Value&& value) { return insert<Key, Value>(std::move(key), std::move(value)); }
  /// Inserts every item of `other`, in its order.
  void update(const OrderedDict& other) {
    reserve(size() + other.size());
    for (const auto& item : other) insert(item.key(), item.value());
  }
  void update(OrderedDict&& other) {
    reserve(size() + other.size());
    for (auto& item : other) insert(item.key(), std::move(item.value()));
  }
  void erase(const Key& key) {
    auto it = index_.find(key);
    TG_CHECK(it != index_.end(), "OrderedDict", key_description_, " '", key, "' is not defined");
    const std::size_t position = it->second;
    index_.erase(it);
    items_.erase(items_.begin() + static_cast<std::ptrdiff_t>(position));
    for (auto& entry : index_) {
      if (entry.second > position) --entry.second;
    }
  }
  void clear() {
    items_.clear();
    index_.clear();
  }

  const std::vector<Item>& items() const noexcept { return items_; }
  std::vector<Key> keys() const {
    std::vector<Key> result;
    result.reserve(size());
    for (const auto& item : items_) result.push_back(item.key());
    return result;
  }
  std::vector<Value> values() const {
    std::vector<Value> result;
    result.reserve(size());
    for (const auto& item : items_) result.push_back(item.value());
    return result;
  }
  std::vector<std::pair<Key, Value>> pairs() const {
    std::vector<std::pair<Key, Value>> result;
    result.reserve(size());
    for (const auto& item : items_) result.push_back(item.pair());
    return result;
  }

 private:
  std::size_t checked_index(std::size_t index, const char* what) const {
    TG_CHECK(index < items_.size(), "OrderedDict", what, ": index ", index, " is out of range for ", items_.size(),
             " items");
    return index;
  }
  const Value* checked_find(const Key& key) const {
    const Value* value = find(key);
    TG_CHECK(value != nullptr, "OrderedDict", key_description_, " '", key, "' is not defined");
    return value;
  }
  Value* checked_find(const Key& key) {
    return const_cast<Value*>(static_cast<const OrderedDict&>(*this).checked_find(key));
  }

  std::string key_description_;
  std::vector<Item> items_;
  std::unordered_map<Key, std::size_t> index_;
};

}  // namespace tapegrad

// Structured bindings of items: `for (auto& [name, p] : module->named_parameters())`.
namespace std {
template <typename Key, typename Value>
struct tuple_size<tapegrad::OrderedDictItem<Key, Value>> : std::integral_constant<std::size_t, 2> {};
template <typename Key, typename Value>
struct tuple_element<0, tapegrad::OrderedDictItem<Key, Value>> {
  using type = const Key;
};
template <typename Key, typename Value>
struct tuple_element<1, tapegrad::OrderedDictItem<Key, Value>> {
  using type = Value;
};
}  // namespace std
