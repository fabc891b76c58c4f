#include "web/style/document_style.h"

namespace nexus::web::style {
namespace {

// HTML standard §15.3 ("Rendering: non-replaced elements") and §15.4-15.5 (replaced
// elements, widgets), in the light colour scheme, with the values Chromium ships where the
// standard leaves them to the browser (form controls' fonts and borders). The canvas is
// painted white by the viewport, so the root has no background of its own, as in Chromium.
constexpr char kSheet[] = R"css(
/* 15.3.1 Hidden elements */
area, base, basefont, datalist, head, link, meta, noembed, noframes, param, rp, script,
style, template, title { display: none; }
[hidden]:not([hidden=until-found i]):not(embed) { display: none; }
/* Scripting is enabled: noscript's content is not shown (§15.3.1). */
noscript { display: none !important; }
embed[hidden] { display: inline; height: 0; width: 0; }
input[type=hidden i] { display: none !important; }
dialog:not([open]) { display: none; }

/* 15.3.2 The page */
html, body { display: block; }
html { color: canvastext; font-family: 'Times New Roman', serif;
       font-size: medium; line-height: normal; }
body { margin: 8px; }

/* 15.3.3 Flow content */
address, blockquote, center, dialog, div, figure, figcaption, footer, form, header, hr,
legend, listing, main, p, plaintext, pre, search, xmp { display: block; }
center { text-align: -webkit-center; }
blockquote, figure, listing, p, plaintext, pre, xmp { margin-block: 1em; }
blockquote, figure { margin-inline: 40px; }
address { font-style: italic; }
listing, plaintext, pre, xmp { font-family: monospace; white-space: pre; }
dialog { position: absolute; inset-inline-start: 0; inset-inline-end: 0; width: fit-content;
         height: fit-content; margin: auto; border: solid; padding: 1em;
         background-color: canvas; color: canvastext; }
slot { display: contents; }

/* 15.3.4 Phrasing content */
cite, dfn, em, i, var { font-style: italic; }
b, strong { font-weight: bolder; }
code, kbd, samp, tt { font-family: monospace; }
big { font-size: larger; }
small { font-size: smaller; }
sub { vertical-align: sub; font-size: smaller; }
sup { vertical-align: super; font-size: smaller; }
/* The standard also sets their line-height to normal; Chromium keeps the inherited one. */
:link { color: #0000ee; }
:visited { color: #551a8b; }
:link, :visited { text-decoration: underline; cursor: pointer; }
:focus-visible { outline: auto; }
mark { background-color: yellow; color: black; }
abbr[title], acronym[title] { text-decoration: dotted underline; }
ins, u { text-decoration: underline; }
del, s, strike { text-decoration: line-through; }
q::before { content: open-quote; }
q::after { content: close-quote; }
nobr { white-space: nowrap; }
nobr wbr { white-space: normal; }

/* 15.3.6 Sections and headings */
article, aside, h1, h2, h3, h4, h5, h6, hgroup, nav, section { display: block; }
h1 { margin-block: 0.67em; font-size: 2em; }
h2 { margin-block: 0.83em; font-size: 1.5em; }
h3 { margin-block: 1em; font-size: 1.17em; }
h4 { margin-block: 1.33em; font-size: 1em; }
h5 { margin-block: 1.67em; font-size: 0.83em; }
h6 { margin-block: 2.33em; font-size: 0.67em; }
h1, h2, h3, h4, h5, h6 { font-weight: bold; }
/* An h1 in a section is an h1 (the standard dropped its smaller sizes in 2025, Chromium
   with it). */

/* 15.3.7 Lists */
dir, dd, dl, dt, menu, ol, ul { display: block; }
li { display: list-item; text-align: match-parent; }
dir, dl, menu, ol, ul { margin-block: 1em; }
:is(dir, dl, menu, ol, ul) :is(dir, dl, menu, ol, ul) { margin-block: 0; }
dd { margin-inline-start: 40px; }
dir, menu, ol, ul { padding-inline-start: 40px; }
ol, ul, menu { counter-reset: list-item; }
ol { list-style-type: decimal; }
dir, menu, ul { list-style-type: disc; }
:is(dir, menu, ol, ul) :is(dir, menu, ul) { list-style-type: circle; }
:is(dir, menu, ol, ul) :is(dir, menu, ol, ul) :is(dir, menu, ul) { list-style-type: square; }

/* 15.3.8 Tables */
table { display: table; box-sizing: border-box; border-spacing: 2px;
        border-collapse: separate; text-indent: initial; border-color: gray; }
caption { display: table-caption; text-align: center; }
colgroup, colgroup[hidden] { display: table-column-group; }
col, col[hidden] { display: table-column; }
thead { display: table-header-group; }
tbody { display: table-row-group; }
tfoot { display: table-footer-group; }
tr { display: table-row; }
td, th { display: table-cell; padding: 1px; }
th { font-weight: bold; text-align: center; }
thead, tbody, tfoot, table > tr { vertical-align: middle; }
tr, td, th { vertical-align: inherit; }
thead, tbody, tfoot, tr { border-color: inherit; }
td, th { border-color: gray; }

/* 15.3.10 Form controls */
input, select, button, textarea { letter-spacing: initial; word-spacing: initial;
  line-height: initial; text-transform: initial; text-indent: initial;
  text-shadow: initial; appearance: auto; }
input, select, textarea, button { display: inline-block; font-family: sans-serif;
  font-size: 13.3333px; color: fieldtext; }
input, textarea { background-color: field; border: 2px inset #767676; padding: 1px 2px; }
textarea { font-family: monospace; white-space: pre-wrap; }
select { background-color: field; border: 1px solid #767676; border-radius: 0; }
button, input[type=button i], input[type=submit i], input[type=reset i] {
  background-color: buttonface; color: buttontext; border: 2px outset buttonborder;
  padding: 1px 6px; text-align: center; }
input[type=checkbox i], input[type=radio i] { margin: 3px 3px 3px 4px; padding: 0;
  border: none; background-color: initial; }
input[type=radio i] { margin: 3px 3px 0 5px; }
label { cursor: default; }

/* 15.3.11 The hr element */
hr { color: gray; border-style: inset; border-width: 1px; margin-block: 0.5em;
     margin-inline: auto; overflow: hidden; }
/* Chromium draws an unstyled rule's two lines in these greys (not inset gray's shades). */
hr:not([color]) { border-color: #9a9a9a #eeeeee #eeeeee #9a9a9a; border-style: solid; }

/* 15.3.12 The fieldset and legend elements */
fieldset { display: block; margin-inline: 2px; border: groove 2px threedface;
           padding-block: 0.35em 0.625em; padding-inline: 0.75em; min-inline-size: min-content; }
legend { padding-inline: 2px; }

/* 15.4 Replaced elements */
iframe { border: 2px inset; }
video { object-fit: contain; }
img, svg, video, canvas, audio, iframe, embed, object { overflow: clip; }
audio:not([controls]) { display: none; }

/* 15.5.4 The details and summary elements */
details, summary { display: block; }
details > summary:first-of-type { display: list-item; counter-increment: list-item 0;
  list-style: disclosure-closed inside; }
details[open] > summary:first-of-type { list-style-type: disclosure-open; }

/* 15.5.12 The marquee element; 15.5.13 The meter and progress elements */
marquee { display: inline-block; text-align: initial; overflow: hidden !important; }
meter, progress { display: inline-block; vertical-align: -0.2em; }
meter { inline-size: 5em; block-size: 1em; }
progress { inline-size: 10em; block-size: 1em; }
)css";

// What the standard adds for documents in quirks mode (§15.3.8, §15.4.3): tables do not
// inherit fonts and text settings, forms keep a bottom margin, aligned images a gap. The
// margin collapsing quirks (§15.3.3) are block layout's, which drops them as Chromium does.
constexpr char kQuirksSheet[] = R"css(
form { margin-block-end: 1em; }
table { font-weight: initial; font-style: initial; font-variant-caps: initial;
        font-size: initial; line-height: initial; white-space: initial; text-align: initial; }
img[align=left i] { margin-right: 3px; }
img[align=right i] { margin-left: 3px; }
)css";

}  // namespace

const css::StyleSheet& UserAgentSheet() {
  static const css::StyleSheet* sheet = new css::StyleSheet(css::ParseStyleSheet(kSheet));
  return *sheet;
}

const css::StyleSheet& QuirksModeSheet() {
  static const css::StyleSheet* sheet = new css::StyleSheet(css::ParseStyleSheet(kQuirksSheet));
  return *sheet;
}

}  // namespace nexus::web::style
