#include "web/layout/user_agent_stylesheet.h"

namespace nexus::web {

// HTML standard 15.3 (rendering): hidden elements, flow content, phrasing content, lists,
// tables, form controls (as plain boxes), sections and headings.
const char kUserAgentStylesheet[] = R"css(
html, address, blockquote, body, center, dialog, div, figure, figcaption, footer, form,
header, hr, legend, listing, main, p, plaintext, pre, xmp, details, summary, article, aside,
h1, h2, h3, h4, h5, h6, hgroup, nav, section, dl, dd, dt, ol, ul, menu, dir, fieldset,
optgroup { display: block; }
head, link, meta, script, style, title, template, noscript, area, base, basefont, datalist,
param, rp, [hidden] { display: none; }
html { font-family: 'Times New Roman', serif; font-size: 16px; color: black; }
body { margin: 8px; }
p, blockquote, figure, listing, plaintext, pre, xmp, dl, ol, ul, menu, dir { margin-top: 1em; margin-bottom: 1em; }
blockquote, figure { margin-left: 40px; margin-right: 40px; }
address, i, cite, em, var, dfn { font-style: italic; }
b, strong, th { font-weight: bold; }
code, kbd, samp, tt, pre, listing, plaintext, xmp { font-family: 'DejaVu Sans Mono', monospace; font-size: 13px; }
pre, listing, plaintext, xmp { white-space: pre; }
big { font-size: larger; }
small { font-size: smaller; }
sub { vertical-align: sub; font-size: smaller; }
sup { vertical-align: super; font-size: smaller; }
u, ins { text-decoration: underline; }
s, strike, del { text-decoration: line-through; }
center { text-align: center; }
mark { background-color: yellow; color: black; }
a { color: #0000ee; text-decoration: underline; cursor: pointer; }
h1 { font-size: 2em; margin-top: 0.67em; margin-bottom: 0.67em; font-weight: bold; }
h2 { font-size: 1.5em; margin-top: 0.83em; margin-bottom: 0.83em; font-weight: bold; }
h3 { font-size: 1.17em; margin-top: 1em; margin-bottom: 1em; font-weight: bold; }
h4 { font-size: 1em; margin-top: 1.33em; margin-bottom: 1.33em; font-weight: bold; }
h5 { font-size: 0.83em; margin-top: 1.67em; margin-bottom: 1.67em; font-weight: bold; }
h6 { font-size: 0.67em; margin-top: 2.33em; margin-bottom: 2.33em; font-weight: bold; }
dd { margin-left: 40px; }
ol, ul, menu, dir { padding-left: 40px; }
ol { list-style-type: decimal; }
ul, menu, dir { list-style-type: disc; }
ul ul, ol ul { list-style-type: circle; }
ul ul ul, ol ul ul, ul ol ul, ol ol ul { list-style-type: square; }
ol ol, ol ul, ul ol, ul ul { margin-top: 0; margin-bottom: 0; }
li { display: list-item; }
hr { border-style: inset; border-width: 1px; border-color: gray; margin-top: 0.5em; margin-bottom: 0.5em; margin-left: auto; margin-right: auto; }
table { display: table; border-spacing: 2px; border-collapse: separate; text-indent: 0; }
caption { display: table-caption; text-align: center; }
colgroup { display: table-column-group; }
col { display: table-column; }
thead { display: table-header-group; vertical-align: middle; }
tbody { display: table-row-group; vertical-align: middle; }
tfoot { display: table-footer-group; vertical-align: middle; }
tr { display: table-row; vertical-align: inherit; }
td, th { display: table-cell; vertical-align: inherit; padding: 1px; }
th { text-align: center; }
img { display: inline-block; }
br { display: block; }
input, button, select, textarea { display: inline-block; border: 2px inset #767676; padding: 1px 2px; font-size: 13.33px; font-family: sans-serif; }
button { border: 2px outset #767676; background-color: #efefef; }
fieldset { margin-left: 2px; margin-right: 2px; border: 2px groove #c0c0c0; padding: 0.35em 0.75em 0.625em; }
)css";

}  // namespace nexus::web
