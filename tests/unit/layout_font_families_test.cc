#include "web/layout/font_families.h"

#include <gtest/gtest.h>

namespace nexus::web {
namespace {

// Chromium's choices on this machine: generic names as its defaults, families it lacks
// skipped, metric-compatible stand-ins kept, the standard font when nothing is left.
TEST(FontFamilies, GenericsMapAndMissingFamiliesAreSkipped) {
  EXPECT_EQ(BrowserFamilies("serif"), "Times New Roman");
  EXPECT_EQ(BrowserFamilies("\"Lucida Grande\", sans-serif"), "Arial");
  EXPECT_EQ(BrowserFamilies("Lucida Grande"), "Times New Roman")
      << "nothing named is here: the standard font, not fontconfig's default sans";
  EXPECT_EQ(BrowserFamilies("Helvetica Neue, Helvetica, Arial"), "Helvetica,Arial")
      << "Helvetica and Arial are here as Liberation Sans";
  EXPECT_EQ(BrowserFamilies("'DejaVu Sans', monospace"), "DejaVu Sans,DejaVu Sans Mono");
  EXPECT_EQ(BrowserFamilies("Inter, system-ui, -apple-system, sans-serif"), "DejaVu Sans,Arial")
      << "system-ui is the system's sans-serif face (fontconfig's first), as in Chromium";
}

}  // namespace
}  // namespace nexus::web
