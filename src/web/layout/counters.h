// CSS counters in tree order (CSS Lists 3 §4): counter-reset, counter-increment and
// counter-set as the box tree builder meets each element, each counter a stack of nested
// instances, an instance living among the siblings of the element that made it (and their
// descendants) until their parent ends.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "web/css/computed_style.h"

namespace nexus::web::layout {

class CounterState {
 public:
  // An element's (or pseudo-element's) counter properties, among siblings at `scope`:
  // resets, then increments, then sets (CSS Lists 3 §4.3). A list item increments list-item
  // by one unless it says what to do with list-item itself.
  void Apply(const css::ComputedStyle& style, int scope, bool list_item);
  // Sets a counter (instantiating it at `scope` when there is none): HTML's list numbering.
  void Set(const std::string& name, int value, int scope);
  // The parent of the elements at `scope` ended: their instances go.
  void LeaveScope(int scope);

  // The counter's instances, outermost first; a counter no one made is one instance of 0
  // (which it would be, instantiated there).
  std::vector<int> Values(const std::string& name) const;
  // How many times a counter other than list-item was changed or read: a subtree whose
  // building changed this number depends on counters around it.
  uint64_t custom_uses() const { return custom_uses_; }
  void NoteRead(const std::string& name) {
    if (name != "list-item")
      ++custom_uses_;
  }

 private:
  struct Instance {
    int value;
    int scope;
  };
  std::vector<Instance>& Instantiated(const std::string& name, int scope);

  std::map<std::string, std::vector<Instance>> counters_;
  uint64_t custom_uses_ = 0;
};

// A counter's value as a list-style-type writes it ("iv", "D", "•"), without a suffix;
// "" for none.
std::string CounterText(int value, const std::string& style);

}  // namespace nexus::web::layout
