#include "web/layout/counters.h"

#include <algorithm>
#include <cstdint>

#include "base/ascii.h"

namespace nexus::web::layout {
namespace {

// `name <integer>?` pairs of counter-reset, counter-increment or counter-set; `none` is none.
std::vector<std::pair<std::string, int>> CounterPairs(const std::vector<css::ComponentValue>& value,
                                                      int default_value) {
  std::vector<std::pair<std::string, int>> pairs;
  if (value.size() == 1 && css::IsIdent(value[0], "none"))
    return pairs;  // nearly every element: nothing to copy the value for
  for (const css::ComponentValue& part : css::WithoutWhitespace(value)) {
    if (part.IsToken(css::TokenType::kIdent) && !css::IsIdent(part, "none")) {
      pairs.emplace_back(part.token.value, default_value);
    } else if (part.IsToken(css::TokenType::kNumber) && part.token.integer && !pairs.empty()) {
      // Clamped to an int, as browsers clamp counter values.
      pairs.back().second =
          static_cast<int>(std::clamp(part.token.number, -2147483648.0, 2147483647.0));
    }
  }
  return pairs;
}

std::string Alphabetic(int ordinal, char first) {
  if (ordinal <= 0)
    return std::to_string(ordinal);
  std::string out;
  for (int n = ordinal; n > 0; n = (n - 1) / 26)
    out.insert(out.begin(), static_cast<char>(first + (n - 1) % 26));
  return out;
}

std::string Roman(int ordinal, bool upper) {
  if (ordinal <= 0 || ordinal >= 4000)
    return std::to_string(ordinal);
  static const std::pair<int, const char*> kDigits[] = {
      {1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
      {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
  std::string out;
  for (const auto& [value, digits] : kDigits) {
    for (; ordinal >= value; ordinal -= value)
      out += digits;
  }
  if (upper) {
    for (char& c : out)
      c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

std::string Greek(int ordinal) {
  static const char* kLetters[] = {"α", "β", "γ", "δ", "ε", "ζ", "η", "θ", "ι", "κ", "λ", "μ",
                                   "ν", "ξ", "ο", "π", "ρ", "σ", "τ", "υ", "φ", "χ", "ψ", "ω"};
  if (ordinal <= 0)
    return std::to_string(ordinal);
  std::string out;
  for (int n = ordinal; n > 0; n = (n - 1) / 24)
    out.insert(0, kLetters[(n - 1) % 24]);
  return out;
}

}  // namespace

std::vector<CounterState::Instance>& CounterState::Instantiated(const std::string& name,
                                                                int scope) {
  std::vector<Instance>& instances = counters_[name];
  if (instances.empty())
    instances.push_back({0, scope});
  return instances;
}

void CounterState::Apply(const css::ComputedStyle& style, int scope, bool list_item) {
  auto note = [this](const std::string& name) { NoteRead(name); };
  for (const auto& [name, value] : CounterPairs(style.Value("counter-reset"), 0)) {
    note(name);
    std::vector<Instance>& instances = counters_[name];
    // A sibling's instance is replaced; one from further out is nested in.
    if (!instances.empty() && instances.back().scope == scope)
      instances.back().value = value;
    else
      instances.push_back({value, scope});
  }
  bool list_item_named = false;
  for (const auto& [name, value] : CounterPairs(style.Value("counter-increment"), 1)) {
    note(name);
    list_item_named |= name == "list-item";
    int& counter = Instantiated(name, scope).back().value;
    counter = static_cast<int>(std::clamp<int64_t>(int64_t{counter} + value, INT32_MIN, INT32_MAX));
  }
  if (list_item && !list_item_named) {
    int& counter = Instantiated("list-item", scope).back().value;
    counter = counter == INT32_MAX ? counter : counter + 1;
  }
  for (const auto& [name, value] : CounterPairs(style.Value("counter-set"), 0)) {
    note(name);
    Instantiated(name, scope).back().value = value;
  }
}

void CounterState::Set(const std::string& name, int value, int scope) {
  Instantiated(name, scope).back().value = value;
}

void CounterState::LeaveScope(int scope) {
  for (auto it = counters_.begin(); it != counters_.end();) {
    std::vector<Instance>& instances = it->second;
    while (!instances.empty() && instances.back().scope >= scope)
      instances.pop_back();
    it = instances.empty() ? counters_.erase(it) : std::next(it);
  }
}

std::vector<int> CounterState::Values(const std::string& name) const {
  auto it = counters_.find(name);
  if (it == counters_.end())
    return {0};
  std::vector<int> values;
  for (const Instance& instance : it->second)
    values.push_back(instance.value);
  return values;
}

std::string CounterText(int value, const std::string& style) {
  if (style == "none")
    return "";
  if (style == "disc")
    return "\u2022";
  if (style == "circle")
    return "\u25e6";
  if (style == "square")
    return "\u25aa";
  if (style == "disclosure-open")
    return "\u25be";
  if (style == "disclosure-closed")
    return "\u25b8";
  if (style == "decimal-leading-zero")
    return (value >= 0 && value < 10 ? "0" : "") + std::to_string(value);
  if (style == "lower-alpha" || style == "lower-latin")
    return Alphabetic(value, 'a');
  if (style == "upper-alpha" || style == "upper-latin")
    return Alphabetic(value, 'A');
  if (style == "lower-roman" || style == "upper-roman")
    return Roman(value, style == "upper-roman");
  if (style == "lower-greek")
    return Greek(value);
  return std::to_string(value);  // decimal, and styles Nexus does not know
}

}  // namespace nexus::web::layout
