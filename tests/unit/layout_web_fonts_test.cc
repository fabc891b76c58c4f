#include "web/layout/web_fonts.h"

#include <brotli/encode.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <pango/pangocairo.h>
#include <zlib.h>

#include <fstream>

#include <gtest/gtest.h>

#include "web/css/parser.h"
#include "web/layout/font_families.h"
#include "web/layout/inline_layout.h"

namespace nexus::web::layout {
namespace {

const char kInstalledFont[] = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf";

std::string ReadFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

uint32_t Big32(const std::string& bytes, size_t at) {
  return static_cast<uint32_t>(static_cast<uint8_t>(bytes[at])) << 24 |
         static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + 2])) << 8 |
         static_cast<uint8_t>(bytes[at + 3]);
}

void Put(std::string& out, uint32_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

struct Table {
  uint32_t tag;
  std::string data;
};

// The tables of an sfnt, in directory order.
std::vector<Table> TablesOf(const std::string& sfnt) {
  std::vector<Table> tables;
  int count = static_cast<uint8_t>(sfnt[4]) << 8 | static_cast<uint8_t>(sfnt[5]);
  for (int i = 0; i < count; ++i) {
    size_t record = 12 + 16 * static_cast<size_t>(i);
    tables.push_back(
        {Big32(sfnt, record), sfnt.substr(Big32(sfnt, record + 8), Big32(sfnt, record + 12))});
  }
  return tables;
}

// WOFF 1.0 (W3C): a header, a directory, each table zlib-compressed.
std::string ToWoff(const std::string& sfnt) {
  std::vector<Table> tables = TablesOf(sfnt);
  std::string directory, data;
  size_t offset = 44 + 20 * tables.size();
  for (const Table& table : tables) {
    uLongf size = compressBound(table.data.size());
    std::string packed(size, '\0');
    compress(reinterpret_cast<Bytef*>(packed.data()), &size,
             reinterpret_cast<const Bytef*>(table.data.data()), table.data.size());
    packed.resize(size);
    if (packed.size() >= table.data.size())
      packed = table.data;
    Put(directory, table.tag, 4);
    Put(directory, static_cast<uint32_t>(offset + data.size()), 4);
    Put(directory, static_cast<uint32_t>(packed.size()), 4);
    Put(directory, static_cast<uint32_t>(table.data.size()), 4);
    Put(directory, 0, 4);  // checksum: not checked by readers
    data += packed + std::string((4 - packed.size() % 4) % 4, '\0');
  }
  std::string woff;
  Put(woff, 0x774F4646, 4);  // wOFF
  Put(woff, Big32(sfnt, 0), 4);
  Put(woff, static_cast<uint32_t>(offset + data.size()), 4);
  Put(woff, static_cast<uint32_t>(tables.size()), 2);
  Put(woff, 0, 2);
  Put(woff, static_cast<uint32_t>(sfnt.size()), 4);
  Put(woff, 1, 2);
  Put(woff, 0, 2);
  for (int i = 0; i < 5; ++i)
    Put(woff, 0, 4);  // no metadata, no private data
  return woff + directory + data;
}

void PutBase128(std::string& out, uint32_t value) {
  std::string bytes;
  do {
    bytes.insert(bytes.begin(), static_cast<char>((value & 0x7f) | (bytes.empty() ? 0 : 0x80)));
    value >>= 7;
  } while (value);
  out += bytes;
}

// WOFF 2 (W3C) with every table untransformed (glyf and loca too: transform version 3),
// all of them in one Brotli stream.
std::string ToWoff2(const std::string& sfnt) {
  std::vector<Table> tables = TablesOf(sfnt);
  std::string directory, stream;
  for (const Table& table : tables) {
    bool glyf_or_loca = table.tag == 0x676C7966 || table.tag == 0x6C6F6361;
    directory.push_back(static_cast<char>(63 | (glyf_or_loca ? 0xC0 : 0)));
    Put(directory, table.tag, 4);
    PutBase128(directory, static_cast<uint32_t>(table.data.size()));
    stream += table.data;
  }
  size_t size = BrotliEncoderMaxCompressedSize(stream.size());
  std::string packed(size, '\0');
  BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_FONT, stream.size(),
                        reinterpret_cast<const uint8_t*>(stream.data()), &size,
                        reinterpret_cast<uint8_t*>(packed.data()));
  packed.resize(size);
  std::string woff2;
  Put(woff2, 0x774F4632, 4);  // wOF2
  Put(woff2, Big32(sfnt, 0), 4);
  size_t length = 48 + directory.size() + packed.size();
  length += (4 - length % 4) % 4;
  Put(woff2, static_cast<uint32_t>(length), 4);
  Put(woff2, static_cast<uint32_t>(tables.size()), 2);
  Put(woff2, 0, 2);
  Put(woff2, static_cast<uint32_t>(sfnt.size()), 4);
  Put(woff2, static_cast<uint32_t>(packed.size()), 4);
  Put(woff2, 1, 2);
  Put(woff2, 0, 2);
  for (int i = 0; i < 5; ++i)
    Put(woff2, 0, 4);
  woff2 += directory + packed;
  return woff2 + std::string(length - woff2.size(), '\0');
}

// The tables that matter for drawing text, by tag, as FreeType reads them from a font file.
std::map<uint32_t, std::string> TablesAsFreeTypeReadsThem(const std::string& font) {
  std::map<uint32_t, std::string> tables;
  FT_Library library;
  FT_Init_FreeType(&library);
  FT_Face face;
  if (FT_New_Memory_Face(library, reinterpret_cast<const FT_Byte*>(font.data()),
                         static_cast<FT_Long>(font.size()), 0, &face) == 0) {
    for (uint32_t tag : {0x636D6170u, 0x676C7966u, 0x6C6F6361u, 0x686D7478u, 0x68686561u}) {
      FT_ULong length = 0;
      if (FT_Load_Sfnt_Table(face, tag, 0, nullptr, &length) != 0)
        continue;
      std::string data(length, '\0');
      FT_Load_Sfnt_Table(face, tag, 0, reinterpret_cast<FT_Byte*>(data.data()), &length);
      tables[tag] = data;
    }
    FT_Done_Face(face);
  }
  FT_Done_FreeType(library);
  return tables;
}

double TextWidth(const std::string& families, const std::string& text) {
  PangoLayout* layout = pango_layout_new(SharedPangoContext());
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, families.c_str());
  pango_font_description_set_absolute_size(font, 20 * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_text(layout, text.c_str(), -1);
  int width = 0;
  pango_layout_get_size(layout, &width, nullptr);
  pango_font_description_free(font);
  g_object_unref(layout);
  return static_cast<double>(width) / PANGO_SCALE;
}

css::FontFaceRule Rule(const std::string& family, const std::string& url) {
  return {family, {{false, url, ""}}, 400, 400, false, {}};
}

TEST(WebFonts, TrueTypePassesAsItIsAndWoffAndWoff2UnpackToTheSameTables) {
  std::string font = ReadFile(kInstalledFont);
  ASSERT_GT(font.size(), 10000u);
  auto same = SfntFromWebFont(font);
  ASSERT_TRUE(same.ok()) << same.error().message();
  EXPECT_EQ(*same, font);
  auto original = TablesAsFreeTypeReadsThem(font);
  ASSERT_EQ(original.size(), 5u);
  for (const std::string& packed : {ToWoff(font), ToWoff2(font)}) {
    auto sfnt = SfntFromWebFont(packed);
    ASSERT_TRUE(sfnt.ok()) << sfnt.error().message();
    EXPECT_EQ(Big32(*sfnt, 0), 0x00010000u);
    EXPECT_EQ(TablesAsFreeTypeReadsThem(*sfnt), original);
  }
}

TEST(WebFonts, WhatIsNoFontIsAnErrorSayingSo) {
  EXPECT_NE(SfntFromWebFont("<html>not a font at all</html>").error().message().find("not a font"),
            std::string::npos);
  EXPECT_NE(SfntFromWebFont("wOF2").error().message().find("too short"), std::string::npos);
  std::string woff2 = ToWoff2(ReadFile(kInstalledFont));
  auto truncated = SfntFromWebFont(woff2.substr(0, woff2.size() / 2));
  ASSERT_FALSE(truncated.ok());
  EXPECT_NE(truncated.error().message().find("FreeType cannot read"), std::string::npos);
}

// The page's family draws with the web font, as wide as the installed face it copies and
// unlike the fallback; a family whose font failed falls back as though it had no rule.
TEST(WebFonts, AFamilyFromFontFaceDrawsWithItsFaceAndAFailedOneFallsBack) {
  std::string font = ReadFile(kInstalledFont);
  std::string text = "iiiii WWWWW";
  double mono = TextWidth("DejaVu Sans Mono", text);
  double serif = TextWidth(BrowserFamilies("Mono Probe Unknown, serif"), text);
  ASSERT_NE(mono, serif);
  auto errors = UseWebFonts({Rule("Mono Probe", "https://fonts.test/probe.woff2"),
                             Rule("Broken Probe", "https://fonts.test/broken.ttf"),
                             Rule("Missing Probe", "https://fonts.test/missing.ttf")},
                            {{"https://fonts.test/probe.woff2", ToWoff2(font)},
                             {"https://fonts.test/broken.ttf", "garbage, not a font"}});
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_NE(errors[0].find("Broken Probe"), std::string::npos) << errors[0];
  EXPECT_NE(errors[0].find("not a font"), std::string::npos) << errors[0];
  auto family = WebFontFamily("MONO PROBE");
  ASSERT_TRUE(family.has_value());
  EXPECT_EQ(BrowserFamilies("'Mono Probe', serif"), *family + ",Times New Roman");
  EXPECT_DOUBLE_EQ(TextWidth(BrowserFamilies("'Mono Probe', serif"), text), mono);
  EXPECT_FALSE(WebFontFamily("Broken Probe"));
  EXPECT_FALSE(WebFontFamily("Missing Probe"));
  EXPECT_EQ(BrowserFamilies("'Broken Probe', serif"), "Times New Roman");
  // Registered once: the same rules again add nothing and report nothing.
  EXPECT_TRUE(UseWebFonts({Rule("Mono Probe", "https://fonts.test/probe.woff2")},
                          {{"https://fonts.test/probe.woff2", ToWoff2(font)}})
                  .empty());
  EXPECT_EQ(WebFontFamily("Mono Probe"), family);
}

TEST(WebFonts, LocalSourcesNameInstalledFacesByFullOrPostScriptName) {
  css::FontFaceRule rule = {
      "Local Probe", {{true, "No Such Face", ""}, {true, "DejaVuSansMono-Bold", ""}},
      700,           700,
      false,         {}};
  EXPECT_TRUE(UseWebFonts({rule}, {}).empty());
  EXPECT_EQ(WebFontFamily("local probe"), "DejaVu Sans Mono");
}

// A family split into subsets by unicode-range (as web font services serve them): each
// character is drawn from the subset that covers it.
TEST(WebFonts, UnicodeRangeSubsetsEachDrawTheirOwnCharacters) {
  std::string mono = ReadFile(kInstalledFont);
  std::string serif = ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf");
  ASSERT_FALSE(serif.empty());
  css::FontFaceRule capitals = Rule("Split Probe", "https://fonts.test/capitals.ttf");
  capitals.unicode_ranges = {{U'A', U'Z'}};
  css::FontFaceRule small = Rule("Split Probe", "https://fonts.test/small.ttf");
  small.unicode_ranges = {{U'a', U'z'}};
  EXPECT_TRUE(UseWebFonts({capitals, small}, {{"https://fonts.test/capitals.ttf", mono},
                                              {"https://fonts.test/small.ttf", serif}})
                  .empty());
  std::string families = BrowserFamilies("'Split Probe'");
  EXPECT_DOUBLE_EQ(TextWidth(families, "WWW"), TextWidth("DejaVu Sans Mono", "WWW"));
  EXPECT_DOUBLE_EQ(TextWidth(families, "iii"), TextWidth("DejaVu Serif", "iii"));
}

TEST(FontFace, DescriptorsParseAsBrowsersReadThem) {
  auto sheet = css::ParseStyleSheet(
      "@font-face { font-family: Open   Sans; font-weight: 300 700; font-style: italic;"
      " src: local('Open Sans'), url(a.woff2) format('woff2') tech(variations),"
      " url(a.ttf) format(truetype), bogus(x), url(b.svg) format('svg') }");
  ASSERT_EQ(sheet.rules.size(), 1u);
  auto face = css::ParseFontFace(sheet.rules[0].declarations);
  ASSERT_TRUE(face);
  EXPECT_EQ(face->family, "Open Sans");
  EXPECT_EQ(face->weight_min, 300);
  EXPECT_EQ(face->weight_max, 700);
  EXPECT_TRUE(face->italic);
  ASSERT_EQ(face->sources.size(), 4u);
  EXPECT_TRUE(face->sources[0].local);
  EXPECT_EQ(face->sources[0].location, "Open Sans");
  EXPECT_EQ(face->sources[1].location, "a.woff2");
  EXPECT_EQ(face->sources[1].format, "woff2");
  EXPECT_EQ(face->sources[2].format, "truetype");
  EXPECT_EQ(face->sources[3].format, "svg");
  EXPECT_EQ(css::FirstFetchedSource(*face)->location, "a.woff2");
  EXPECT_FALSE(
      css::ParseFontFace(css::ParseStyleSheet("@font-face{src:url(a.ttf)}").rules[0].declarations))
      << "no family";
  EXPECT_FALSE(
      css::ParseFontFace(css::ParseStyleSheet("@font-face{font-family:x}").rules[0].declarations))
      << "no source";
  auto bold = css::ParseFontFace(
      css::ParseStyleSheet("@font-face{font-family:'x';font-weight:bold;src:url(x.eot)"
                           " format('embedded-opentype')}")
          .rules[0]
          .declarations);
  ASSERT_TRUE(bold);
  EXPECT_EQ(bold->weight_min, 700);
  EXPECT_EQ(css::FirstFetchedSource(*bold), nullptr);
  auto ranged =
      css::ParseFontFace(css::ParseStyleSheet("@font-face{font-family:r;src:url(r.woff2);"
                                              "unicode-range: U+0000-00FF, u+0131, U+4??, U+zz}")
                             .rules[0]
                             .declarations);
  ASSERT_TRUE(ranged);
  std::vector<std::pair<char32_t, char32_t>> ranges = {{0, 0xFF}, {0x131, 0x131}, {0x400, 0x4FF}};
  EXPECT_EQ(ranged->unicode_ranges, ranges);
}

}  // namespace
}  // namespace nexus::web::layout
