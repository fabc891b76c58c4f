#include "web/css/properties.h"

#include <link.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <tuple>
#include <unordered_map>

#include "base/ascii.h"
#include "web/css/values.h"

namespace nexus::web::css {
namespace {

using Values = std::vector<ComponentValue>;

const PropertyInfo kLonghands[] = {
    // Box and positioning
    {"display", false, "inline"},
    {"position", false, "static"},
    {"float", false, "none"},
    {"clear", false, "none"},
    {"box-sizing", false, "content-box"},
    {"width", false, "auto"},
    {"height", false, "auto"},
    {"min-width", false, "auto"},
    {"min-height", false, "auto"},
    {"max-width", false, "none"},
    {"max-height", false, "none"},
    {"margin-top", false, "0"},
    {"margin-right", false, "0"},
    {"margin-bottom", false, "0"},
    {"margin-left", false, "0"},
    {"padding-top", false, "0"},
    {"padding-right", false, "0"},
    {"padding-bottom", false, "0"},
    {"padding-left", false, "0"},
    {"top", false, "auto"},
    {"right", false, "auto"},
    {"bottom", false, "auto"},
    {"left", false, "auto"},
    {"z-index", false, "auto"},
    {"overflow-x", false, "visible"},
    {"overflow-y", false, "visible"},
    {"visibility", true, "visible"},
    {"opacity", false, "1"},
    {"aspect-ratio", false, "auto"},
    {"object-fit", false, "fill"},
    {"object-position", false, "50% 50%"},
    // Borders and outlines
    {"border-top-width", false, "medium"},
    {"border-right-width", false, "medium"},
    {"border-bottom-width", false, "medium"},
    {"border-left-width", false, "medium"},
    {"border-top-style", false, "none"},
    {"border-right-style", false, "none"},
    {"border-bottom-style", false, "none"},
    {"border-left-style", false, "none"},
    {"border-top-color", false, "currentcolor"},
    {"border-right-color", false, "currentcolor"},
    {"border-bottom-color", false, "currentcolor"},
    {"border-left-color", false, "currentcolor"},
    {"border-top-left-radius", false, "0"},
    {"border-top-right-radius", false, "0"},
    {"border-bottom-right-radius", false, "0"},
    {"border-bottom-left-radius", false, "0"},
    {"outline-width", false, "medium"},
    {"outline-style", false, "none"},
    {"outline-color", false, "currentcolor"},
    {"outline-offset", false, "0"},
    {"box-shadow", false, "none"},
    // Backgrounds
    {"background-color", false, "transparent"},
    {"background-image", false, "none"},
    {"background-repeat", false, "repeat"},
    {"background-position-x", false, "0%"},
    {"background-position-y", false, "0%"},
    {"background-size", false, "auto"},
    {"background-attachment", false, "scroll"},
    {"background-origin", false, "padding-box"},
    {"background-clip", false, "border-box"},
    // Text and fonts
    {"color", true, "canvastext"},
    {"font-family", true, "serif"},
    {"font-size", true, "medium"},
    {"font-weight", true, "normal"},
    {"font-style", true, "normal"},
    {"font-variant-caps", true, "normal"},
    {"font-stretch", true, "normal"},
    {"line-height", true, "normal"},
    {"text-align", true, "start"},
    {"text-align-last", true, "auto"},
    {"text-indent", true, "0"},
    {"text-transform", true, "none"},
    {"text-decoration-line", false, "none"},
    {"text-decoration-style", false, "solid"},
    {"text-decoration-color", false, "currentcolor"},
    {"text-shadow", true, "none"},
    {"letter-spacing", true, "normal"},
    {"word-spacing", true, "normal"},
    {"white-space", true, "normal"},
    {"word-break", true, "normal"},
    {"overflow-wrap", true, "normal"},
    {"text-overflow", false, "clip"},
    {"tab-size", true, "8"},
    {"hyphens", true, "manual"},
    {"vertical-align", false, "baseline"},
    {"direction", true, "ltr"},
    {"unicode-bidi", false, "normal"},
    {"writing-mode", true, "horizontal-tb"},
    // Generated content and lists
    {"content", false, "normal"},
    {"quotes", true, "auto"},
    {"counter-reset", false, "none"},
    {"counter-increment", false, "none"},
    {"counter-set", false, "none"},
    {"list-style-type", true, "disc"},
    {"list-style-position", true, "outside"},
    {"list-style-image", true, "none"},
    // Flexbox and grid
    {"flex-direction", false, "row"},
    {"flex-wrap", false, "nowrap"},
    {"flex-grow", false, "0"},
    {"flex-shrink", false, "1"},
    {"flex-basis", false, "auto"},
    {"order", false, "0"},
    {"justify-content", false, "normal"},
    {"align-items", false, "normal"},
    {"align-self", false, "auto"},
    {"align-content", false, "normal"},
    {"justify-items", false, "legacy"},
    {"justify-self", false, "auto"},
    {"row-gap", false, "normal"},
    {"column-gap", false, "normal"},
    {"grid-template-columns", false, "none"},
    {"grid-template-rows", false, "none"},
    {"grid-template-areas", false, "none"},
    {"grid-auto-columns", false, "auto"},
    {"grid-auto-rows", false, "auto"},
    {"grid-auto-flow", false, "row"},
    {"grid-row-start", false, "auto"},
    {"grid-row-end", false, "auto"},
    {"grid-column-start", false, "auto"},
    {"grid-column-end", false, "auto"},
    // Tables
    {"table-layout", false, "auto"},
    {"border-collapse", true, "separate"},
    {"border-spacing", true, "0"},
    {"caption-side", true, "top"},
    {"empty-cells", true, "show"},
    // Effects and the rest
    {"transform", false, "none"},
    {"transform-origin", false, "50% 50%"},
    {"translate", false, "none"},
    {"rotate", false, "none"},
    {"scale", false, "none"},
    {"filter", false, "none"},
    {"perspective", false, "none"},
    {"will-change", false, "auto"},
    {"contain", false, "none"},
    {"isolation", false, "auto"},
    {"mix-blend-mode", false, "normal"},
    {"cursor", true, "auto"},
    {"pointer-events", true, "auto"},
    {"user-select", false, "auto"},
    {"color-scheme", true, "normal"},
    {"accent-color", true, "auto"},
    {"appearance", false, "none"},
    {"resize", false, "none"},
};

const std::map<std::string, std::vector<std::string>>& Shorthands() {
  static const std::map<std::string, std::vector<std::string>> shorthands = [] {
    auto sides = [](const std::string& prefix, const std::string& suffix) {
      return std::vector<std::string>{prefix + "top" + suffix, prefix + "right" + suffix,
                                      prefix + "bottom" + suffix, prefix + "left" + suffix};
    };
    std::map<std::string, std::vector<std::string>> map = {
        {"margin", sides("margin-", "")},
        {"padding", sides("padding-", "")},
        {"inset", {"top", "right", "bottom", "left"}},
        {"border-width", sides("border-", "-width")},
        {"border-style", sides("border-", "-style")},
        {"border-color", sides("border-", "-color")},
        {"border-radius",
         {"border-top-left-radius", "border-top-right-radius", "border-bottom-right-radius",
          "border-bottom-left-radius"}},
        {"outline", {"outline-width", "outline-style", "outline-color"}},
        {"background",
         {"background-color", "background-image", "background-repeat", "background-position-x",
          "background-position-y", "background-size", "background-attachment",
          "background-origin", "background-clip"}},
        {"background-position", {"background-position-x", "background-position-y"}},
        {"font",
         {"font-style", "font-variant-caps", "font-weight", "font-stretch", "font-size",
          "line-height", "font-family"}},
        {"list-style", {"list-style-type", "list-style-position", "list-style-image"}},
        {"text-decoration",
         {"text-decoration-line", "text-decoration-style", "text-decoration-color"}},
        {"flex", {"flex-grow", "flex-shrink", "flex-basis"}},
        {"flex-flow", {"flex-direction", "flex-wrap"}},
        {"gap", {"row-gap", "column-gap"}},
        {"grid-gap", {"row-gap", "column-gap"}},
        {"place-items", {"align-items", "justify-items"}},
        {"place-content", {"align-content", "justify-content"}},
        {"place-self", {"align-self", "justify-self"}},
        {"overflow", {"overflow-x", "overflow-y"}},
        {"grid-row", {"grid-row-start", "grid-row-end"}},
        {"grid-column", {"grid-column-start", "grid-column-end"}},
        {"grid-area", {"grid-row-start", "grid-column-start", "grid-row-end", "grid-column-end"}},
    };
    for (const char* side : {"top", "right", "bottom", "left"}) {
      std::string prefix = std::string("border-") + side;
      map[prefix] = {prefix + "-width", prefix + "-style", prefix + "-color"};
    }
    std::vector<std::string> border;
    for (const char* part : {"-width", "-style", "-color"}) {
      for (const std::string& longhand : sides("border-", part))
        border.push_back(longhand);
    }
    map["border"] = border;
    // Logical shorthands of two sides (CSS Logical Properties 1), in horizontal-tb, ltr.
    for (const char* property : {"margin", "padding", "inset"}) {
      std::string prefix = std::string(property) == "inset" ? "" : std::string(property) + "-";
      map[std::string(property) + "-block"] = {prefix + "top", prefix + "bottom"};
      map[std::string(property) + "-inline"] = {prefix + "left", prefix + "right"};
    }
    for (const char* part : {"-width", "-style", "-color"}) {
      map[std::string("border-block") + part] = {"border-top" + std::string(part),
                                                 "border-bottom" + std::string(part)};
      map[std::string("border-inline") + part] = {"border-left" + std::string(part),
                                                  "border-right" + std::string(part)};
    }
    for (const auto& [axis, first, second] :
         {std::tuple("block", "top", "bottom"), std::tuple("inline", "left", "right")}) {
      std::vector<std::string> both;
      for (const char* side : {first, second}) {
        for (const char* part : {"-width", "-style", "-color"})
          both.push_back(std::string("border-") + side + part);
      }
      map[std::string("border-") + axis] = both;
    }
    return map;
  }();
  return shorthands;
}

Values Tokens(const char* text) {
  return ParseComponentValues(text);
}

bool IsIdent(const ComponentValue& value, std::initializer_list<const char*> names) {
  if (!value.IsToken(TokenType::kIdent))
    return false;
  return std::any_of(names.begin(), names.end(), [&](const char* name) {
    return EqualsIgnoringAsciiCase(value.token.value, name);
  });
}

const char* InitialOf(const std::string& longhand) {
  for (const PropertyInfo& info : kLonghands) {
    if (longhand == info.name)
      return info.initial;
  }
  return "initial";
}

// 1 to 4 values for top, right, bottom, left, as margin and padding take them.
std::optional<Expanded> FourSides(const std::vector<std::string>& longhands, const Values& parts) {
  if (parts.empty() || parts.size() > 4)
    return std::nullopt;
  static const size_t kPick[4][4] = {{0, 0, 0, 0}, {0, 1, 0, 1}, {0, 1, 2, 1}, {0, 1, 2, 3}};
  Expanded out;
  for (size_t i = 0; i < 4; ++i)
    out.emplace_back(longhands[i], Values{parts[kPick[parts.size() - 1][i]]});
  return out;
}

bool IsLineWidth(const ComponentValue& value) {
  return IsIdent(value, {"thin", "medium", "thick"}) || Length::Parse(Values{value}).has_value();
}

bool IsLineStyle(const ComponentValue& value) {
  return IsIdent(value, {"none", "hidden", "dotted", "dashed", "solid", "double", "groove",
                         "ridge", "inset", "outset", "auto"});
}

bool IsColor(const ComponentValue& value) {
  return ParseColor(Values{value}).has_value();
}

// width || style || color, in any order (border-top, outline, ...).
std::optional<Expanded> WidthStyleColor(const std::vector<std::string>& longhands,
                                        const Values& parts) {
  std::optional<Values> width, style, color;
  for (const ComponentValue& part : parts) {
    if (!style && IsLineStyle(part))
      style = Values{part};
    else if (!width && IsLineWidth(part))
      width = Values{part};
    else if (!color && IsColor(part))
      color = Values{part};
    else
      return std::nullopt;
  }
  if (parts.empty())
    return std::nullopt;
  Expanded out;
  out.emplace_back(longhands[0], width.value_or(Tokens("medium")));
  out.emplace_back(longhands[1], style.value_or(Tokens("none")));
  out.emplace_back(longhands[2], color.value_or(Tokens("currentcolor")));
  return out;
}

// Values split at '/' delimiters.
std::vector<Values> SplitAtSlash(const Values& parts) {
  std::vector<Values> groups(1);
  for (const ComponentValue& part : parts) {
    if (part.kind == ComponentValue::Kind::kToken && part.token.IsDelim('/'))
      groups.emplace_back();
    else
      groups.back().push_back(part);
  }
  return groups;
}

std::optional<Expanded> Font(const Values& value) {
  Values parts = WithoutWhitespace(value);
  Values style = Tokens("normal"), variant = Tokens("normal"), weight = Tokens("normal"),
         stretch = Tokens("normal"), line_height = Tokens("normal");
  size_t at = 0;
  for (; at < parts.size(); ++at) {
    const ComponentValue& part = parts[at];
    if (IsIdent(part, {"normal"}))
      continue;
    if (IsIdent(part, {"italic", "oblique"}))
      style = Values{part};
    else if (IsIdent(part, {"small-caps"}))
      variant = Values{part};
    else if (IsIdent(part, {"bold", "bolder", "lighter"}) ||
             (part.IsToken(TokenType::kNumber) && part.token.number >= 1 && part.token.number <= 1000))
      weight = Values{part};
    else if (IsIdent(part, {"ultra-condensed", "extra-condensed", "condensed", "semi-condensed",
                            "semi-expanded", "expanded", "extra-expanded", "ultra-expanded"}))
      stretch = Values{part};
    else
      break;
  }
  if (at >= parts.size())
    return std::nullopt;
  const ComponentValue& size = parts[at];
  bool size_ok = IsIdent(size, {"xx-small", "x-small", "small", "medium", "large", "x-large",
                                "xx-large", "xxx-large", "larger", "smaller"}) ||
                 Length::Parse(Values{size}).has_value();
  if (!size_ok)
    return std::nullopt;
  ++at;
  if (at < parts.size() && parts[at].kind == ComponentValue::Kind::kToken &&
      parts[at].token.IsDelim('/')) {
    if (++at >= parts.size())
      return std::nullopt;
    line_height = Values{parts[at++]};
  }
  // The family: the rest as written, commas and quotes kept.
  size_t family_start = 0;
  for (size_t seen = 0; family_start < value.size(); ++family_start) {
    if (value[family_start].IsToken(TokenType::kWhitespace))
      continue;
    if (seen++ == at)
      break;
  }
  Values family(value.begin() + static_cast<long>(family_start), value.end());
  if (WithoutWhitespace(family).empty())
    return std::nullopt;
  return Expanded{{"font-style", style},         {"font-variant-caps", variant},
                  {"font-weight", weight},       {"font-stretch", stretch},
                  {"font-size", Values{size}},   {"line-height", line_height},
                  {"font-family", family}};
}

ComponentValue Space() {
  ComponentValue space;
  space.token.type = TokenType::kWhitespace;
  space.token.value = " ";
  return space;
}

// One layer of the background shorthand (its colour, which only the last may have, too).
std::optional<Expanded> BackgroundLayer(const Values& parts) {
  Expanded out;
  std::optional<Values> color, image, repeat, attachment;
  Values position, size, boxes;
  bool after_slash = false;
  for (const ComponentValue& part : parts) {
    if (part.kind == ComponentValue::Kind::kToken && part.token.IsDelim('/')) {
      after_slash = true;
      continue;
    }
    if (after_slash && size.size() < 2 &&
        (IsIdent(part, {"auto", "cover", "contain"}) || Length::Parse(Values{part}).has_value())) {
      if (!size.empty())
        size.push_back(Space());
      size.push_back(part);
      continue;
    }
    after_slash = false;
    if (!image && (part.IsToken(TokenType::kUrl) || IsIdent(part, {"none"}) ||
                   (part.IsFunction() && AsciiLowercase(part.token.value).find("gradient") != std::string::npos) ||
                   (part.IsFunction() && EqualsIgnoringAsciiCase(part.token.value, "url"))))
      image = Values{part};
    else if (!repeat && IsIdent(part, {"repeat", "no-repeat", "repeat-x", "repeat-y", "space", "round"}))
      repeat = Values{part};
    else if (!attachment && IsIdent(part, {"scroll", "fixed", "local"}))
      attachment = Values{part};
    else if (!color && IsColor(part))
      color = Values{part};
    else if (IsIdent(part, {"left", "right", "top", "bottom", "center"}) ||
             Length::Parse(Values{part}).has_value())
      position.push_back(part);
    else if (IsIdent(part, {"border-box", "padding-box", "content-box"}))
      boxes.push_back(part);  // the first is origin and clip, a second the clip
    else if (IsIdent(part, {"text"}))
      continue;
    else
      return std::nullopt;
  }
  out.emplace_back("background-color", color.value_or(Tokens("transparent")));
  out.emplace_back("background-image", image.value_or(Tokens("none")));
  out.emplace_back("background-repeat", repeat.value_or(Tokens("repeat")));
  // Position (CSS Backgrounds 3 §3.6): one or two values, or keywords each with an offset
  // from that edge (`right 10px bottom 20px`).
  std::vector<Values> groups;
  for (const ComponentValue& part : position) {
    bool offset = !groups.empty() && !IsIdent(part, {"left", "right", "top", "bottom", "center"}) &&
                  groups.back().size() == 1 &&
                  IsIdent(groups.back()[0], {"left", "right", "top", "bottom"}) &&
                  position.size() > 2;
    if (offset) {
      groups.back().push_back(Space());
      groups.back().push_back(part);
    } else
      groups.push_back(Values{part});
  }
  Values x = Tokens("0%"), y = Tokens("0%");
  if (!groups.empty()) {
    x = groups[0];
    y = groups.size() > 1 ? groups[1] : Tokens("center");
    bool vertical_first = IsIdent(groups[0][0], {"top", "bottom"});
    bool horizontal_second = groups.size() > 1 && IsIdent(groups[1][0], {"left", "right"});
    if (vertical_first || horizontal_second)
      std::swap(x, y);
    if (groups.size() == 1 && vertical_first)
      x = Tokens("center");
  }
  out.emplace_back("background-position-x", x);
  out.emplace_back("background-position-y", y);
  out.emplace_back("background-size", size.empty() ? Tokens("auto") : size);
  out.emplace_back("background-attachment", attachment.value_or(Tokens("scroll")));
  out.emplace_back("background-origin", boxes.empty() ? Tokens("padding-box") : Values{boxes[0]});
  out.emplace_back("background-clip", boxes.empty()      ? Tokens("border-box")
                                      : boxes.size() > 1 ? Values{boxes[1]}
                                                         : Values{boxes[0]});
  return out;
}

// The background shorthand, layer by layer (comma-separated, top first): each longhand a
// list with a value per layer; the colour only in the last.
std::optional<Expanded> Background(const Values& value) {
  std::vector<Values> layers(1);
  for (const ComponentValue& part : WithoutWhitespace(value)) {
    if (part.IsToken(TokenType::kComma))
      layers.emplace_back();
    else
      layers.back().push_back(part);
  }
  std::optional<Expanded> out;
  for (size_t i = 0; i < layers.size(); ++i) {
    auto layer = BackgroundLayer(layers[i]);
    if (!layer || layers[i].empty())
      return std::nullopt;
    bool last = i + 1 == layers.size();
    if (!last && !IsIdent(WithoutWhitespace((*layer)[0].second)[0], {"transparent"}))
      return std::nullopt;  // a colour in a layer but the last
    if (!out) {
      out = std::move(layer);
      continue;
    }
    for (size_t k = 0; k < out->size(); ++k) {
      if (k == 0) {
        (*out)[0].second = (*layer)[0].second;  // background-color: the last layer's
        continue;
      }
      ComponentValue comma;
      comma.token.type = TokenType::kComma;
      (*out)[k].second.push_back(comma);
      for (const ComponentValue& part : (*layer)[k].second)
        (*out)[k].second.push_back(part);
    }
  }
  return out;
}

std::optional<Expanded> Flex(const Values& parts) {
  if (parts.size() == 1 && IsIdent(parts[0], {"none"}))
    return Expanded{{"flex-grow", Tokens("0")}, {"flex-shrink", Tokens("0")}, {"flex-basis", Tokens("auto")}};
  if (parts.size() == 1 && IsIdent(parts[0], {"auto"}))
    return Expanded{{"flex-grow", Tokens("1")}, {"flex-shrink", Tokens("1")}, {"flex-basis", Tokens("auto")}};
  Values grow = Tokens("1"), shrink = Tokens("1"), basis = Tokens("0%");
  int numbers = 0;
  bool has_basis = false;
  for (const ComponentValue& part : parts) {
    if (part.IsToken(TokenType::kNumber) && numbers < 2) {
      (numbers++ == 0 ? grow : shrink) = Values{part};
    } else if (!has_basis && (IsIdent(part, {"auto", "content"}) || Length::Parse(Values{part}))) {
      basis = Values{part};
      has_basis = true;
    } else {
      return std::nullopt;
    }
  }
  if (parts.empty())
    return std::nullopt;
  return Expanded{{"flex-grow", grow}, {"flex-shrink", shrink}, {"flex-basis", basis}};
}

// Two longhands from one or two values (gap, place-*, overflow): the second defaults to the
// first.
std::optional<Expanded> Pair(const std::vector<std::string>& longhands, const Values& parts) {
  if (parts.empty() || parts.size() > 2)
    return std::nullopt;
  return Expanded{{longhands[0], Values{parts[0]}},
                  {longhands[1], Values{parts[parts.size() > 1 ? 1 : 0]}}};
}

// A logical longhand (or one-side shorthand) as the physical property it is in the only
// writing mode Nexus lays out, horizontal-tb left to right; "" for any other name.
std::string PhysicalProperty(const std::string& name) {
  static const std::map<std::string, std::string> kRenamed = {
      {"inline-size", "width"},
      {"block-size", "height"},
      {"min-inline-size", "min-width"},
      {"min-block-size", "min-height"},
      {"max-inline-size", "max-width"},
      {"max-block-size", "max-height"},
      {"border-start-start-radius", "border-top-left-radius"},
      {"border-start-end-radius", "border-top-right-radius"},
      {"border-end-start-radius", "border-bottom-left-radius"},
      {"border-end-end-radius", "border-bottom-right-radius"},
  };
  if (auto it = kRenamed.find(name); it != kRenamed.end())
    return it->second;
  static const std::pair<std::string, std::string> kSides[] = {{"block-start", "top"},
                                                               {"block-end", "bottom"},
                                                               {"inline-start", "left"},
                                                               {"inline-end", "right"}};
  for (const auto& [logical, physical] : kSides) {
    size_t at = name.find(logical);
    if (at == std::string::npos || (at > 0 && name[at - 1] != '-'))
      continue;
    std::string result = name.substr(0, at) + physical + name.substr(at + logical.size());
    if (result.rfind("inset-", 0) == 0)
      result.erase(0, 6);
    return result;
  }
  return "";
}

}  // namespace

const std::vector<PropertyInfo>& Longhands() {
  static const std::vector<PropertyInfo> longhands(std::begin(kLonghands), std::end(kLonghands));
  return longhands;
}

namespace {

// The read-only segments of the object this code is in: its string literals live there, and
// what is there never changes, so a name there is known by its address and length alone.
struct Segment {
  uintptr_t begin, end;
};

std::vector<Segment> ReadOnlySegmentsOfThisObject() {
  struct Search {
    uintptr_t inside;
    std::vector<Segment> segments;
  } search{reinterpret_cast<uintptr_t>(&kLonghands), {}};
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void* data) {
        auto* search = static_cast<Search*>(data);
        std::vector<Segment> read_only;
        bool ours = false;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& header = info->dlpi_phdr[i];
          if (header.p_type != PT_LOAD)
            continue;
          uintptr_t begin = info->dlpi_addr + header.p_vaddr;
          uintptr_t end = begin + header.p_memsz;
          ours |= search->inside >= begin && search->inside < end;
          if (!(header.p_flags & PF_W))
            read_only.push_back({begin, end});
        }
        if (ours)
          search->segments = std::move(read_only);
        return ours ? 1 : 0;
      },
      &search);
  return search.segments;
}

bool InReadOnlySegment(const char* data) {
  static const std::vector<Segment> segments = ReadOnlySegmentsOfThisObject();
  auto address = reinterpret_cast<uintptr_t>(data);
  for (const Segment& segment : segments) {
    if (address >= segment.begin && address < segment.end)
      return true;
  }
  return false;
}

}  // namespace

std::optional<size_t> LonghandId(std::string_view name) {
  static const std::unordered_map<std::string_view, size_t> ids = [] {
    std::unordered_map<std::string_view, size_t> map;
    for (size_t i = 0; i < std::size(kLonghands); ++i)
      map[kLonghands[i].name] = i;
    return map;
  }();
  // Layout asks by the same literals over and over: a small cache keyed by where the name
  // is, for names in this object's read-only memory (literals), which cannot change there.
  struct Recent {
    const char* data = nullptr;
    size_t size = 0;
    size_t id = 0;
  };
  thread_local Recent recent[256];
  Recent& slot = recent[(reinterpret_cast<uintptr_t>(name.data()) >> 3) & 255];
  if (slot.data == name.data() && slot.size == name.size())
    return slot.id;
  auto it = ids.find(name);
  if (it == ids.end())
    return std::nullopt;
  if (InReadOnlySegment(name.data()))
    slot = {name.data(), name.size(), it->second};
  return it->second;
}

bool IsShorthand(std::string_view name) {
  return Shorthands().count(std::string(name)) > 0;
}

bool IsKnownProperty(std::string_view name) {
  return name.rfind("--", 0) == 0 || LonghandId(name) || IsShorthand(name) ||
         !PhysicalProperty(std::string(name)).empty();
}

std::optional<Expanded> Expand(std::string_view name_view, const Values& value) {
  std::string name(name_view);
  if (LonghandId(name) || name.rfind("--", 0) == 0)
    return Expanded{{name, value}};
  if (std::string physical = PhysicalProperty(name); !physical.empty())
    return Expand(physical, value);
  auto shorthand = Shorthands().find(name);
  if (shorthand == Shorthands().end())
    return std::nullopt;
  const std::vector<std::string>& longhands = shorthand->second;
  Values parts = WithoutWhitespace(value);
  // A CSS-wide keyword sets every longhand; a var() waits for the computed value, when each
  // longhand takes its part of the substituted shorthand (a "pending-substitution value").
  if (parts.size() == 1 && IsIdent(parts[0], {"inherit", "initial", "unset", "revert"})) {
    Expanded out;
    for (const std::string& longhand : longhands)
      out.emplace_back(longhand, parts);
    return out;
  }
  if (ContainsVar(value)) {
    ComponentValue pending;
    pending.kind = ComponentValue::Kind::kFunction;
    pending.token.type = TokenType::kFunction;
    pending.token.value = "-nexus-pending-" + name;
    pending.children = value;
    Expanded out;
    for (const std::string& longhand : longhands)
      out.emplace_back(longhand, Values{pending});
    return out;
  }
  if (name == "margin" || name == "padding" || name == "inset" || name == "border-width" ||
      name == "border-style" || name == "border-color")
    return FourSides(longhands, parts);
  if (name == "border-radius") {
    // Horizontal radii, then after a slash the vertical ones (else the same): each corner
    // gets "horizontal vertical" (CSS Backgrounds 3 §5.1).
    auto halves = SplitAtSlash(parts);
    auto horizontal = FourSides(longhands, halves[0]);
    if (!horizontal || halves.size() < 2)
      return horizontal;
    auto vertical = FourSides(longhands, halves[1]);
    if (!vertical)
      return std::nullopt;
    for (size_t i = 0; i < horizontal->size(); ++i) {
      Values both = (*horizontal)[i].second;
      ComponentValue space;
      space.token.type = TokenType::kWhitespace;
      space.token.value = " ";
      both.push_back(space);
      for (const ComponentValue& part : (*vertical)[i].second)
        both.push_back(part);
      (*horizontal)[i].second = both;
    }
    return horizontal;
  }
  if (name == "border-block" || name == "border-inline") {
    auto one_side = WidthStyleColor({"w", "s", "c"}, parts);
    if (!one_side)
      return std::nullopt;
    Expanded out;
    for (size_t i = 0; i < longhands.size(); ++i)
      out.emplace_back(longhands[i], (*one_side)[i % 3].second);
    return out;
  }
  if (longhands.size() == 2 &&
      (name.find("-block") != std::string::npos || name.find("-inline") != std::string::npos))
    return Pair(longhands, parts);                         // margin-block, border-inline-color, ...
  if (name == "outline" || name.rfind("border-", 0) == 0)  // border-top and the others
    return WidthStyleColor(longhands, parts);
  if (name == "border") {
    auto one_side = WidthStyleColor({"w", "s", "c"}, parts);
    if (!one_side)
      return std::nullopt;
    Expanded out;
    for (size_t i = 0; i < longhands.size(); ++i)
      out.emplace_back(longhands[i], (*one_side)[i / 4].second);
    return out;
  }
  if (name == "font")
    return Font(value);
  if (name == "background")
    return Background(value);
  if (name == "background-position") {
    auto background = Background(value);
    if (!background)
      return std::nullopt;
    return Expanded{(*background)[3], (*background)[4]};
  }
  if (name == "flex")
    return Flex(parts);
  if (name == "gap" || name == "grid-gap" || name == "place-items" || name == "place-content" ||
      name == "place-self" || name == "overflow")
    return Pair(longhands, parts);
  if (name == "flex-flow" || name == "list-style" || name == "text-decoration") {
    // Each part goes to the first longhand whose initial keyword family takes it.
    Expanded out;
    for (const std::string& longhand : longhands)
      out.emplace_back(longhand, Tokens(InitialOf(longhand)));
    for (const ComponentValue& part : parts) {
      size_t slot;
      if (name == "flex-flow")
        slot = IsIdent(part, {"row", "row-reverse", "column", "column-reverse"}) ? 0 : 1;
      else if (name == "list-style")
        slot = IsIdent(part, {"inside", "outside"}) ? 1
               : (part.IsToken(TokenType::kUrl) || part.IsFunction()) ? 2
                                                                        : 0;
      else
        slot = IsIdent(part, {"none", "underline", "overline", "line-through", "blink"}) ? 0
               : IsLineStyle(part) || IsIdent(part, {"wavy"})                             ? 1
                                                                                           : 2;
      if (name == "text-decoration" && slot == 0 && out[0].second.size() == 1 &&
          !IsIdent(out[0].second[0], {"none"}))
        out[0].second.push_back(part);  // several lines: underline overline
      else
        out[slot].second = Values{part};
    }
    return out;
  }
  if (name == "grid-row" || name == "grid-column" || name == "grid-area") {
    std::vector<Values> groups = SplitAtSlash(parts);
    if (groups.size() > longhands.size())
      return std::nullopt;
    // A missing part repeats an area name given before it (grid-area: a is a's four lines;
    // §8.4), and is auto after a number or a span.
    auto missing = [&](size_t i) {
      size_t from = i >= 2 && groups.size() >= 2 ? i - 2 : 0;
      const Values& given = groups[std::min(from, groups.size() - 1)];
      Values trimmed = WithoutWhitespace(given);
      bool name = trimmed.size() == 1 && trimmed[0].IsToken(TokenType::kIdent) &&
                  !IsIdent(trimmed[0], {"auto", "span"});
      return name ? given : Tokens("auto");
    };
    Expanded out;
    for (size_t i = 0; i < longhands.size(); ++i)
      out.emplace_back(longhands[i], i < groups.size() ? groups[i] : missing(i));
    return out;
  }
  return std::nullopt;
}

}  // namespace nexus::web::css
