// The renderer's own DOM (spec "Renderer Process": DOM tree construction): what the HTML
// parser builds, what layout reads, and what the JavaScript issue will bind. Nodes own their
// children; every other link (parent, document) borrows.
#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nexus::web::dom {

enum class NodeType { kDocument, kDoctype, kElement, kText, kComment };

class Document;
class Element;

class Node {
 public:
  virtual ~Node() = default;
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  NodeType type() const { return type_; }
  Node* parent() const { return parent_; }
  Document* owner_document() const { return document_; }
  const std::vector<std::unique_ptr<Node>>& children() const { return children_; }
  Node* first_child() const { return children_.empty() ? nullptr : children_.front().get(); }
  Node* last_child() const { return children_.empty() ? nullptr : children_.back().get(); }
  Node* next_sibling() const;
  Node* previous_sibling() const;

  // Appends `child` (taking it out of nowhere: it must have no parent) and returns it.
  Node* AppendChild(std::unique_ptr<Node> child);
  // The same while the parser builds a new document, which nothing has styled or read yet:
  // no change is recorded (everything in it is new to whoever looks).
  Node* AppendParsedChild(std::unique_ptr<Node> child);
  // Room for `count` children, when the parser knows how many come.
  void ReserveChildren(size_t count) { children_.reserve(count); }
  // Inserts `child` (without a parent) before `reference`, one of this node's children;
  // appends when `reference` is null.
  Node* InsertBefore(std::unique_ptr<Node> child, Node* reference);
  std::unique_ptr<Node> RemoveChild(Node* child);

  // A text or comment node's data; for others, the data of every Text below, in tree order.
  std::string TextContent() const;

  Element* AsElement();
  const Element* AsElement() const;

  // What changed since styles were last computed (Blink's style invalidation bits, coarser):
  // mutations set them, web/style reads and clears them, so that a script's change restyles
  // and lays out again only what it touched.
  // This element's style, and what is below it, must be computed again (it is new, or an
  // attribute, its text or its form state changed).
  bool needs_style() const { return flags_ & kNeedsStyle; }
  // Something below it needs style, or its list of children changed.
  bool child_needs_style() const { return flags_ & kChildNeedsStyle; }
  // Children came or went (siblings' :first-child, :nth-child and + or ~ may change).
  bool children_changed() const { return flags_ & kChildrenChanged; }
  void ClearStyleFlags() const { flags_ = 0; }
  // Marks this node's style stale, and its ancestors as on the way to it.
  void MarkNeedsStyle();

 protected:
  Node(NodeType type, Document* document) : type_(type), document_(document) {}

 private:
  enum : uint8_t { kNeedsStyle = 1, kChildNeedsStyle = 2, kChildrenChanged = 4 };
  void MarkAncestors();
  void ChildrenChanged(const Node& child);

  NodeType type_;
  mutable uint8_t flags_ = kNeedsStyle;
  Node* parent_ = nullptr;
  size_t index_in_parent_ = 0;
  Document* document_;
  std::vector<std::unique_ptr<Node>> children_;
};

struct Attribute {
  std::string name;  // lower case for HTML elements
  std::string value;
};

class Element : public Node {
 public:
  Element(Document* document, std::string tag_name)
      : Node(NodeType::kElement, document), tag_name_(std::move(tag_name)) {}
  const std::string& tag_name() const { return tag_name_; }  // lower case
  const std::vector<Attribute>& attributes() const { return attributes_; }
  std::optional<std::string_view> GetAttribute(std::string_view name) const;
  bool HasAttribute(std::string_view name) const { return GetAttribute(name).has_value(); }
  void SetAttribute(std::string name, std::string value);
  // The parser's attributes of a new element, given once each (AppendParsedChild's case).
  void AddParsedAttribute(std::string name, std::string value) {
    attributes_.push_back({std::move(name), std::move(value)});
  }
  void RemoveAttribute(std::string_view name);

  // Form controls (HTML's "dirty" value and checkedness): what the user or a script set,
  // else what the attributes say. A textarea's default value is its text.
  std::string Value() const;
  void SetValue(std::string value);
  bool Checked() const { return checked_.value_or(HasAttribute("checked")); }
  void SetChecked(bool checked);

 private:
  std::string tag_name_;
  std::vector<Attribute> attributes_;
  std::optional<std::string> value_;
  std::optional<bool> checked_;
};

// Inline: layout and style ask it of every node they walk.
inline Element* Node::AsElement() {
  return type_ == NodeType::kElement ? static_cast<Element*>(this) : nullptr;
}
inline const Element* Node::AsElement() const {
  return type_ == NodeType::kElement ? static_cast<const Element*>(this) : nullptr;
}

// Text and comments: character data.
class CharacterData : public Node {
 public:
  CharacterData(NodeType type, Document* document, std::string data)
      : Node(type, document), data_(std::move(data)) {}
  const std::string& data() const { return data_; }
  void set_data(std::string data);

 private:
  std::string data_;
};

class Doctype : public Node {
 public:
  Doctype(Document* document, std::string name)
      : Node(NodeType::kDoctype, document), name_(std::move(name)) {}
  const std::string& name() const { return name_; }

 private:
  std::string name_;
};

class Document : public Node {
 public:
  Document() : Node(NodeType::kDocument, this) {}
  std::unique_ptr<Element> CreateElement(std::string tag_name);
  std::unique_ptr<CharacterData> CreateText(std::string data);
  std::unique_ptr<CharacterData> CreateComment(std::string data);

  Element* document_element() const;  // <html>
  Element* head() const;
  Element* body() const;
  // The first <title>'s text, whitespace collapsed and trimmed, as document.title.
  std::string Title() const;
  std::vector<Element*> GetElementsByTagName(std::string_view tag_name) const;
  size_t ElementCount() const;

  // Quirks mode as the parser decided it (no or an old doctype), and limited-quirks mode
  // (HTML 4.01 Transitional with a system identifier, and the like).
  bool quirks_mode = false;
  bool limited_quirks_mode = false;
  // A <style> or <link> came, went or changed since styles were last computed: the sheets
  // must be read again (web/style clears it).
  mutable bool style_sheets_changed = true;
  // Counts changes to any node's children: what caches a list of children checks.
  uint64_t structure_version = 0;
  // How many <script> elements were ever made for it: none, and it has no scripts to run
  // (Page::RunScripts need not walk the tree to find out).
  size_t scripts_created = 0;
};

// Every descendant of `root` in tree order (root excluded), walked as the loop asks for
// them through parent and sibling links: nothing is copied (a document's walk used to
// gather half a million pointers first), deep trees are safe, and a loop that stops early
// walks no further. The tree must not change during the walk.
class Descendants {
 public:
  explicit Descendants(const Node& root) : root_(&root) {}

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = const Node*;
    using difference_type = std::ptrdiff_t;
    using pointer = const Node* const*;
    using reference = const Node*;

    Iterator() = default;
    Iterator(const Node* root, const Node* node) : root_(root), node_(node) {}
    const Node* operator*() const { return node_; }
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const Iterator& other) const { return node_ == other.node_; }

   private:
    const Node* root_ = nullptr;
    const Node* node_ = nullptr;  // null at the end
  };

  Iterator begin() const { return Iterator(root_, root_->first_child()); }
  Iterator end() const { return Iterator(root_, nullptr); }

 private:
  const Node* root_;
};

// Collapses runs of ASCII whitespace into one space and trims both ends.
std::string CollapseWhitespace(std::string_view text);

}  // namespace nexus::web::dom
