// Checks the new layout engine's boxes against headless Chromium's for the same markup.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <sstream>
#include <string>

#include "web/dom/html_parser.h"
#include "web/layout/page_layout.h"

namespace nexus::web {

inline const dom::Element* ById(const dom::Node& node, const std::string& id) {
  const dom::Element* element = node.AsElement();
  if (element && element->GetAttribute("id") == id)
    return element;
  for (const auto& child : node.children()) {
    if (const dom::Element* found = ById(*child, id))
      return found;
  }
  return nullptr;
}

// Lays `body` out at 800x600 with real fonts and checks each "id:x,y,width,height" of
// `expected` (headless Chromium's getBoundingClientRect, rounded) to within a pixel:
// Chromium's half-pixel rounding and ours differ, nothing more.
inline void ExpectBoxes(const std::string& body, const std::string& expected) {
  auto document = dom::ParseHtml("<!doctype html><body style='margin:8px'>" + body);
  PageResources resources;
  auto layout = CreatePageLayout(*document, *ParseUrl("http://example.test/"), resources);
  layout->Layout(800, 600);
  std::istringstream entries(expected);
  std::string entry;
  while (entries >> entry) {
    std::string id = entry.substr(0, entry.find(':'));
    int x, y, width, height;
    ASSERT_EQ(std::sscanf(entry.c_str() + id.size() + 1, "%d,%d,%d,%d", &x, &y, &width, &height),
              4);
    const dom::Element* element = ById(*document, id);
    ASSERT_TRUE(element) << id;
    auto box = layout->BoxOf(*element);
    ASSERT_TRUE(box) << id;
    EXPECT_LE(std::abs(box->x - x), 1) << id << " x " << box->x;
    EXPECT_LE(std::abs(box->y - y), 1) << id << " y " << box->y;
    EXPECT_LE(std::abs(box->width - width), 1) << id << " width " << box->width;
    EXPECT_LE(std::abs(box->height - height), 1) << id << " height " << box->height;
  }
}

}  // namespace nexus::web
