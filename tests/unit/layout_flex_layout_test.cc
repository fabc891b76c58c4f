#include <gtest/gtest.h>

#include "../support/expect_boxes.h"

namespace nexus::web {
namespace {

// The figures are headless Chromium's for the same markup.
TEST(FlexLayout, ItemsGrowShrinkAndAlignInARow) {
  ExpectBoxes(
      "<div id=f1 style='display:flex;gap:10px'><div id=a>one</div><div id=b "
      "style='flex:1'>grows</div><div id=c style='width:100px'>fixed</div></div><div id=f2 "
      "style='display:flex;justify-content:space-between;align-items:center;height:50px'>"
      "<span id=d>left</span><span id=e style='font-size:30px'>mid</span><span "
      "id=f>right</span></div><nav id=f5 style='display:flex'><a id=m href='#'>Home</a><a "
      "id=n href='#' style='margin-left:auto'>Login</a></nav><div id=f7 style='display:flex'>"
      "<div id=q style='flex:1 1 0'>a long text that must share the row with another long "
      "text item</div><div id=r style='flex:2 1 0'>second item has twice the grow factor so "
      "it is wider</div></div>",
      "f1:8,8,784,18 a:8,8,23,18 b:41,8,641,18 c:692,8,100,18 f2:8,26,784,50 d:8,42,21,18 "
      "e:372,34,47,34 f:762,42,30,18 f5:8,76,784,18 m:8,76,39,18 n:754,76,38,18 "
      "f7:8,94,784,36 q:8,94,261,36 r:269,94,523,36");
}

TEST(FlexLayout, WrappingColumnsAndReversedRows) {
  ExpectBoxes(
      "<div id=f3 style='display:flex;flex-wrap:wrap;width:250px'><div id=g "
      "style='width:100px;height:20px'></div><div id=h style='width:100px;height:30px'></div>"
      "<div id=i style='width:100px;height:20px'></div></div><div id=f4 "
      "style='display:flex;flex-direction:column;height:100px'><div id=j>top</div><div id=k "
      "style='flex:1'>fills</div><div id=l style='align-self:flex-end'>end</div></div><div "
      "id=f6 style='display:flex;flex-direction:row-reverse'><div id=o>first</div><div "
      "id=p>second</div></div>",
      "f3:8,8,250,50 g:8,8,100,20 h:108,8,100,30 i:8,38,100,20 f4:8,58,784,100 "
      "j:8,58,784,18 k:8,76,784,64 l:769,140,23,18 f6:8,158,784,18 o:766,158,26,18 "
      "p:722,158,44,18");
}

}  // namespace
}  // namespace nexus::web
