#include "web/layout/inline_svg.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <sstream>
#include <vector>

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

// A width or height attribute in px ("40", "40px"); none for percentages and the rest.
std::optional<double> Pixels(const dom::Element& svg, const char* name) {
  auto value = svg.GetAttribute(name);
  if (!value)
    return std::nullopt;
  std::string text(*value);
  if (text.size() > 2 && text.compare(text.size() - 2, 2, "px") == 0)
    text.resize(text.size() - 2);
  double number = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end != text.data() + text.size() || number < 0)
    return std::nullopt;
  return number;
}

// The viewBox's width / height, when it has a usable one.
std::optional<double> ViewBoxRatio(const dom::Element& svg) {
  auto view_box = svg.GetAttribute("viewBox");
  if (!view_box)
    return std::nullopt;
  std::string text(*view_box);
  for (char& c : text)
    c = c == ',' ? ' ' : c;
  std::istringstream in(text);
  double x, y, width, height;
  if (!(in >> x >> y >> width >> height) || width <= 0 || height <= 0)
    return std::nullopt;
  return width / height;
}

void Write(std::string& out,
           const dom::Node& node,
           bool root,
           const std::string& color,
           std::pair<double, double> size) {
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
    if (root &&
        (attribute.name == "style" || attribute.name == "width" || attribute.name == "height"))
      continue;  // written below: the colour, the size it is drawn at
    out += " " + attribute.name + "=\"";
    Escape(out, attribute.value, true);
    out += "\"";
  }
  if (root) {
    if (!has_namespace)
      out += " xmlns=\"http://www.w3.org/2000/svg\"";
    if (!has_xlink)
      out += " xmlns:xlink=\"http://www.w3.org/1999/xlink\"";
    out += " width=\"" + std::to_string(size.first) + "\" height=\"" + std::to_string(size.second) +
           "\"";
    std::string style = "color:" + color + ";";
    if (auto own = element->GetAttribute("style"))
      style += std::string(*own) + ";";
    // Last, over any width and height of its own style (the page's layout sized it).
    style +=
        "width:" + std::to_string(size.first) + "px;height:" + std::to_string(size.second) + "px";
    out += " style=\"";
    Escape(out, style, true);
    out += "\"";
  }
  out += ">";
  for (const auto& child : element->children())
    Write(out, *child, false, color, size);
  out += "</" + name + ">";
}

// The ids a subtree's <use> elements point at ("#icon") that are not inside it: an icon
// sprite's symbols live in another <svg> of the page.
std::vector<std::string> ReferencedElsewhere(const dom::Element& svg) {
  std::vector<std::string> ids, defined;
  for (const dom::Node* node : dom::Descendants(svg)) {
    const dom::Element* element = node->AsElement();
    if (!element)
      continue;
    if (auto id = element->GetAttribute("id"))
      defined.emplace_back(*id);
    if (element->tag_name() != "use")
      continue;
    auto href = element->GetAttribute("href");
    if (!href)
      href = element->GetAttribute("xlink:href");
    if (href && href->size() > 1 && (*href)[0] == '#')
      ids.emplace_back(href->substr(1));
  }
  std::erase_if(ids, [&](const std::string& id) {
    return std::find(defined.begin(), defined.end(), id) != defined.end();
  });
  return ids;
}

// The elements with these ids (the first of each), in one walk of the document.
std::vector<const dom::Element*> ElementsWithIds(const dom::Node& root,
                                                 const std::vector<std::string>& ids) {
  std::vector<const dom::Element*> found(ids.size(), nullptr);
  for (const dom::Node* node : dom::Descendants(root)) {
    const dom::Element* element = node->AsElement();
    auto id = element ? element->GetAttribute("id") : std::nullopt;
    if (!id)
      continue;
    for (size_t i = 0; i < ids.size(); ++i) {
      if (!found[i] && ids[i] == *id)
        found[i] = element;
    }
  }
  return found;
}

}  // namespace

std::pair<double, double> InlineSvgSize(const dom::Element& svg) {
  std::optional<double> width = Pixels(svg, "width"), height = Pixels(svg, "height");
  std::optional<double> ratio = ViewBoxRatio(svg);
  if (width && height)
    return {*width, *height};
  if (ratio && width)
    return {*width, *width / *ratio};
  if (ratio && height)
    return {*height * *ratio, *height};
  if (ratio)
    return {300, 300 / *ratio};
  return {width.value_or(300), height.value_or(150)};
}

std::string InlineSvgMarkup(const dom::Element& svg,
                            const std::string& color,
                            std::pair<double, double> size) {
  std::string out;
  Write(out, svg, true, color, size);
  std::vector<std::string> ids = ReferencedElsewhere(svg);
  const dom::Node* document = svg.owner_document();
  if (ids.empty() || !document)
    return out;
  // What its <use> elements point at elsewhere in the page goes in a <defs> of its own.
  std::string defs = "<defs>";
  for (const dom::Element* target : ElementsWithIds(*document, ids)) {
    if (target)
      Write(defs, *target, false, color, size);
  }
  out.insert(out.rfind("</svg>"), defs + "</defs>");
  return out;
}

}  // namespace nexus::web::layout
