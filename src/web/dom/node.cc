#include "web/dom/node.h"

#include <algorithm>

namespace nexus::web::dom {

Node* Node::next_sibling() const {
  if (!parent_ || index_in_parent_ + 1 >= parent_->children_.size())
    return nullptr;
  return parent_->children_[index_in_parent_ + 1].get();
}

Node* Node::previous_sibling() const {
  if (!parent_ || index_in_parent_ == 0)
    return nullptr;
  return parent_->children_[index_in_parent_ - 1].get();
}

namespace {

bool IsStyleSheetElement(const Node& node) {
  const Element* element = node.AsElement();
  return element && (element->tag_name() == "style" || element->tag_name() == "link");
}

bool HoldsStyleSheet(const Node& node) {
  if (IsStyleSheetElement(node))
    return true;
  for (const Node* below : Descendants(node)) {
    if (IsStyleSheetElement(*below))
      return true;
  }
  return false;
}

}  // namespace

void Node::MarkAncestors() {
  for (Node* up = parent_; up && !(up->flags_ & kChildNeedsStyle); up = up->parent_)
    up->flags_ |= kChildNeedsStyle;
}

void Node::MarkNeedsStyle() {
  flags_ |= kNeedsStyle;
  MarkAncestors();
  // A <style>'s text is its sheet; a <link>'s attributes say which sheet and for what media.
  if (IsStyleSheetElement(*this) || (parent_ && IsStyleSheetElement(*parent_)))
    document_->style_sheets_changed = true;
}

void Node::ChildrenChanged(const Node& child) {
  ++document_->structure_version;
  flags_ |= kChildrenChanged | kChildNeedsStyle;
  MarkAncestors();
  if (IsStyleSheetElement(*this) || HoldsStyleSheet(child))
    document_->style_sheets_changed = true;
}

Node* Node::AppendChild(std::unique_ptr<Node> child) {
  child->flags_ |= kNeedsStyle;
  ChildrenChanged(*child);
  child->parent_ = this;
  child->index_in_parent_ = children_.size();
  children_.push_back(std::move(child));
  return children_.back().get();
}

Node* Node::AppendParsedChild(std::unique_ptr<Node> child) {
  child->flags_ |= kNeedsStyle;
  child->parent_ = this;
  child->index_in_parent_ = children_.size();
  children_.push_back(std::move(child));
  return children_.back().get();
}

Node* Node::InsertBefore(std::unique_ptr<Node> child, Node* reference) {
  if (!reference || reference->parent_ != this)
    return AppendChild(std::move(child));
  size_t index = reference->index_in_parent_;
  child->flags_ |= kNeedsStyle;
  ChildrenChanged(*child);
  child->parent_ = this;
  children_.insert(children_.begin() + static_cast<std::ptrdiff_t>(index), std::move(child));
  for (size_t i = index; i < children_.size(); ++i)
    children_[i]->index_in_parent_ = i;
  return children_[index].get();
}

std::unique_ptr<Node> Node::RemoveChild(Node* child) {
  if (!child || child->parent_ != this)
    return nullptr;
  size_t index = child->index_in_parent_;
  ChildrenChanged(*child);
  std::unique_ptr<Node> removed = std::move(children_[index]);
  children_.erase(children_.begin() + static_cast<std::ptrdiff_t>(index));
  for (size_t i = index; i < children_.size(); ++i)
    children_[i]->index_in_parent_ = i;
  removed->parent_ = nullptr;
  removed->index_in_parent_ = 0;
  return removed;
}

std::string Node::TextContent() const {
  if (type_ == NodeType::kText || type_ == NodeType::kComment)
    return static_cast<const CharacterData*>(this)->data();
  std::string text;
  for (const Node* node : Descendants(*this)) {
    if (node->type() == NodeType::kText)
      text += static_cast<const CharacterData*>(node)->data();
  }
  return text;
}

std::optional<std::string_view> Element::GetAttribute(std::string_view name) const {
  for (const Attribute& attribute : attributes_) {
    if (attribute.name == name)
      return std::string_view(attribute.value);
  }
  return std::nullopt;
}

void CharacterData::set_data(std::string data) {
  data_ = std::move(data);
  if (parent())
    parent()->MarkNeedsStyle();  // its text boxes are built with its parent's
}

void Element::SetValue(std::string value) {
  value_ = std::move(value);
  MarkNeedsStyle();  // a form control shows its value
}

void Element::SetChecked(bool checked) {
  checked_ = checked;
  MarkNeedsStyle();
}

void Element::SetAttribute(std::string name, std::string value) {
  MarkNeedsStyle();
  for (Attribute& attribute : attributes_) {
    if (attribute.name == name) {
      attribute.value = std::move(value);
      return;
    }
  }
  attributes_.push_back({std::move(name), std::move(value)});
}

void Element::RemoveAttribute(std::string_view name) {
  MarkNeedsStyle();
  std::erase_if(attributes_, [&](const Attribute& attribute) { return attribute.name == name; });
}

std::unique_ptr<Element> Document::CreateElement(std::string tag_name) {
  if (tag_name == "script")
    ++scripts_created;
  return std::make_unique<Element>(this, std::move(tag_name));
}

std::unique_ptr<CharacterData> Document::CreateText(std::string data) {
  return std::make_unique<CharacterData>(NodeType::kText, this, std::move(data));
}

std::unique_ptr<CharacterData> Document::CreateComment(std::string data) {
  return std::make_unique<CharacterData>(NodeType::kComment, this, std::move(data));
}

Element* Document::document_element() const {
  for (const auto& child : children()) {
    if (child->type() == NodeType::kElement)
      return static_cast<Element*>(child.get());
  }
  return nullptr;
}

namespace {
Element* ChildElement(const Node* parent, std::string_view tag) {
  if (!parent)
    return nullptr;
  for (const auto& child : parent->children()) {
    if (child->type() == NodeType::kElement &&
        static_cast<Element*>(child.get())->tag_name() == tag)
      return static_cast<Element*>(child.get());
  }
  return nullptr;
}
}  // namespace

Element* Document::head() const {
  return ChildElement(document_element(), "head");
}

Element* Document::body() const {
  return ChildElement(document_element(), "body");
}

std::string Document::Title() const {
  auto titles = GetElementsByTagName("title");
  return titles.empty() ? std::string() : CollapseWhitespace(titles.front()->TextContent());
}

std::vector<Element*> Document::GetElementsByTagName(std::string_view tag_name) const {
  std::vector<Element*> found;
  for (const Node* node : Descendants(*this)) {
    const Element* element = node->AsElement();
    if (element && element->tag_name() == tag_name)
      found.push_back(const_cast<Element*>(element));
  }
  return found;
}

size_t Document::ElementCount() const {
  size_t count = 0;
  for (const Node* node : Descendants(*this))
    count += node->type() == NodeType::kElement ? 1 : 0;
  return count;
}

Descendants::Iterator& Descendants::Iterator::operator++() {
  if (const Node* child = node_->first_child()) {
    node_ = child;
    return *this;
  }
  // Up until a node with a next sibling, never above the root.
  for (const Node* at = node_; at != root_; at = at->parent()) {
    if (const Node* next = at->next_sibling()) {
      node_ = next;
      return *this;
    }
  }
  node_ = nullptr;
  return *this;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space)
      out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::string Element::Value() const {
  if (value_)
    return *value_;
  if (tag_name_ == "textarea")
    return TextContent();
  if (tag_name_ == "select") {
    // The selected option's (the last one marked selected), else the first option's.
    const Element* chosen = nullptr;
    for (const Node* node : Descendants(*this)) {
      const Element* option = node->AsElement();
      if (option && option->tag_name() == "option" && (!chosen || option->HasAttribute("selected")))
        chosen = option;
    }
    return chosen ? chosen->Value() : "";
  }
  auto value = GetAttribute("value");
  if (!value && tag_name_ == "option")
    return CollapseWhitespace(TextContent());
  return value ? std::string(*value) : "";
}

}  // namespace nexus::web::dom
