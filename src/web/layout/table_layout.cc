// Tables (CSS 2.2 §17, with the automatic layout browsers share): the grid of slots cells
// take (colspan, rowspan, header groups first and footer groups last), column widths from
// the cells' intrinsic widths and their `width`s, the table's width from its columns and its
// own `width`, then rows as tall as their tallest cell, cells stretched to their rows and
// their content aligned by `vertical-align`. border-spacing separates cells; under
// border-collapse it is 0 (the shared borders are not merged yet).
#include <algorithm>
#include <array>
#include <atomic>
#include <numeric>
#include <string>
#include <unordered_map>
#include <vector>

#include "web/layout/layout_engine.h"

namespace nexus::web::layout {
namespace {

struct TableCell {
  const Box* box;
  int row, column, row_span, column_span;
  // Under border-collapse: the widths of the borders it shares (top, right, bottom, left),
  // each the widest of its own and its neighbour's (or the table's at the table's edge),
  // and whose each is.
  std::array<double, 4> collapsed = {0, 0, 0, 0};
  CollapsedBorders winners;
};

struct TableRow {
  const Box* box;
  const Box* group;  // null for a row straight in the table
};

struct TableGrid {
  // Under border-collapse, the widest border at each of the table's edges (top, right,
  // bottom, left), half of which is the table's own (CSS 2.2 §17.6.2).
  std::array<double, 4> outer = {0, 0, 0, 0};
  std::vector<const Box*> captions;
  std::vector<TableRow> rows;
  std::vector<TableCell> cells;
  std::vector<const css::ComputedStyle*> column_styles;  // from <col> and <colgroup>
  std::vector<const Box*> column_boxes;                  // the same columns' boxes
  int columns = 0;
};

bool IsPart(const Box& box, Inner inner) {
  return box.kind == BoxKind::kContainer && box.display.inner == inner;
}

TableGrid BuildGrid(const Box& table) {
  TableGrid grid;
  const Box* header = nullptr;
  const Box* footer = nullptr;
  std::vector<const Box*> bodies;  // row groups and lone rows, in order
  for (const auto& child : table.children) {
    const Box& part = *child;
    if (IsPart(part, Inner::kTableCaption)) {
      grid.captions.push_back(&part);
    } else if (IsPart(part, Inner::kTableColumnGroup) || IsPart(part, Inner::kTableColumn)) {
      bool has_columns = false;
      for (const auto& column : part.children) {
        if (IsPart(*column, Inner::kTableColumn)) {
          has_columns = true;
          int span = column->column_span;
          grid.column_styles.insert(grid.column_styles.end(), span, column->style.get());
          grid.column_boxes.insert(grid.column_boxes.end(), span, column.get());
        }
      }
      if (!has_columns) {
        int span = part.column_span;
        grid.column_styles.insert(grid.column_styles.end(), span, part.style.get());
        grid.column_boxes.insert(grid.column_boxes.end(), span, &part);
      }
    } else if (IsPart(part, Inner::kTableRowGroup) && part.display.part == "table-header-group" &&
               !header) {
      header = &part;
    } else if (IsPart(part, Inner::kTableRowGroup) && part.display.part == "table-footer-group" &&
               !footer) {
      footer = &part;
    } else if (IsPart(part, Inner::kTableRowGroup) || IsPart(part, Inner::kTableRow)) {
      bodies.push_back(&part);
    }
  }
  if (header)
    bodies.insert(bodies.begin(), header);
  if (footer)
    bodies.push_back(footer);

  std::vector<std::vector<bool>> taken;  // [row][column]
  auto take = [&](int row, int column) {
    if (taken.size() <= static_cast<size_t>(row))
      taken.resize(row + 1);
    if (taken[row].size() <= static_cast<size_t>(column))
      taken[row].resize(column + 1);
    taken[row][column] = true;
  };
  auto is_taken = [&](int row, int column) {
    return static_cast<size_t>(row) < taken.size() &&
           static_cast<size_t>(column) < taken[row].size() && taken[row][column];
  };
  size_t cell_count = 0;  // reserved: a table's cells are many and large
  for (const Box* body : bodies) {
    for (const auto& row : body->children)
      cell_count += IsPart(*row, Inner::kTableRow) ? row->children.size() : 1;
  }
  grid.cells.reserve(cell_count);
  for (const Box* body : bodies) {
    std::vector<const Box*> rows;
    if (IsPart(*body, Inner::kTableRow)) {
      rows.push_back(body);
    } else {
      for (const auto& row : body->children) {
        if (IsPart(*row, Inner::kTableRow))
          rows.push_back(row.get());
      }
    }
    int end = static_cast<int>(grid.rows.size() + rows.size());
    for (const Box* row : rows) {
      int index = static_cast<int>(grid.rows.size());
      grid.rows.push_back({row, row == body ? nullptr : body});
      int column = 0;
      for (const auto& cell : row->children) {
        if (!IsPart(*cell, Inner::kTableCell))
          continue;
        while (is_taken(index, column))
          ++column;
        int column_span = cell->column_span;
        int row_span = cell->row_span;
        row_span = row_span == 0 ? end - index : std::min(row_span, end - index);
        // The rows below that it spans (its own row's next cells start after it anyway).
        for (int r = index + 1; r < index + row_span; ++r) {
          for (int c = column; c < column + column_span; ++c)
            take(r, c);
        }
        grid.cells.push_back({cell.get(), index, column, row_span, column_span, {}, {}});
        column += column_span;
        grid.columns = std::max(grid.columns, column);
      }
    }
  }
  grid.columns = std::max(grid.columns, static_cast<int>(grid.column_styles.size()));
  return grid;
}

double BorderWidth(const css::ComputedStyle* style, const char* side) {
  if (!style)
    return 0;
  auto width = style->LengthOf(std::string("border-") + side + "-width");
  return width ? width->ToPixels(style->Context()) : 0;
}

bool Collapses(const css::ComputedStyle& table) {
  return table.Keyword("border-collapse") == "collapse";
}

// CSS 2.2 §17.6.2.1: each cell edge against its neighbour's, or against the table's; the
// wider border wins (a tie goes to the one above or to the left, as the spec's last rule).
void CollapseBorders(TableGrid& grid, const css::ComputedStyle& table) {
  std::map<std::pair<int, int>, const TableCell*> at;
  for (const TableCell& cell : grid.cells) {
    for (int r = cell.row; r < cell.row + cell.row_span; ++r) {
      for (int c = cell.column; c < cell.column + cell.column_span; ++c)
        at[{r, c}] = &cell;
    }
  }
  int rows = static_cast<int>(grid.rows.size());
  for (TableCell& cell : grid.cells) {
    const css::ComputedStyle* own = cell.box->style.get();
    auto neighbour = [&](int r, int c) -> const css::ComputedStyle* {
      auto it = at.find({r, c});
      return it == at.end() ? nullptr : it->second->box->style.get();
    };
    auto edge = [&](int index, const char* side, const char* opposite, int r, int c,
                    const char* table_side, bool outer) {
      double width = BorderWidth(own, side);
      const css::ComputedStyle* other = outer ? &table : neighbour(r, c);
      double other_width = BorderWidth(other, outer ? table_side : opposite);
      bool before = index == 0 || index == 3;  // the neighbour is above or to the left
      bool other_wins =
          other && (other_width > width || (other_width == width && before && !outer));
      cell.collapsed[index] = std::max(width, other_width);
      cell.winners.widths[index] = cell.collapsed[index];
      cell.winners.owners[index] = other_wins ? other : nullptr;
      cell.winners.owner_sides[index] = other_wins && !outer ? (index + 2) % 4 : index;
    };
    edge(0, "top", "bottom", cell.row - 1, cell.column, "top", cell.row == 0);
    edge(1, "right", "left", cell.row, cell.column + cell.column_span, "right",
         cell.column + cell.column_span >= grid.columns);
    edge(2, "bottom", "top", cell.row + cell.row_span, cell.column, "bottom",
         cell.row + cell.row_span >= rows);
    edge(3, "left", "right", cell.row, cell.column - 1, "left", cell.column == 0);
  }
  grid.outer = {BorderWidth(&table, "top"), BorderWidth(&table, "right"),
                BorderWidth(&table, "bottom"), BorderWidth(&table, "left")};
  for (const TableCell& cell : grid.cells) {
    if (cell.row == 0)
      grid.outer[0] = std::max(grid.outer[0], cell.collapsed[0]);
    if (cell.column + cell.column_span >= grid.columns)
      grid.outer[1] = std::max(grid.outer[1], cell.collapsed[1]);
    if (cell.row + cell.row_span >= rows)
      grid.outer[2] = std::max(grid.outer[2], cell.collapsed[2]);
    if (cell.column == 0)
      grid.outer[3] = std::max(grid.outer[3], cell.collapsed[3]);
  }
}

struct Spacing {
  double horizontal = 0, vertical = 0;
};

Spacing SpacingOf(const css::ComputedStyle& style) {
  if (style.Keyword("border-collapse") == "collapse")
    return {};
  std::vector<double> lengths;
  for (const css::ComponentValue& value : style.Value("border-spacing")) {
    if (auto length = css::Length::Parse(std::vector<css::ComponentValue>{value}))
      lengths.push_back(std::max(0.0, length->ToPixels(style.Context())));
  }
  if (lengths.empty())
    return {};
  return {lengths[0], lengths.size() > 1 ? lengths[1] : lengths[0]};
}

struct Column {
  double min = 0, max = 0;
  bool fixed = false;             // a cell or <col> gave it a width in px
  std::optional<double> percent;  // or a percentage of the table
};

double Sum(const std::vector<Column>& columns, double Column::*field, int from, int count) {
  double total = 0;
  for (int i = from; i < from + count; ++i)
    total += columns[i].*field;
  return total;
}

// A width given in px or % by a cell or column: its fixed size, or its percentage.
void ApplySpecifiedWidth(const css::ComputedStyle& style, double edges, Column& column) {
  auto width = style.LengthOf("width");
  if (!width)
    return;
  if (width->has_percentage()) {
    double percent = width->ToPixels(style.Context(100));
    column.percent = std::max(column.percent.value_or(0), percent);
    return;
  }
  double size = width->ToPixels(style.Context());
  if (style.Keyword("box-sizing") != "border-box")
    size += edges;
  // The width is what the column wants (its max-content width), not its minimum: a table
  // too narrow for every column's width gives them less, down to their content's min-content
  // widths (CSS Tables 3 §3.9.3.1; Chromium squeezes a width=200 menu to its content).
  column.max = column.fixed ? std::max(column.max, size) : std::max(column.min, size);
  column.fixed = true;
}

// Borders and paddings left and right (a collapsing table's paddings do not count).
double HorizontalEdges(const css::ComputedStyle& style, bool paddings = true) {
  auto px = [&](const char* property) {
    auto length = style.LengthOf(property);
    return length && !length->has_percentage() ? length->ToPixels(style.Context()) : 0.0;
  };
  return px("border-left-width") + px("border-right-width") +
         (paddings ? px("padding-left") + px("padding-right") : 0);
}

// The table's own borders and paddings left and right: under border-collapse, no paddings
// and half its outer collapsed borders (the other halves are its cells').
double TableEdges(const css::ComputedStyle& style, const TableGrid& grid) {
  if (style.Keyword("border-collapse") == "collapse")
    return (grid.outer[1] + grid.outer[3]) / 2;
  return HorizontalEdges(style);
}

// The columns sized to share `room` (the table's width less the spacing), as browsers share
// it: each gets its min-content width; then what is left goes first to percentage columns
// (toward their percentage of the room), then to fixed ones (toward their width), then to
// auto ones (toward their max-content widths, in proportion to what each still wants); any
// room beyond all that widens the auto columns in proportion to their widths (the others
// when there are none).
std::vector<double> DistributeWidths(const std::vector<Column>& columns, double room) {
  size_t n = columns.size();
  std::vector<double> widths(n);
  double remaining = room;
  for (size_t i = 0; i < n; ++i) {
    widths[i] = columns[i].min;
    remaining -= columns[i].min;
  }
  auto grow_toward = [&](auto in_phase, auto target) {
    if (remaining <= 0)
      return;
    double wanted = 0;
    for (size_t i = 0; i < n; ++i) {
      if (in_phase(columns[i]))
        wanted += std::max(0.0, target(columns[i]) - widths[i]);
    }
    if (wanted <= 0)
      return;
    double share = std::min(1.0, remaining / wanted);
    for (size_t i = 0; i < n; ++i) {
      if (in_phase(columns[i])) {
        double grow = std::max(0.0, target(columns[i]) - widths[i]) * share;
        widths[i] += grow;
        remaining -= grow;
      }
    }
  };
  using Phase = bool (*)(const Column&);
  Phase percent = [](const Column& column) { return column.percent.has_value(); };
  Phase fixed = [](const Column& column) { return column.fixed && !column.percent; };
  Phase automatic = [](const Column& column) { return !column.fixed && !column.percent; };
  grow_toward(percent, [&](const Column& column) { return *column.percent / 100 * room; });
  grow_toward(fixed, [](const Column& column) { return column.max; });
  grow_toward(automatic, [](const Column& column) { return column.max; });
  if (remaining <= 1e-9 || n == 0)
    return widths;
  std::vector<size_t> growing;
  for (Phase phase : {automatic, fixed, percent}) {
    for (size_t i = 0; i < n; ++i) {
      if (phase(columns[i]))
        growing.push_back(i);
    }
    if (!growing.empty())
      break;
  }
  double weight = 0;
  for (size_t i : growing)
    weight += widths[i];
  for (size_t i : growing)
    widths[i] += weight > 0 ? remaining * widths[i] / weight : remaining / growing.size();
  return widths;
}

}  // namespace

// The columns' min-content and max-content widths (CSS 2.2 §17.5.2.2): single cells first,
// then what spanning cells need beyond the columns they span, spread over them.
static std::vector<Column> MeasureColumns(LayoutEngine& engine,
                                          const TableGrid& grid,
                                          double spacing,
                                          bool collapse) {
  std::vector<Column> columns(grid.columns);
  for (size_t i = 0; i < grid.column_styles.size(); ++i) {
    if (grid.column_styles[i])
      ApplySpecifiedWidth(*grid.column_styles[i], 0, columns[i]);
  }
  std::vector<const TableCell*> ordered;
  ordered.reserve(grid.cells.size());
  bool spanning = false;
  for (const TableCell& cell : grid.cells) {
    ordered.push_back(&cell);
    spanning |= cell.column_span > 1;
  }
  if (spanning) {
    std::stable_sort(ordered.begin(), ordered.end(), [](const TableCell* a, const TableCell* b) {
      return a->column_span < b->column_span;
    });
  }
  // Cells mostly share a few styles: their edges are found once per style.
  std::unordered_map<const css::ComputedStyle*, double> edges_of_style;
  for (const TableCell* cell : ordered) {
    IntrinsicWidths widths = engine.Widths(*cell->box);
    if (collapse) {
      // Half of each shared border is the cell's (the other half its neighbour's).
      double own = BorderWidth(cell->box->style.get(), "left") +
                   BorderWidth(cell->box->style.get(), "right");
      double shared = (cell->collapsed[1] + cell->collapsed[3]) / 2;
      widths.min = std::max(0.0, widths.min - own + shared);
      widths.max = std::max(0.0, widths.max - own + shared);
    }
    if (cell->column_span == 1) {
      Column& column = columns[cell->column];
      column.min = std::max(column.min, widths.min);
      column.max = std::max(column.max, widths.max);
      if (cell->box->style) {
        const css::ComputedStyle& cell_style = *cell->box->style;
        auto [known, fresh] = edges_of_style.try_emplace(&cell_style);
        if (fresh)
          known->second = HorizontalEdges(cell_style);
        double edges = collapse ? known->second - BorderWidth(&cell_style, "left") -
                                      BorderWidth(&cell_style, "right") +
                                      (cell->collapsed[1] + cell->collapsed[3]) / 2
                                : known->second;
        ApplySpecifiedWidth(cell_style, edges, column);
      }
      continue;
    }
    double between = spacing * (cell->column_span - 1);
    double min = Sum(columns, &Column::min, cell->column, cell->column_span) + between;
    double max = Sum(columns, &Column::max, cell->column, cell->column_span) + between;
    for (int i = cell->column; i < cell->column + cell->column_span; ++i) {
      Column& column = columns[i];
      double share = max > between ? column.max / (max - between) : 1.0 / cell->column_span;
      if (widths.min > min)
        column.min += (widths.min - min) * share;
      if (widths.max > max)
        column.max += (widths.max - max) * share;
      column.max = std::max(column.max, column.min);
    }
  }
  return columns;
}

// table-layout: fixed (CSS 2.2 §17.5.2.1): the columns' widths from <col> and the first
// row's cells alone, content aside; the ones without a width share what is left evenly.
static std::vector<Column> FixedColumns(const TableGrid& grid) {
  std::vector<Column> columns(grid.columns);
  for (size_t i = 0; i < grid.column_styles.size() && i < columns.size(); ++i) {
    if (grid.column_styles[i])
      ApplySpecifiedWidth(*grid.column_styles[i], 0, columns[i]);
  }
  for (const TableCell& cell : grid.cells) {
    if (cell.row != 0 || !cell.box->style)
      continue;
    Column spanned;
    ApplySpecifiedWidth(*cell.box->style, HorizontalEdges(*cell.box->style), spanned);
    for (int c = cell.column; c < cell.column + cell.column_span; ++c) {
      Column& column = columns[c];
      if (column.fixed || column.percent)
        continue;  // a <col> said first
      if (spanned.fixed) {
        column.min = column.max = spanned.max / cell.column_span;
        column.fixed = true;
      } else if (spanned.percent) {
        column.percent = *spanned.percent / cell.column_span;
      }
    }
  }
  for (Column& column : columns) {
    if (column.fixed)
      column.min = column.max;  // content neither widens nor narrows a fixed table's columns
  }
  return columns;
}

// A table's grid and measured columns: found once, used by its widths and its layout.
struct TableMeasure {
  TableGrid grid;
  std::vector<Column> columns;
};

// Here, where TableMeasure is complete.
LayoutEngine::LayoutEngine(double viewport_width,
                           double viewport_height,
                           InlineFormatter& inline_formatter,
                           LayoutCache* cache)
    : viewport_width_(viewport_width),
      viewport_height_(viewport_height),
      inline_(inline_formatter),
      cache_(cache) {
  // Widths a box keeps are this engine's alone (another may lay out at another size).
  static std::atomic<uint32_t> engines{0};
  measuring_ = ++engines;
  if (measuring_ == 0)  // after four billion engines: 0 means "none"
    measuring_ = ++engines;
}

LayoutEngine::~LayoutEngine() = default;

const TableMeasure& LayoutEngine::MeasureTable(const Box& table) {
  std::unique_ptr<TableMeasure>& measure = tables_[&table];
  if (!measure) {
    measure = std::make_unique<TableMeasure>();
    measure->grid = BuildGrid(table);
    bool collapse = Collapses(*table.style);
    if (collapse)
      CollapseBorders(measure->grid, *table.style);
    const css::ComputedStyle& style = *table.style;
    if (style.Keyword("table-layout") == "fixed" && style.LengthOf("width"))
      measure->columns = FixedColumns(measure->grid);
    else
      measure->columns =
          MeasureColumns(*this, measure->grid, SpacingOf(style).horizontal, collapse);
  }
  return *measure;
}

std::array<double, 4> LayoutEngine::CollapsedTableBorders(const Box& table) {
  const std::array<double, 4>& outer = MeasureTable(table).grid.outer;
  return {outer[0] / 2, outer[1] / 2, outer[2] / 2, outer[3] / 2};
}

IntrinsicWidths LayoutEngine::TableWidths(const Box& table) {
  const css::ComputedStyle& style = *table.style;
  const TableMeasure& measure = MeasureTable(table);
  const TableGrid& grid = measure.grid;
  const std::vector<Column>& columns = measure.columns;
  Spacing spacing = SpacingOf(style);
  double outside = TableEdges(style, measure.grid) +
                   (grid.columns > 0 ? spacing.horizontal * (grid.columns + 1) : 0);
  IntrinsicWidths widths{Sum(columns, &Column::min, 0, grid.columns) + outside, 0};
  for (const Column& column : columns)
    widths.max += std::max(column.min, column.max);
  widths.max += outside;
  for (const Box* caption : grid.captions)
    widths.min = std::max(widths.min, Widths(*caption).min);
  if (auto width = style.LengthOf("width"); width && !width->has_percentage()) {
    double size = width->ToPixels(style.Context());
    if (style.Keyword("box-sizing") != "border-box")
      size += TableEdges(style, measure.grid);
    widths.min = widths.max = std::max(widths.min, size);
  }
  widths.max = std::max(widths.max, widths.min);
  return widths;
}

double LayoutEngine::TableWidth(const Box& table, double available) {
  const css::ComputedStyle& style = *table.style;
  IntrinsicWidths widths = TableWidths(table);
  const TableMeasure& measure = MeasureTable(table);
  auto width = style.LengthOf("width");
  if (width && width->has_percentage()) {
    double size = width->ToPixels(style.Context(std::max(0.0, available)));
    if (style.Keyword("box-sizing") != "border-box")
      size += TableEdges(style, measure.grid);
    return std::max(widths.min, size);
  }
  if (width)
    return widths.min;  // a fixed width is its min and max already
  return std::max(widths.min, std::min(available, widths.max));
}

double LayoutEngine::LayOutTableContent(const Box& table,
                                        Fragment& fragment,
                                        double content_width,
                                        std::optional<double> page_y) {
  const css::ComputedStyle& style = *table.style;
  const TableMeasure& measure = MeasureTable(table);
  const TableGrid& grid = measure.grid;
  Spacing spacing = SpacingOf(style);
  double cursor = fragment.content_y;
  // Captions above the rows, or below them with caption-side: bottom.
  auto place_captions = [&](bool bottom, double& at) {
    for (const Box* caption : grid.captions) {
      if ((caption->style && caption->style->Keyword("caption-side") == "bottom") != bottom)
        continue;
      Laid laid = Lay(*caption, content_width, std::nullopt);
      at += laid.top.Resolve();
      Translate(laid.fragment, fragment.content_x, at);
      at += laid.fragment.height + laid.bottom.Resolve();
      fragment.children.push_back(std::move(laid.fragment));
    }
  };
  place_captions(false, cursor);
  if (grid.rows.empty()) {
    place_captions(true, cursor);
    return cursor - fragment.content_y;
  }

  const std::vector<Column>& columns = measure.columns;
  double room = content_width - spacing.horizontal * (grid.columns + 1);
  std::vector<double> widths = DistributeWidths(columns, std::max(0.0, room));
  std::vector<double> column_x(grid.columns + 1);
  column_x[0] = fragment.content_x + spacing.horizontal;
  for (int i = 0; i < grid.columns; ++i)
    column_x[i + 1] = column_x[i] + widths[i] + spacing.horizontal;

  // Each cell at its columns' width, then rows as tall as their cells need.
  std::vector<Laid> laid_cells;
  std::vector<double> row_heights(grid.rows.size());
  for (size_t r = 0; r < grid.rows.size(); ++r) {
    const css::ComputedStyle* row_style = grid.rows[r].box->style.get();
    if (auto height = row_style ? row_style->LengthOf("height") : std::nullopt;
        height && !height->has_percentage())
      row_heights[r] = height->ToPixels(row_style->Context());
  }
  // A first frame's table stops at the first row below where the frame stops (as block
  // flow does: LayOutBlocks), when no cell spans rows and nothing in the rows left out
  // may paint above. Rows are at least as tall as their cells so far: their tops, estimated
  // so, are never lower than they will be.
  size_t kept_rows = grid.rows.size();
  bool may_cut = stop_below_ && page_y &&
                 std::none_of(grid.cells.begin(), grid.cells.end(),
                              [](const TableCell& cell) { return cell.row_span > 1; });
  double rows_top = cursor + spacing.vertical;
  int current_row = 0;
  for (const TableCell& cell : grid.cells) {
    while (may_cut && current_row < cell.row) {
      rows_top += row_heights[current_row++] + spacing.vertical;
      if (*page_y + rows_top <= *stop_below_)
        continue;
      may_cut = false;  // decided here, one way or the other
      bool rest_below =
          std::none_of(grid.rows.begin() + current_row, grid.rows.end(),
                       [&](const TableRow& row) { return MayPaintAbove(*row.box, false, false); });
      if (rest_below)
        kept_rows = static_cast<size_t>(current_row);
    }
    if (static_cast<size_t>(cell.row) >= kept_rows)
      break;
    double width =
        column_x[cell.column + cell.column_span] - column_x[cell.column] - spacing.horizontal;
    Imposed imposed{width, true};
    if (Collapses(style)) {
      imposed.borders = std::array<double, 4>{cell.collapsed[0] / 2, cell.collapsed[1] / 2,
                                              cell.collapsed[2] / 2, cell.collapsed[3] / 2};
    }
    laid_cells.push_back(Lay(*cell.box, width, std::nullopt, imposed));
    if (Collapses(style))
      laid_cells.back().fragment.collapsed_borders =
          std::make_shared<const CollapsedBorders>(cell.winners);
    if (cell.row_span == 1)
      row_heights[cell.row] = std::max(row_heights[cell.row], laid_cells.back().fragment.height);
  }
  if (kept_rows < grid.rows.size())
    fragment.cut = true;
  const size_t kept_cells = laid_cells.size();
  // Baseline-aligned cells of a row share its baseline: the lowest of their baselines, each
  // moved down to it (CSS 2.2 §17.5.3); the row holds them so moved.
  auto aligned_on_baseline = [&](size_t i) {
    const TableCell& cell = grid.cells[i];
    return cell.row_span == 1 && cell.box->style &&
           cell.box->style->Keyword("vertical-align") == "baseline" &&
           laid_cells[i].fragment.baseline.has_value();
  };
  std::vector<double> row_baselines(grid.rows.size(), 0);
  for (size_t i = 0; i < kept_cells; ++i) {
    if (aligned_on_baseline(i))
      row_baselines[grid.cells[i].row] =
          std::max(row_baselines[grid.cells[i].row], *laid_cells[i].fragment.baseline);
  }
  std::vector<double> baseline_shift(kept_cells, 0);
  for (size_t i = 0; i < kept_cells; ++i) {
    const TableCell& cell = grid.cells[i];
    if (aligned_on_baseline(i))
      baseline_shift[i] = row_baselines[cell.row] - *laid_cells[i].fragment.baseline;
    if (cell.row_span == 1)
      row_heights[cell.row] =
          std::max(row_heights[cell.row], laid_cells[i].fragment.height + baseline_shift[i]);
  }
  for (size_t i = 0; i < kept_cells; ++i) {
    const TableCell& cell = grid.cells[i];
    if (cell.row_span == 1)
      continue;
    double spanned = spacing.vertical * (cell.row_span - 1);
    for (int r = cell.row; r < cell.row + cell.row_span; ++r)
      spanned += row_heights[r];
    double need = laid_cells[i].fragment.height - spanned;
    if (need > 0)
      row_heights[cell.row + cell.row_span - 1] += need;
  }
  std::vector<double> row_y(kept_rows + 1);
  row_y[0] = cursor + spacing.vertical;
  for (size_t r = 0; r < kept_rows; ++r)
    row_y[r + 1] = row_y[r] + row_heights[r] + spacing.vertical;

  // Fragments: row groups hold rows, rows hold the cells that start in them.
  double rows_left = column_x[0];
  double rows_width = column_x[grid.columns] - spacing.horizontal - rows_left;
  std::vector<Fragment> rows(kept_rows);
  for (size_t r = 0; r < kept_rows; ++r) {
    rows[r].box = grid.rows[r].box;
    rows[r].x = rows[r].content_x = rows_left;
    rows[r].y = rows[r].content_y = row_y[r];
    rows[r].width = rows_width;
    rows[r].height = row_heights[r];
  }
  for (size_t i = 0; i < kept_cells; ++i) {
    const TableCell& cell = grid.cells[i];
    Fragment& placed = laid_cells[i].fragment;
    double height = row_y[cell.row + cell.row_span] - spacing.vertical - row_y[cell.row];
    double slack = height - placed.height + laid_cells[i].room_below_content;
    std::string align = cell.box->style ? cell.box->style->Keyword("vertical-align") : "";
    double shift = align == "middle" ? slack / 2 : align == "bottom" ? slack : baseline_shift[i];
    for (Fragment& child : placed.children)
      Translate(child, 0, shift);
    placed.content_y += shift;
    placed.height = height;
    Translate(placed, column_x[cell.column], row_y[cell.row]);
    rows[cell.row].children.push_back(std::move(placed));
  }
  // Columns' backgrounds, under the rows and cells (CSS 2.2 §17.5.1).
  for (int i = 0; i < grid.columns && i < static_cast<int>(grid.column_boxes.size()); ++i) {
    const Box* column = grid.column_boxes[i];
    if (!column->style || (column->style->ColorOf("background-color").alpha == 0 &&
                           column->style->Keyword("background-image") == "none"))
      continue;
    Fragment painted;
    painted.box = column;
    painted.x = painted.content_x = column_x[i];
    painted.y = painted.content_y = row_y[0];
    painted.width = widths[i];
    painted.height = row_y.back() - spacing.vertical - row_y[0];
    fragment.children.push_back(std::move(painted));
  }
  const Box* open_group = nullptr;
  for (size_t r = 0; r < kept_rows; ++r) {
    const Box* group = grid.rows[r].group;
    if (!group) {
      fragment.children.push_back(std::move(rows[r]));
      open_group = nullptr;
      continue;
    }
    if (group != open_group) {
      Fragment group_fragment;
      group_fragment.box = group;
      group_fragment.x = group_fragment.content_x = rows_left;
      group_fragment.y = group_fragment.content_y = row_y[r];
      group_fragment.width = rows_width;
      fragment.children.push_back(std::move(group_fragment));
      open_group = group;
    }
    Fragment& group_fragment = fragment.children.back();
    group_fragment.height = row_y[r] + row_heights[r] - group_fragment.y;
    group_fragment.children.push_back(std::move(rows[r]));
  }
  double end = row_y.back();
  if (!fragment.cut)
    place_captions(true, end);
  return end - fragment.content_y;
}

}  // namespace nexus::web::layout
