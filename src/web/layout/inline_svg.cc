#include "web/layout/inline_svg.h"

#include <map>

namespace nexus::web::layout {
namespace {

// HTML §13.2.6.5's table: SVG element names the parser lowered, as SVG spells them.
const std::string& SvgName(const std::string& lowered) {
  static const std::map<std::string, std::string> names = [] {
    std::map<std::string, std::string> table;
    for (const char* name : {"altGlyph",
                             "altGlyphDef",
                             "altGlyphItem",
                             "animateColor",
                             "animateMotion",
                             "animateTransform",
                             "clipPath",
                             "feBlend",
                             "feColorMatrix",
                             "feComponentTransfer",
                             "feComposite",
                             "feConvolveMatrix",
                             "feDiffuseLighting",
                             "feDisplacementMap",
                             "feDistantLight",
                             "feDropShadow",
                             "feFlood",
                             "feFuncA",
                             "feFuncB",
                             "feFuncG",
                             "feFuncR",
                             "feGaussianBlur",
                             "feImage",
                             "feMerge",
                             "feMergeNode",
                             "feMorphology",
                             "feOffset",
                             "fePointLight",
                             "feSpecularLighting",
                             "feSpotLight",
                             "feTile",
                             "feTurbulence",
                             "foreignObject",
                             "glyphRef",
                             "linearGradient",
                             "radialGradient",
                             "textPath"}) {
      std::string key = name;
      for (char& c : key)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      table[key] = name;
    }
    return table;
  }();
  auto it = names.find(lowered);
  return it == names.end() ? lowered : it->second;
}

void Escape(std::string& out, const std::string& text, bool attribute) {
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
}

void Write(std::string& out, const dom::Node& node, bool root, const std::string& color) {
  if (node.type() == dom::NodeType::kText) {
    Escape(out, static_cast<const dom::CharacterData&>(node).data(), false);
    return;
  }
  const dom::Element* element = node.AsElement();
  if (!element)
    return;  // comments and the like draw nothing
  const std::string& name = SvgName(element->tag_name());
  out += "<" + name;
  bool has_namespace = false, has_xlink = false;
  for (const dom::Attribute& attribute : element->attributes()) {
    has_namespace |= attribute.name == "xmlns";
    has_xlink |= attribute.name == "xmlns:xlink";
    if (root && attribute.name == "style")
      continue;  // written below, with the colour
    out += " " + attribute.name + "=\"";
    Escape(out, attribute.value, true);
    out += "\"";
  }
  if (root) {
    if (!has_namespace)
      out += " xmlns=\"http://www.w3.org/2000/svg\"";
    if (!has_xlink)
      out += " xmlns:xlink=\"http://www.w3.org/1999/xlink\"";
    std::string style = "color:" + color + ";";
    if (auto own = element->GetAttribute("style"))
      style += std::string(*own);
    out += " style=\"";
    Escape(out, style, true);
    out += "\"";
  }
  out += ">";
  for (const auto& child : element->children())
    Write(out, *child, false, color);
  out += "</" + name + ">";
}

}  // namespace

std::string InlineSvgMarkup(const dom::Element& svg, const std::string& color) {
  std::string out;
  Write(out, svg, true, color);
  return out;
}

}  // namespace nexus::web::layout
