#include "web/style/resolved_style.h"

#include <cmath>
#include <cstdio>
#include <set>

#include "web/css/properties.h"

namespace nexus::web::style {
namespace {

// Properties whose value is one length (or a keyword such as auto or normal).
bool TakesLength(const std::string& name) {
  static const std::set<std::string> kLengths = {"width",
                                                 "height",
                                                 "min-width",
                                                 "min-height",
                                                 "max-width",
                                                 "max-height",
                                                 "top",
                                                 "right",
                                                 "bottom",
                                                 "left",
                                                 "margin-top",
                                                 "margin-right",
                                                 "margin-bottom",
                                                 "margin-left",
                                                 "padding-top",
                                                 "padding-right",
                                                 "padding-bottom",
                                                 "padding-left",
                                                 "border-top-width",
                                                 "border-right-width",
                                                 "border-bottom-width",
                                                 "border-left-width",
                                                 "outline-width",
                                                 "outline-offset",
                                                 "letter-spacing",
                                                 "word-spacing",
                                                 "text-indent",
                                                 "flex-basis",
                                                 "row-gap",
                                                 "column-gap",
                                                 "line-height",
                                                 "vertical-align",
                                                 "font-size",
                                                 "border-top-left-radius",
                                                 "border-top-right-radius",
                                                 "border-bottom-right-radius",
                                                 "border-bottom-left-radius"};
  return kLengths.count(name) > 0;
}

bool IsColorProperty(const std::string& name) {
  return name == "color" || (name.size() > 6 && name.ends_with("-color"));
}

std::string SerializeColor(const css::Color& color) {
  char text[64];
  if (color.alpha >= 1) {
    std::snprintf(text, sizeof text, "rgb(%d, %d, %d)", color.r, color.g, color.b);
  } else {
    // Alpha as browsers print it: the shortest of up to three decimals (0.5, 0.25).
    std::snprintf(text, sizeof text, "rgba(%d, %d, %d, %g)", color.r, color.g, color.b,
                  std::round(color.alpha * 1000) / 1000);
  }
  return text;
}

}  // namespace

std::string SerializePixels(double px) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6gpx", std::abs(px) < 5e-7 ? 0.0 : px);
  return text;
}

ResolvedStyle ResolveStyle(const css::ComputedStyle& style,
                           double viewport_width,
                           double viewport_height) {
  ResolvedStyle resolved;
  const auto& longhands = css::Longhands();
  for (size_t id = 0; id < longhands.size(); ++id) {
    std::string name = longhands[id].name;
    const std::vector<css::ComponentValue>& computed = style.ValueAt(id);
    std::string value;
    if (IsColorProperty(name)) {
      value = SerializeColor(style.ColorOf(name));
    } else if (name == "line-height" && computed.size() == 1 &&
               computed[0].IsToken(css::TokenType::kNumber)) {
      value = SerializePixels(computed[0].token.number * style.font_size());  // as Chromium
    } else if (auto length = TakesLength(name) ? css::Length::Parse(computed) : std::nullopt;
               length && !length->has_percentage()) {
      value = SerializePixels(length->ToPixels(style.Context(0, viewport_width, viewport_height)));
    } else {
      value = css::Serialize(computed);
    }
    resolved.emplace_back(std::move(name), std::move(value));
  }
  for (const auto& [name, value] : style.custom_properties())
    resolved.emplace_back(name, css::Serialize(value));
  return resolved;
}

}  // namespace nexus::web::style
