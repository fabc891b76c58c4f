// Reftests, the web platform's way: every page under tests/reftests/<feature>/ that names a
// reference (<link rel=match href=...>) must paint the same pixels as that reference, which
// gets there by simpler means. Both are laid out and painted at 800x600 by the engine, with
// the stylesheets and images of their folder. `<meta name=fuzzy content="maxDifference=0-N;
// totalPixels=0-M">` allows M pixels to differ by up to N in a channel (anti-aliased edges).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "web/dom/html_parser.h"
#include "web/layout/page_layout.h"
#include "web/loader/subresources.h"

namespace nexus::web {
namespace {

namespace fs = std::filesystem;

const std::string kRoot = std::string(NEXUS_SOURCE_DIR) + "/tests/reftests/";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The reference a test names, relative to the tests folder; "" for pages that are not tests.
std::string ReferenceOf(const std::string& html) {
  static const std::regex kMatch(R"(<link[^>]*rel=["']?match["']?[^>]*href=["']?([^"' >]+))",
                                 std::regex::icase);
  std::smatch found;
  return std::regex_search(html, found, kMatch) ? found[1].str() : "";
}

std::vector<std::string> Reftests() {
  std::vector<std::string> tests;
  if (!fs::exists(kRoot))
    return tests;
  for (const auto& entry : fs::recursive_directory_iterator(kRoot)) {
    if (entry.path().extension() == ".html" && !ReferenceOf(ReadFile(entry.path())).empty())
      tests.push_back(fs::relative(entry.path(), kRoot).string());
  }
  std::sort(tests.begin(), tests.end());
  return tests;
}

struct Fuzz {
  int max_difference = 0;
  int total_pixels = 0;
};

Fuzz FuzzOf(const std::string& html) {
  static const std::regex kFuzzy(R"(maxDifference=(?:\d+-)?(\d+);totalPixels=(?:\d+-)?(\d+))",
                                 std::regex::icase);
  std::smatch found;
  if ((html.find("name=fuzzy") == std::string::npos &&
       html.find("name=\"fuzzy\"") == std::string::npos) ||
      !std::regex_search(html, found, kFuzzy))
    return {};
  return {std::stoi(found[1].str()), std::stoi(found[2].str())};
}

// The page painted on white at 800x600, its subresources read from disk.
CairoSurface Paint(const fs::path& path) {
  auto document = dom::ParseHtml(ReadFile(path));
  Url base = *ParseUrl("file://" + path.string());
  PageResources resources;
  for (const Subresource& resource : CollectSubresources(*document, base)) {
    if (resource.url.rfind("file://", 0) != 0)
      continue;
    std::string bytes = ReadFile(resource.url.substr(7));
    if (resource.kind == ResourceKind::kStylesheet) {
      resources.stylesheets[resource.url] = bytes;
    } else if (resource.kind == ResourceKind::kImage) {
      auto image = DecodeImage({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
      if (image.ok())
        resources.images[resource.url] = std::move(*image);
    }
  }
  auto layout = CreatePageLayout(*document, base, resources);
  layout->Layout(800, 600);
  CairoSurface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, 800, 600));
  cairo_t* cr = cairo_create(surface.get());
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  layout->Paint(cr, 0, 0, 800, 600);
  cairo_destroy(cr);
  cairo_surface_flush(surface.get());
  return surface;
}

class Reftest : public ::testing::TestWithParam<std::string> {};

TEST_P(Reftest, PaintsAsItsReference) {
  fs::path test = kRoot + GetParam();
  std::string html = ReadFile(test);
  fs::path reference = test.parent_path() / ReferenceOf(html);
  ASSERT_TRUE(fs::exists(reference)) << reference;
  CairoSurface painted = Paint(test), expected = Paint(reference);
  Fuzz fuzz = FuzzOf(html);
  int differing = 0, worst = 0, first_x = -1, first_y = -1;
  for (int y = 0; y < 600; ++y) {
    auto* a = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(painted.get()) +
                                                y * cairo_image_surface_get_stride(painted.get()));
    auto* b = reinterpret_cast<const uint32_t*>(cairo_image_surface_get_data(expected.get()) +
                                                y * cairo_image_surface_get_stride(expected.get()));
    for (int x = 0; x < 800; ++x) {
      int difference = 0;
      for (int shift : {0, 8, 16}) {
        difference = std::max(difference, std::abs(static_cast<int>((a[x] >> shift) & 0xff) -
                                                   static_cast<int>((b[x] >> shift) & 0xff)));
      }
      if (difference == 0)
        continue;
      worst = std::max(worst, difference);
      if (first_x < 0)
        first_x = x, first_y = y;
      ++differing;
    }
  }
  bool within = differing == 0 || (worst <= fuzz.max_difference && differing <= fuzz.total_pixels);
  EXPECT_TRUE(within) << differing << " pixels differ (by up to " << worst << "), the first at "
                      << first_x << "," << first_y;
}

std::string NameOf(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param.substr(0, info.param.size() - 5);
  std::replace_if(
      name.begin(), name.end(), [](char c) { return !std::isalnum(c); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Folders, Reftest, ::testing::ValuesIn(Reftests()), NameOf);

TEST(Reftests, TheCorpusIsThere) {
  EXPECT_GE(Reftests().size(), 20u) << "tests/reftests/ holds the reftests";
}

}  // namespace
}  // namespace nexus::web
