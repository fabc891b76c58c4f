#include <gtest/gtest.h>

#include "../support/expect_boxes.h"

namespace nexus::web {
namespace {

// The figures are headless Chromium's for the same markup.
TEST(GridLayout, FixedAndFrTracksSpansAndImplicitRows) {
  ExpectBoxes(
      "<div id=g1 style='display:grid;grid-template-columns:100px 1fr 2fr;gap:10px'><div id=a "
      "style='height:20px'>a</div><div id=b>b</div><div id=c>c</div><div id=d>d</div></div>"
      "<div id=g2 style='display:grid;grid-template-columns:repeat(3, 1fr);"
      "grid-template-rows:50px auto'><div id=e style='grid-column:1 / 3'>e</div><div id=f "
      "style='grid-row:span 2'>f</div><div id=g>g</div><div id=h>h</div></div>",
      "g1:8,8,784,48 a:8,8,100,20 b:118,8,221,20 c:349,8,443,20 d:8,38,100,18 "
      "g2:8,56,784,68 e:8,56,523,50 f:531,56,261,68 g:8,106,261,18 h:269,106,261,18");
}

TEST(GridLayout, AreasAutoFillAndAlignment) {
  ExpectBoxes(
      "<div id=g3 style=\"display:grid;grid-template-areas:'head head' 'side main';"
      "grid-template-columns:150px auto;column-gap:5px;row-gap:4px\"><header id=hd "
      "style='grid-area:head'>header</header><nav id=sd style='grid-area:side'>side</nav>"
      "<main id=mn style='grid-area:main'>main content here</main></div><div id=g4 "
      "style='display:grid;grid-template-columns:repeat(auto-fill, minmax(120px, 1fr));"
      "gap:8px'><div id=i>1</div><div id=j>2</div><div id=k>3</div><div id=l>4</div><div "
      "id=m>5</div><div id=n>6</div><div id=o>7</div></div><div id=g5 "
      "style='display:grid;grid-template-columns:auto auto;justify-items:start;"
      "align-items:center;height:60px'><div id=p>short</div><div id=q style='height:40px'>a "
      "longer item</div></div>",
      "g3:8,8,784,40 hd:8,8,784,18 sd:8,30,150,18 mn:163,30,629,18 g4:8,48,784,44 "
      "i:8,48,124,18 j:140,48,124,18 n:668,48,124,18 o:8,74,124,18 g5:8,92,784,60 "
      "p:8,113,32,18 q:374,102,84,40");
}

}  // namespace
}  // namespace nexus::web
