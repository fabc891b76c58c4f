#include "services/browser/orb.h"

#include <gtest/gtest.h>

namespace nexus::browser {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
const Headers kNosniff = {{"x-content-type-options", "nosniff"}};

bool Allowed(OrbDestination destination,
             const std::string& mime_type,
             std::string_view body,
             const Headers& headers = {},
             int status = 200) {
  return DecideOrb(destination, mime_type, headers, status, body).verdict == OrbVerdict::kAllow;
}

TEST(Orb, HtmlAskedForAsAnImageIsBlocked) {
  OrbDecision decision = DecideOrb(OrbDestination::kImage, "text/html", {}, 200,
                                   "\n  <!DOCTYPE html><html><body>secret</body></html>");
  EXPECT_EQ(decision.verdict, OrbVerdict::kBlock);
  EXPECT_EQ(decision.reason, "ORB blocked text/html for an image: it looks like HTML");
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "text/html", "<div>secret</div>"));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "", "<html><p>secret"));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "text/plain", "\xef\xbb\xbf<HEAD><title>x"));
}

TEST(Orb, JsonIsBlockedEvenWithoutAContentType) {
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "", R"({"token": "secret"})"));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "", " {\n  \"a\\\"b\" : 1}"));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "application/json", R"({"token": "secret"})"));
  EXPECT_FALSE(Allowed(OrbDestination::kOther, "text/plain", R"({"token": "secret"})"));
}

TEST(Orb, AJsonArrayIsBlockedOnlyWhenLabelledAsJson) {
  // `[1, 2].forEach(f)` is a script; only the label says this one is data.
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "application/json", R"([{"id": 1}])"));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "application/ld+json", "[1, 2]"));
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "", "[1, 2].forEach(print);"));
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "text/plain", "{ let block = 1; }"));
}

TEST(Orb, AJsonSecurityPrefixIsBlocked) {
  for (const char* body : {")]}'\n{\"a\": 1}", "{}&&{\"a\": 1}", "for(;;);{\"a\": 1}",
                           "while(1);[1]", "for (;;);[]"}) {
    EXPECT_FALSE(Allowed(OrbDestination::kScript, "", body)) << body;
    EXPECT_FALSE(Allowed(OrbDestination::kScript, "text/plain", body)) << body;
  }
}

TEST(Orb, NosniffWithTheWrongTypeBlocksAScript) {
  OrbDecision decision =
      DecideOrb(OrbDestination::kScript, "text/plain", kNosniff, 200, "var x = 1;");
  EXPECT_EQ(decision.verdict, OrbVerdict::kBlock);
  EXPECT_EQ(decision.reason,
            "ORB blocked text/plain for a script: nosniff, and it is not a JavaScript MIME type");
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "application/octet-stream", "f();", kNosniff));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "", "f();", kNosniff));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "image/png", kPng, kNosniff));
  EXPECT_FALSE(Allowed(OrbDestination::kStylesheet, "text/plain", "p {}", kNosniff));
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "text/javascript", "f();", kNosniff));
  EXPECT_TRUE(Allowed(OrbDestination::kStylesheet, "text/css", "p {}", kNosniff));
}

TEST(Orb, NosniffIsTheFirstValueOfTheHeaderInAnyCase) {
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "", "f();",
                       {{"X-Content-Type-Options", " NoSniff , other"}}));
  EXPECT_TRUE(
      Allowed(OrbDestination::kScript, "", "f();", {{"x-content-type-options", "other, nosniff"}}));
}

TEST(Orb, NosniffBlocksTextPlainAndBlocklistedTypesButNotImageBytes) {
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "text/plain", "hello", kNosniff));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "application/json", "", kNosniff));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "text/html", kPng, kNosniff));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "application/octet-stream", "data", kNosniff));
  // As the spec has it: image sniffing comes before nosniff (Firefox found otherwise broke sites).
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "application/octet-stream", kPng, kNosniff));
}

TEST(Orb, ImagesScriptsAndStylesOfTheirTypePass) {
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "image/png", kPng));
  EXPECT_TRUE(
      Allowed(OrbDestination::kImage, "image/webp", std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)));
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "application/javascript", "f();"));
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "text/javascript", "<!-- old style\nf();"));
  EXPECT_TRUE(Allowed(OrbDestination::kStylesheet, "text/css", "body { color: red }"));
  EXPECT_TRUE(Allowed(OrbDestination::kOther, "font/woff2", "wOF2"));
  // A safelisted type is not sniffed: its label is what the element will insist on.
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "text/javascript", R"({"a": 1})"));
  // With no label or a vague one, bytes that are an image pass.
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "", kPng));
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "application/octet-stream", "GIF89a\x01\0\x01\0"));
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "text/plain", "\xff\xd8\xff\xe0"));
}

TEST(Orb, SvgPassesButOtherXmlIsBlocked) {
  const std::string svg = R"(<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>)";
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "image/svg+xml", svg));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "application/xml", svg));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "text/xml", "<?xml version=\"1.0\"?><a/>"));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "application/rss+xml", "<?xml?><rss/>"));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "", "  <?xml version=\"1.0\"?><secret/>"));
}

TEST(Orb, AScriptServedAsTextPlainWithoutNosniffPasses) {
  OrbDecision decision =
      DecideOrb(OrbDestination::kScript, "text/plain", {}, 200, "var answer = 42;\n");
  EXPECT_EQ(decision.verdict, OrbVerdict::kAllow);
  EXPECT_EQ(decision.reason,
            "ORB allowed text/plain for a script: nothing shows it is not a script");
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "", "(function() {})();"));
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "text/html", "document.write('x');"));
  // JavaScript reads "<!--" as a line comment, so a script may start with one.
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "text/plain", "<!-- hide -->\nf();"));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "text/plain", "<!-- hide -->\n<p>secret"));
}

TEST(Orb, NeverSniffedTypesAreBlockedWhateverTheBytes) {
  OrbDecision decision = DecideOrb(OrbDestination::kImage, "application/pdf", {}, 200, kPng);
  EXPECT_EQ(decision.verdict, OrbVerdict::kBlock);
  EXPECT_EQ(decision.reason,
            "ORB blocked application/pdf for an image: a type that is never sniffed");
  for (const char* type :
       {"application/zip", "application/gzip", "application/x-protobuf", "application/msword",
        "application/vnd.ms-excel", "text/csv", "text/event-stream", "multipart/byteranges"}) {
    EXPECT_FALSE(Allowed(OrbDestination::kScript, type, "f();")) << type;
  }
}

TEST(Orb, MimeTypesAreComparedByEssence) {
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "Text/JavaScript; charset=utf-8", "f();", kNosniff));
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "Application/PDF", kPng));
}

TEST(Orb, AnErrorResponseIsBlockedUnlessItIsAnImageOrSafelisted) {
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "text/html", "Not found", {}, 404));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "", "f();", {}, 500));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "application/octet-stream", "f();", {}, 302));
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "", kPng, {}, 404));
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "text/javascript", "f();", {}, 404));
}

TEST(Orb, ARangeMustStartAtTheFirstByte) {
  const Headers first = {{"content-range", "bytes 0-99/1000"}};
  const Headers middle = {{"content-range", "bytes 500-599/1000"}};
  EXPECT_TRUE(Allowed(OrbDestination::kOther, "application/octet-stream", "f();", first, 206));
  EXPECT_FALSE(Allowed(OrbDestination::kOther, "application/octet-stream", "f();", middle, 206));
  EXPECT_FALSE(Allowed(OrbDestination::kOther, "", "f();", {}, 206));
  // A range of a blocklisted type is blocked before any sniffing.
  EXPECT_FALSE(Allowed(OrbDestination::kOther, "application/json", "f();", first, 206));
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "image/png", "middle", middle, 206));
}

TEST(Orb, AudioAndVideoBytesAreBlockedSinceNoMediaElementAsks) {
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "", std::string("OggS\0\x02", 6)));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "application/octet-stream", "ID3\x04"));
  // A 16-byte ftyp box: its size, "ftyp", the major brand and a minor version.
  auto ftyp = [](const char* brand) {
    return std::string("\0\0\0\x10", 4) + "ftyp" + brand + "0000";
  };
  EXPECT_FALSE(Allowed(OrbDestination::kImage, "", ftyp("mp42")));
  // An AVIF image shares MP4's box but names no "mp4" brand.
  EXPECT_TRUE(Allowed(OrbDestination::kImage, "", ftyp("avif")));
  // Labelled as media, they pass at step 3 like any safelisted type.
  EXPECT_TRUE(Allowed(OrbDestination::kOther, "audio/ogg", std::string("OggS\0\x02", 6)));
}

TEST(Orb, OnlyTheFirstBytesAreSniffed) {
  std::string late_html = std::string(kOrbSniffBytes, ' ') + "<html>";
  EXPECT_TRUE(Allowed(OrbDestination::kScript, "text/html", late_html));
  EXPECT_FALSE(Allowed(OrbDestination::kScript, "text/html", late_html.substr(1)));
}

}  // namespace
}  // namespace nexus::browser
