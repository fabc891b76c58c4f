// HTML to DOM with gumbo (the HTML5 parsing algorithm, so broken markup becomes the tree a
// browser would build). Trees are capped at kMaxTreeDepth like Chromium's parser: content
// nested deeper is attached to the ancestor at the cap, so nothing is lost and nothing
// downstream (layout) recurses without bound.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "web/dom/node.h"

namespace nexus::web::dom {

inline constexpr int kMaxTreeDepth = 512;

std::unique_ptr<Document> ParseHtml(std::string_view html);
// element.innerHTML = html: the children go (into `removed`, which callers may keep alive),
// and `html`, parsed as the inside of this element, takes their place.
void ReplaceChildrenWithHtml(Element& element,
                             std::string_view html,
                             std::vector<std::unique_ptr<Node>>& removed);

// The document as HTML text again: attributes quoted and escaped, text escaped except
// inside raw-text elements (style, script).
std::string SerializeHtml(const Document& document);
// A node with its descendants (outerHTML), and a node's children only (innerHTML).
std::string SerializeNode(const Node& node);
std::string SerializeChildren(const Node& parent);

}  // namespace nexus::web::dom
