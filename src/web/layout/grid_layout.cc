// Grid layout (CSS Grid 1), the parts real pages use: track lists of lengths, percentages,
// fr, auto, min-content, max-content, minmax() and repeat() (auto-fill and auto-fit too),
// named areas, placement by line numbers, spans and area names, row-major auto-placement
// into implicit rows, gaps, and items stretched to their areas (or aligned by align-self and
// justify-self). Track sizing is the specification's in outline: fixed tracks, then
// intrinsic ones from their items' min-content and max-content contributions, then fr.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "base/ascii.h"
#include "web/css/parser.h"
#include "web/layout/layout_engine.h"

namespace nexus::web::layout {
namespace {

using Values = std::vector<css::ComponentValue>;

struct Track {
  enum Kind { kFixed, kPercent, kFr, kAuto, kMinContent, kMaxContent };
  Kind min = kAuto, max = kAuto;
  double min_value = 0, max_value = 0;  // px, %, or fr
};

Track OneTrack(const css::ComponentValue& value, const css::ComputedStyle& style) {
  Track track;
  auto set = [&](Track::Kind kind, double v) {
    track.min = track.max = kind;
    track.min_value = track.max_value = v;
  };
  if (value.IsToken(css::TokenType::kDimension) &&
      EqualsIgnoringAsciiCase(value.token.unit, "fr")) {
    set(Track::kFr, value.token.number);
    track.min = Track::kAuto;  // a flexible track's minimum is auto (§7.2.4)
  } else if (value.IsToken(css::TokenType::kPercentage)) {
    set(Track::kPercent, value.token.number);
  } else if (css::IsIdent(value, "min-content")) {
    set(Track::kMinContent, 0);
  } else if (css::IsIdent(value, "max-content")) {
    set(Track::kMaxContent, 0);
  } else if (auto length = css::Length::Parse(Values{value})) {
    set(Track::kFixed, length->ToPixels(style.Context()));
  }
  return track;
}

// A track list: sizes with repeat() unrolled; `room` is for auto-fill's count.
std::vector<Track> Tracks(const Values& list,
                          const css::ComputedStyle& style,
                          double room,
                          double gap) {
  std::vector<Track> tracks;
  for (const css::ComponentValue& value : list) {
    if (value.IsBlock(css::TokenType::kOpenSquare) || value.IsToken(css::TokenType::kWhitespace))
      continue;  // line names
    if (value.IsFunction() && EqualsIgnoringAsciiCase(value.token.value, "minmax")) {
      Values arguments = css::WithoutWhitespace(value.children);
      if (arguments.size() == 3) {
        Track low = OneTrack(arguments[0], style), high = OneTrack(arguments[2], style);
        Track track;
        track.min = low.min == Track::kFr ? Track::kAuto : low.min;
        track.min_value = low.min_value;
        track.max = high.max;
        track.max_value = high.max_value;
        tracks.push_back(track);
      }
      continue;
    }
    if (value.IsFunction() && EqualsIgnoringAsciiCase(value.token.value, "repeat")) {
      Values arguments = css::WithoutWhitespace(value.children);
      size_t comma = 0;
      while (comma < arguments.size() && !arguments[comma].IsToken(css::TokenType::kComma))
        ++comma;
      if (comma == 0 || comma >= arguments.size())
        continue;
      std::vector<Track> repeated =
          Tracks(Values(arguments.begin() + comma + 1, arguments.end()), style, room, gap);
      if (repeated.empty())
        continue;
      int count = 1;
      if (arguments[0].IsToken(css::TokenType::kNumber)) {
        count = std::clamp(static_cast<int>(arguments[0].token.number), 1, 1000);
      } else {
        // auto-fill / auto-fit: as many as fit, each at its fixed size (§7.2.3.2).
        double size = 0;
        for (const Track& track : repeated) {
          double fixed = track.max == Track::kFixed   ? track.max_value
                         : track.min == Track::kFixed ? track.min_value
                                                      : 0;
          size += fixed + gap;
        }
        count = size > 0 ? std::max(1, static_cast<int>((room + gap) / size)) : 1;
        count = std::min(count, 1000);
      }
      for (int i = 0; i < count; ++i)
        tracks.insert(tracks.end(), repeated.begin(), repeated.end());
      continue;
    }
    if (value.IsToken(css::TokenType::kIdent) && css::IsIdent(value, "none"))
      continue;
    tracks.push_back(OneTrack(value, style));
  }
  return tracks;
}

struct Area {
  int row_start, column_start, row_end, column_end;  // 0-based lines
};

std::map<std::string, Area> Areas(const css::ComputedStyle& style) {
  std::map<std::string, Area> areas;
  int row = 0;
  for (const css::ComponentValue& value : style.Value("grid-template-areas")) {
    if (!value.IsToken(css::TokenType::kString))
      continue;
    int column = 0;
    std::string text = value.token.value;
    size_t i = 0;
    while (i < text.size()) {
      if (text[i] == ' ' || text[i] == '\t') {
        ++i;
        continue;
      }
      size_t end = text.find_first_of(" \t", i);
      std::string name = text.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? text.size() : end;
      if (name.find_first_not_of('.') != std::string::npos) {
        auto [it, fresh] = areas.try_emplace(name, Area{row, column, row + 1, column + 1});
        if (!fresh) {
          it->second.row_end = std::max(it->second.row_end, row + 1);
          it->second.column_end = std::max(it->second.column_end, column + 1);
        }
      }
      ++column;
    }
    ++row;
  }
  return areas;
}

// One side of a placement: a line, a span, or auto.
struct Line {
  std::optional<int> line;  // 0-based
  int span = 0;             // > 0: "span n"
};

Line LineOf(const Values& raw,
            const std::map<std::string, Area>& areas,
            bool row,
            bool start,
            int explicit_lines) {
  Values value = css::WithoutWhitespace(raw);
  Line line;
  int number = 0;
  bool span = false;
  std::string name;
  for (const css::ComponentValue& part : value) {
    if (css::IsIdent(part, "span"))
      span = true;
    else if (part.IsToken(css::TokenType::kNumber))
      number = static_cast<int>(part.token.number);
    else if (part.IsToken(css::TokenType::kIdent) && !css::IsIdent(part, "auto"))
      name = AsciiLowercase(part.token.value);
  }
  if (span) {
    line.span = std::max(1, number);
    return line;
  }
  if (!name.empty()) {
    bool named_start = name.size() > 6 && name.ends_with("-start");
    bool named_end = name.size() > 4 && name.ends_with("-end");
    std::string area = named_start ? name.substr(0, name.size() - 6)
                       : named_end ? name.substr(0, name.size() - 4)
                                   : name;
    auto it = areas.find(area);
    if (it != areas.end()) {
      bool use_start = named_start || (!named_end && start);
      const Area& a = it->second;
      line.line =
          row ? (use_start ? a.row_start : a.row_end) : (use_start ? a.column_start : a.column_end);
    }
    return line;
  }
  if (number > 0)
    line.line = number - 1;
  else if (number < 0)
    line.line = std::max(0, explicit_lines + 1 + number);
  return line;
}

struct Placed {
  const Box* box;
  int row, column, row_span, column_span;
  Fragment fragment;
  IntrinsicWidths widths;
};

// Sizes tracks in `room` (none: content decides) from their items' contributions.
std::vector<double> SizeTracks(const std::vector<Track>& tracks,
                               const std::vector<std::pair<int, IntrinsicWidths>>& single,
                               const std::vector<std::tuple<int, int, double>>& spanning,
                               std::optional<double> room,
                               double gap) {
  size_t n = tracks.size();
  std::vector<double> base(n, 0), limit(n, 0);
  for (size_t i = 0; i < n; ++i) {
    const Track& t = tracks[i];
    auto fixed = [&](Track::Kind kind, double value) -> std::optional<double> {
      if (kind == Track::kFixed)
        return value;
      if (kind == Track::kPercent && room)
        return value / 100 * *room;
      return std::nullopt;
    };
    base[i] = fixed(t.min, t.min_value).value_or(0);
    limit[i] = fixed(t.max, t.max_value).value_or(t.max == Track::kFr ? 0 : -1);  // -1: infinite
  }
  for (const auto& [index, widths] : single) {
    const Track& t = tracks[index];
    if (t.min == Track::kAuto || t.min == Track::kMinContent)
      base[index] = std::max(base[index], widths.min);
    else if (t.min == Track::kMaxContent)
      base[index] = std::max(base[index], widths.max);
    if (t.max == Track::kAuto || t.max == Track::kMaxContent)
      limit[index] = std::max(limit[index], widths.max);
    else if (t.max == Track::kMinContent)
      limit[index] = std::max(limit[index], widths.min);
  }
  for (const auto& [first, count, need] : spanning) {
    double have = gap * (count - 1);
    for (int i = first; i < first + count; ++i)
      have += base[i];
    if (need > have) {
      for (int i = first; i < first + count; ++i)
        base[i] += (need - have) / count;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (limit[i] >= 0 && limit[i] < base[i])
      limit[i] = base[i];
  }
  double gaps = n > 1 ? gap * (n - 1) : 0;
  double used = gaps;
  for (double b : base)
    used += b;
  double fr_total = 0;
  for (const Track& t : tracks)
    fr_total += t.max == Track::kFr ? t.max_value : 0;
  if (!room)
    return base;  // intrinsic: as small as content allows
  // Grow intrinsic tracks toward their limits (§11.6), evenly, not past the room.
  double free = *room - used;
  if (free > 0) {
    double wanted = 0;
    for (size_t i = 0; i < n; ++i) {
      if (tracks[i].max != Track::kFr && limit[i] > base[i])
        wanted += limit[i] - base[i];
    }
    double share = wanted > 0 ? std::min(1.0, free / wanted) : 0;
    for (size_t i = 0; i < n; ++i) {
      if (tracks[i].max != Track::kFr && limit[i] > base[i]) {
        double grow = (limit[i] - base[i]) * share;
        base[i] += grow;
        free -= grow;
      }
    }
  }
  // fr tracks share what is left (§11.7), none below its base.
  if (fr_total > 0) {
    // The size of an fr (§12.7.1): the room left over the other tracks shared by the flex
    // factors; a flexible track whose base is more than its share is treated as inflexible,
    // and the fr found again without it.
    std::vector<bool> flexible(n);
    for (size_t i = 0; i < n; ++i)
      flexible[i] = tracks[i].max == Track::kFr;
    double unit = 0;
    for (bool changed = true; changed;) {
      changed = false;
      double leftover = *room - gaps, factors = 0;
      for (size_t i = 0; i < n; ++i) {
        if (flexible[i])
          factors += tracks[i].max_value;
        else
          leftover -= base[i];
      }
      unit = std::max(0.0, leftover) / std::max(1.0, factors);
      for (size_t i = 0; i < n; ++i) {
        if (flexible[i] && base[i] > unit * tracks[i].max_value) {
          flexible[i] = false;
          changed = true;
        }
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (tracks[i].max == Track::kFr)
        base[i] = std::max(base[i], unit * tracks[i].max_value);
    }
    return base;
  }
  // No fr: auto tracks stretch to the room (justify-content: normal, §11.8).
  if (free > 0) {
    std::vector<size_t> automatic;
    for (size_t i = 0; i < n; ++i) {
      if (tracks[i].max == Track::kAuto)
        automatic.push_back(i);
    }
    for (size_t i : automatic)
      base[i] += free / automatic.size();
  }
  return base;
}

}  // namespace

double LayoutEngine::LayOutGridContent(const Box& box,
                                       Fragment& fragment,
                                       double content_width,
                                       std::optional<double> content_height) {
  const css::ComputedStyle& style = *box.style;
  auto gap_of = [&](const char* property, double percent_of) {
    auto length = style.LengthOf(property);
    return length ? std::max(0.0, length->ToPixels(style.Context(percent_of))) : 0.0;
  };
  double column_gap = gap_of("column-gap", content_width);
  double row_gap = gap_of("row-gap", content_height.value_or(0));
  std::vector<Track> columns =
      Tracks(style.Value("grid-template-columns"), style, content_width, column_gap);
  std::vector<Track> rows =
      Tracks(style.Value("grid-template-rows"), style, content_height.value_or(0), row_gap);
  std::vector<Track> auto_rows = Tracks(style.Value("grid-auto-rows"), style, 0, row_gap);
  std::vector<Track> auto_columns = Tracks(style.Value("grid-auto-columns"), style, 0, column_gap);
  std::map<std::string, Area> areas = Areas(style);
  for (const auto& [name, area] : areas) {
    while (static_cast<int>(rows.size()) < area.row_end)
      rows.push_back(auto_rows.empty() ? Track{} : auto_rows.front());
    while (static_cast<int>(columns.size()) < area.column_end)
      columns.push_back(auto_columns.empty() ? Track{} : auto_columns.front());
  }
  bool column_flow = style.Keyword("grid-auto-flow").rfind("column", 0) == 0;

  // Placement (§8.5): definite items first, then the rest in order, row by row.
  std::vector<Placed> items;
  std::vector<std::vector<bool>> taken;
  auto occupied = [&](int row, int column) {
    return row < static_cast<int>(taken.size()) && column < static_cast<int>(taken[row].size()) &&
           taken[row][column];
  };
  auto take = [&](const Placed& item) {
    for (int r = item.row; r < item.row + item.row_span; ++r) {
      if (static_cast<int>(taken.size()) <= r)
        taken.resize(r + 1);
      for (int c = item.column; c < item.column + item.column_span; ++c) {
        if (static_cast<int>(taken[r].size()) <= c)
          taken[r].resize(c + 1);
        taken[r][c] = true;
      }
    }
  };
  std::vector<const Box*> children;
  for (const auto& child : box.children) {
    if (child->style && IsOutOfFlow(*child->style)) {
      fragment.children.push_back(StaticPosition(*child, fragment.content_x, fragment.content_y));
      continue;
    }
    if (child->style && !child->IsCollapsibleWhitespace())
      children.push_back(child.get());
  }
  std::stable_sort(children.begin(), children.end(), [](const Box* a, const Box* b) {
    auto order = [](const Box* box) {
      for (const css::ComponentValue& v : box->style->Value("order")) {
        if (v.IsToken(css::TokenType::kNumber))
          return v.token.number;
      }
      return 0.0;
    };
    return order(a) < order(b);
  });
  struct Pending {
    const Box* box;
    Line row_start, row_end, column_start, column_end;
  };
  std::vector<Pending> automatic;
  int explicit_rows = static_cast<int>(rows.size()),
      explicit_columns = static_cast<int>(columns.size());
  for (const Box* child : children) {
    const css::ComputedStyle& item = *child->style;
    Pending pending{child, LineOf(item.Value("grid-row-start"), areas, true, true, explicit_rows),
                    LineOf(item.Value("grid-row-end"), areas, true, false, explicit_rows),
                    LineOf(item.Value("grid-column-start"), areas, false, true, explicit_columns),
                    LineOf(item.Value("grid-column-end"), areas, false, false, explicit_columns)};
    // An area name on the start alone covers the area.
    auto resolve = [](Line& start, Line& end, int& first, int& span) -> bool {
      if (start.line && end.line) {
        first = std::min(*start.line, *end.line);
        span = std::max(1, std::abs(*end.line - *start.line));
        return true;
      }
      if (start.line) {
        first = *start.line;
        span = std::max(1, end.span);
        return true;
      }
      if (end.line) {
        span = std::max(1, start.span);
        first = std::max(0, *end.line - span);
        return true;
      }
      span = std::max({1, start.span, end.span});
      return false;
    };
    Placed placed{child, 0, 0, 1, 1, {}, {}};
    bool row_known = resolve(pending.row_start, pending.row_end, placed.row, placed.row_span);
    bool column_known =
        resolve(pending.column_start, pending.column_end, placed.column, placed.column_span);
    if (row_known && column_known) {
      take(placed);
      items.push_back(std::move(placed));
    } else {
      automatic.push_back(pending);
    }
  }
  int width_in_columns = std::max(1, explicit_columns);
  for (const Placed& item : items)
    width_in_columns = std::max(width_in_columns, item.column + item.column_span);
  int width_in_rows = std::max(1, explicit_rows);
  int cursor_row = 0, cursor_column = 0;
  for (Pending& pending : automatic) {
    Placed placed{pending.box, 0, 0, 1, 1, {}, {}};
    bool row_known = false, column_known = false;
    {
      Line s = pending.row_start, e = pending.row_end;
      if (s.line || e.line) {
        row_known = true;
        placed.row = s.line ? *s.line : std::max(0, *e.line - std::max(1, s.span));
        placed.row_span =
            std::max(1, s.line && e.line ? *e.line - *s.line : std::max(s.span, e.span));
      } else {
        placed.row_span = std::max({1, s.span, e.span});
      }
    }
    {
      Line s = pending.column_start, e = pending.column_end;
      if (s.line || e.line) {
        column_known = true;
        placed.column = s.line ? *s.line : std::max(0, *e.line - std::max(1, s.span));
        placed.column_span =
            std::max(1, s.line && e.line ? *e.line - *s.line : std::max(s.span, e.span));
      } else {
        placed.column_span = std::max({1, s.span, e.span});
      }
    }
    placed.column_span =
        std::min(placed.column_span, std::max(width_in_columns, placed.column_span));
    auto fits = [&](int row, int column) {
      for (int r = row; r < row + placed.row_span; ++r) {
        for (int c = column; c < column + placed.column_span; ++c) {
          if (occupied(r, c))
            return false;
        }
      }
      return true;
    };
    if (row_known && !column_known) {
      int column = 0;
      while (!fits(placed.row, column))
        ++column;
      placed.column = column;
    } else if (column_known && !row_known) {
      int row = column_flow ? 0 : cursor_row;
      while (!fits(row, placed.column))
        ++row;
      placed.row = row;
    } else if (!row_known && !column_known) {
      int row = cursor_row, column = cursor_column;
      if (column_flow) {
        while (true) {
          if (row + placed.row_span > width_in_rows) {
            row = 0;
            ++column;
          }
          if (fits(row, column))
            break;
          ++row;
        }
        cursor_row = row;
        cursor_column = column;
      } else {
        while (true) {
          if (column + placed.column_span > width_in_columns) {
            column = 0;
            ++row;
          }
          if (fits(row, column))
            break;
          ++column;
        }
        cursor_row = row;
        cursor_column = column + placed.column_span;
      }
      placed.row = row;
      placed.column = column;
    }
    take(placed);
    items.push_back(std::move(placed));
  }
  int row_count = std::max(1, static_cast<int>(rows.size()));
  int column_count = std::max(1, static_cast<int>(columns.size()));
  for (const Placed& item : items) {
    row_count = std::max(row_count, item.row + item.row_span);
    column_count = std::max(column_count, item.column + item.column_span);
  }
  auto implicit = [](const std::vector<Track>& automatic_tracks, size_t index) {
    return automatic_tracks.empty() ? Track{} : automatic_tracks[index % automatic_tracks.size()];
  };
  while (static_cast<int>(columns.size()) < column_count)
    columns.push_back(implicit(auto_columns, columns.size()));
  while (static_cast<int>(rows.size()) < row_count)
    rows.push_back(implicit(auto_rows, rows.size()));

  // Columns from the items' widths.
  std::vector<std::pair<int, IntrinsicWidths>> single_columns;
  std::vector<std::tuple<int, int, double>> spanning_columns;
  for (Placed& item : items) {
    item.widths = Widths(*item.box);
    if (item.column_span == 1)
      single_columns.push_back({item.column, item.widths});
    else
      spanning_columns.push_back({item.column, item.column_span, item.widths.min});
  }
  std::vector<double> column_sizes =
      SizeTracks(columns, single_columns, spanning_columns, content_width, column_gap);
  std::vector<double> column_x(column_sizes.size() + 1, 0);
  for (size_t i = 0; i < column_sizes.size(); ++i)
    column_x[i + 1] = column_x[i] + column_sizes[i] + column_gap;
  auto span_width = [&](int first, int count) {
    return column_x[first + count] - column_x[first] - column_gap;
  };

  // Each item at its area's width, then rows from their heights.
  std::vector<std::pair<int, IntrinsicWidths>> single_rows;
  std::vector<std::tuple<int, int, double>> spanning_rows;
  for (Placed& item : items) {
    const css::ComputedStyle& item_style = *item.box->style;
    double area_width = span_width(item.column, item.column_span);
    auto margin = [&](const char* side) {
      auto length = item_style.LengthOf(side);
      return length ? length->ToPixels(item_style.Context(area_width)) : 0.0;
    };
    double margins = margin("margin-left") + margin("margin-right");
    std::string justify = item_style.Keyword("justify-self");
    if (justify.empty() || justify == "auto")
      justify = style.Keyword("justify-items");
    std::optional<double> width;
    if (!item_style.LengthOf("width")) {
      width = std::max(0.0, area_width - margins);
      if (justify == "start" || justify == "end" || justify == "center" || justify == "left" ||
          justify == "right")
        width = std::min(*width, std::max(0.0, item.widths.max - margins));
    }
    Laid laid = Lay(*item.box, area_width, std::nullopt, {width});
    item.fragment = std::move(laid.fragment);
    double outer = item.fragment.height + laid.top.Resolve() + laid.bottom.Resolve();
    if (item.row_span == 1)
      single_rows.push_back({item.row, {outer, outer}});
    else
      spanning_rows.push_back({item.row, item.row_span, outer});
    // Horizontal alignment inside the area.
    double slack = area_width - margins - item.fragment.width;
    double shift = justify == "end" || justify == "right" ? slack
                   : justify == "center"                  ? slack / 2
                                                          : 0;
    Translate(item.fragment, column_x[item.column] + shift, 0);
  }
  std::vector<double> row_sizes =
      SizeTracks(rows, single_rows, spanning_rows, content_height, row_gap);
  std::vector<double> row_y(row_sizes.size() + 1, 0);
  for (size_t i = 0; i < row_sizes.size(); ++i)
    row_y[i + 1] = row_y[i] + row_sizes[i] + row_gap;

  for (Placed& item : items) {
    const css::ComputedStyle& item_style = *item.box->style;
    double area_height = row_y[item.row + item.row_span] - row_y[item.row] - row_gap;
    auto margin = [&](const char* side) {
      auto length = item_style.LengthOf(side);
      return length ? length->ToPixels(item_style.Context(area_height)) : 0.0;
    };
    double margins = margin("margin-top") + margin("margin-bottom");
    std::string align = item_style.Keyword("align-self");
    if (align.empty() || align == "auto")
      align = style.Keyword("align-items");
    double slack = area_height - margins - item.fragment.height;
    double shift = 0;
    if (align == "end" || align == "flex-end")
      shift = slack;
    else if (align == "center")
      shift = slack / 2;
    else if ((align.empty() || align == "normal" || align == "stretch") &&
             !item_style.LengthOf("height") && slack > 0)
      item.fragment.height += slack;
    Translate(item.fragment, fragment.content_x,
              fragment.content_y + row_y[item.row] + margin("margin-top") + shift);
    fragment.children.push_back(std::move(item.fragment));
  }
  double height = row_y.back() - (row_sizes.empty() ? 0 : row_gap);
  return content_height.value_or(std::max(0.0, height));
}

IntrinsicWidths LayoutEngine::GridWidths(const Box& box) {
  const css::ComputedStyle& style = *box.style;
  auto gap = style.LengthOf("column-gap");
  double column_gap = gap && !gap->has_percentage() ? gap->ToPixels(style.Context()) : 0;
  std::vector<Track> columns = Tracks(style.Value("grid-template-columns"), style, 0, column_gap);
  IntrinsicWidths widths;
  bool any_intrinsic = columns.empty();
  for (const Track& track : columns) {
    if (track.max == Track::kFixed) {
      widths.min += track.max_value;
      widths.max += track.max_value;
    } else {
      any_intrinsic = true;
    }
  }
  if (any_intrinsic) {
    // The items side by side as the widest they could make it (a fair outline of §12).
    IntrinsicWidths items;
    for (const auto& child : box.children) {
      if (!child->style || IsOutOfFlow(*child->style) || child->IsCollapsibleWhitespace())
        continue;
      IntrinsicWidths item = Widths(*child);
      items.min = std::max(items.min, item.min);
      items.max += item.max;
    }
    widths.min += items.min;
    widths.max += items.max;
  }
  if (columns.size() > 1) {
    widths.min += column_gap * (columns.size() - 1);
    widths.max += column_gap * (columns.size() - 1);
  }
  return widths;
}

}  // namespace nexus::web::layout
