#include "web/dom/html_parser.h"

#include <gumbo.h>

#include <utility>
#include <vector>

#include "web/dom/quirks_mode.h"

namespace nexus::web::dom {
namespace {

std::string TagName(const GumboElement& element) {
  if (element.tag != GUMBO_TAG_UNKNOWN)
    return gumbo_normalized_tagname(element.tag);
  // Unknown (custom) elements keep their own name, lower-cased as HTML does.
  GumboStringPiece original = element.original_tag;
  gumbo_tag_from_original_text(&original);
  std::string name(original.data, original.length);
  for (char& c : name)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return name.empty() ? "unknown" : name;
}

const GumboVector& ChildrenOf(const GumboNode* node) {
  return node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
}

bool IsRawText(std::string_view tag) {
  return tag == "style" || tag == "script" || tag == "xmp" || tag == "iframe" || tag == "noembed" ||
         tag == "noframes" || tag == "plaintext";
}

void AppendEscaped(std::string& out, std::string_view text, bool attribute) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += attribute ? "<" : "&lt;";
        break;
      case '>':
        out += attribute ? ">" : "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
}

bool IsVoid(std::string_view tag) {
  static constexpr std::string_view kVoid[] = {"area",   "base",  "br",    "col",  "embed",
                                               "hr",     "img",   "input", "link", "meta",
                                               "source", "track", "wbr"};
  for (std::string_view name : kVoid) {
    if (tag == name)
      return true;
  }
  return false;
}

}  // namespace

namespace {

// Our nodes for gumbo's `children`, appended to `parent` in order. An explicit stack of
// (gumbo node, our parent, depth): no recursion however deep the input.
void AppendConverted(Document& document,
                     Node* parent,
                     const GumboVector& children,
                     int depth,
                     bool new_document) {
  struct Work {
    const GumboNode* node;
    Node* parent;
    int depth;
  };
  auto append = [new_document](Node* to, std::unique_ptr<Node> child) {
    return new_document ? to->AppendParsedChild(std::move(child))
                        : to->AppendChild(std::move(child));
  };
  std::vector<Work> stack;
  for (unsigned i = children.length; i-- > 0;)
    stack.push_back({static_cast<const GumboNode*>(children.data[i]), parent, depth});
  while (!stack.empty()) {
    Work work = stack.back();
    stack.pop_back();
    const GumboNode* node = work.node;
    switch (node->type) {
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE: {
        const GumboElement& gumbo_element = node->v.element;
        auto element = document.CreateElement(TagName(gumbo_element));
        for (unsigned i = 0; i < gumbo_element.attributes.length; ++i) {
          auto* attribute = static_cast<const GumboAttribute*>(gumbo_element.attributes.data[i]);
          if (new_document)  // gumbo keeps the first of repeated attributes only
            element->AddParsedAttribute(attribute->name, attribute->value);
          else
            element->SetAttribute(attribute->name, attribute->value);
        }
        Node* added = append(work.parent, std::move(element));
        // At the cap, children go to this element's parent instead: flattened, not lost.
        Node* parent_for_children = work.depth >= kMaxTreeDepth ? work.parent : added;
        if (parent_for_children == added)
          added->ReserveChildren(gumbo_element.children.length);
        int child_depth = work.depth >= kMaxTreeDepth ? work.depth : work.depth + 1;
        for (unsigned i = gumbo_element.children.length; i-- > 0;) {
          stack.push_back({static_cast<const GumboNode*>(gumbo_element.children.data[i]),
                           parent_for_children, child_depth});
        }
        break;
      }
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        append(work.parent, document.CreateText(node->v.text.text));
        break;
      case GUMBO_NODE_COMMENT:
        append(work.parent, document.CreateComment(node->v.text.text));
        break;
      case GUMBO_NODE_DOCUMENT:
        break;
    }
  }
}

int DepthOf(const Node* node) {
  int depth = 0;
  for (; node && node->type() != NodeType::kDocument; node = node->parent())
    ++depth;
  return depth;
}

}  // namespace

std::unique_ptr<Document> ParseHtml(std::string_view html) {
  auto document = std::make_unique<Document>();
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are not reported: gumbo need not record them
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  const GumboDocument& gumbo_document = output->document->v.document;
  // Gumbo's answer misses most of the standard's list: the standard's own test.
  // (Gumbo reports a missing system identifier as "", as it does an empty one.)
  QuirksMode mode =
      QuirksModeOf(gumbo_document.has_doctype, gumbo_document.name,
                   gumbo_document.public_identifier, gumbo_document.system_identifier,
                   gumbo_document.system_identifier && *gumbo_document.system_identifier);
  document->quirks_mode = mode == QuirksMode::kQuirks;
  document->limited_quirks_mode = mode == QuirksMode::kLimitedQuirks;
  if (gumbo_document.has_doctype)
    document->AppendChild(std::make_unique<Doctype>(document.get(), gumbo_document.name));
  AppendConverted(*document, document.get(), ChildrenOf(output->document), 1, true);
  gumbo_destroy_output(&options, output);
  return document;
}

void ReplaceChildrenWithHtml(Element& element,
                             std::string_view html,
                             std::vector<std::unique_ptr<Node>>& removed) {
  while (Node* child = element.first_child())
    removed.push_back(element.RemoveChild(child));
  GumboOptions options = kGumboDefaultOptions;
  // Parsed as the inside of this element: "<td>" means something else inside a table.
  GumboTag context = gumbo_tag_enum(element.tag_name().c_str());
  options.fragment_context = context == GUMBO_TAG_UNKNOWN ? GUMBO_TAG_DIV : context;
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), html.size());
  // A fragment's nodes are the children of the <html> element gumbo puts them in.
  AppendConverted(*element.owner_document(), &element, output->root->v.element.children,
                  DepthOf(&element) + 1, false);
  gumbo_destroy_output(&options, output);
}

namespace {

void Serialize(std::string& out, const Node& root) {
  // (node, closing) pairs: an element is visited once to open and once to close.
  std::vector<std::pair<const Node*, bool>> stack = {{&root, false}};
  while (!stack.empty()) {
    auto [node, closing] = stack.back();
    stack.pop_back();
    if (node->type() == NodeType::kElement) {
      const Element& element = *node->AsElement();
      if (closing) {
        out += "</" + element.tag_name() + ">";
        continue;
      }
      out += "<" + element.tag_name();
      for (const Attribute& attribute : element.attributes()) {
        out += " " + attribute.name + "=\"";
        AppendEscaped(out, attribute.value, true);
        out += "\"";
      }
      out += ">";
      if (IsVoid(element.tag_name()))
        continue;
      stack.emplace_back(node, true);
      for (auto it = node->children().rbegin(); it != node->children().rend(); ++it)
        stack.emplace_back(it->get(), false);
    } else if (node->type() == NodeType::kText) {
      const std::string& data = static_cast<const CharacterData*>(node)->data();
      const Element* parent = node->parent() ? node->parent()->AsElement() : nullptr;
      if (parent && IsRawText(parent->tag_name()))
        out += data;
      else
        AppendEscaped(out, data, false);
    } else if (node->type() == NodeType::kComment) {
      out += "<!--" + static_cast<const CharacterData*>(node)->data() + "-->";
    }
    // The doctype carries nothing markup inside a document needs.
  }
}

}  // namespace

std::string SerializeHtml(const Document& document) {
  return "<!DOCTYPE html>" + SerializeChildren(document);
}

std::string SerializeChildren(const Node& parent) {
  std::string out;
  for (const auto& child : parent.children())
    Serialize(out, *child);
  return out;
}

std::string SerializeNode(const Node& root) {
  std::string out;
  Serialize(out, root);
  return out;
}

}  // namespace nexus::web::dom
