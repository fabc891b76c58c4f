#include "web/layout/web_fonts.h"

#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include FT_TRUETYPE_TABLES_H
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <mutex>

#include "base/ascii.h"
#include "base/scoped_fd.h"

namespace nexus::web::layout {
namespace {

uint32_t ReadBigEndian32(std::string_view bytes, size_t at) {
  auto byte = [&](size_t i) { return static_cast<uint32_t>(static_cast<uint8_t>(bytes[at + i])); };
  return byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
}

void AppendBigEndian(std::string& out, uint32_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((value >> shift) & 0xff));
}

constexpr uint32_t Tag(const char (&name)[5]) {
  return static_cast<uint32_t>(name[0]) << 24 | static_cast<uint32_t>(name[1]) << 16 |
         static_cast<uint32_t>(name[2]) << 8 | static_cast<uint32_t>(name[3]);
}

// An sfnt from its tables (OpenType's "Organization of an OpenType Font"): the table
// directory sorted by tag, each table at a 4-byte boundary with its checksum.
std::string BuildSfnt(uint32_t version, std::vector<std::pair<uint32_t, std::string>> tables) {
  std::sort(tables.begin(), tables.end());
  uint16_t count = static_cast<uint16_t>(tables.size());
  uint16_t selector = 0;
  while ((2u << selector) <= count)
    ++selector;
  uint16_t search_range = static_cast<uint16_t>((1u << selector) * 16);
  std::string out;
  AppendBigEndian(out, version, 4);
  AppendBigEndian(out, count, 2);
  AppendBigEndian(out, search_range, 2);
  AppendBigEndian(out, selector, 2);
  AppendBigEndian(out, count * 16 - search_range, 2);
  size_t offset = 12 + 16 * tables.size();
  std::string data;
  for (auto& [tag, table] : tables) {
    std::string padded = table + std::string((4 - table.size() % 4) % 4, '\0');
    uint32_t checksum = 0;
    for (size_t at = 0; at < padded.size(); at += 4)
      checksum += ReadBigEndian32(padded, at);
    AppendBigEndian(out, tag, 4);
    AppendBigEndian(out, checksum, 4);
    AppendBigEndian(out, static_cast<uint32_t>(offset + data.size()), 4);
    AppendBigEndian(out, static_cast<uint32_t>(table.size()), 4);
    data += padded;
  }
  return out + data;
}

// WOFF and WOFF 2 through FreeType, which unpacks them (WOFF 2's transformed glyf and loca
// too) when it opens them: its tables, read back, are the sfnt's.
Result<std::string> UnpackWoff(std::string_view bytes) {
  FT_Library library = nullptr;
  if (FT_Init_FreeType(&library) != 0)
    return Error("FreeType did not start");
  FT_Face face = nullptr;
  FT_Error error = FT_New_Memory_Face(library, reinterpret_cast<const FT_Byte*>(bytes.data()),
                                      static_cast<FT_Long>(bytes.size()), 0, &face);
  if (error != 0) {
    FT_Done_FreeType(library);
    return Error("FreeType cannot read the font (error " + std::to_string(error) + ")");
  }
  std::vector<std::pair<uint32_t, std::string>> tables;
  bool postscript_outlines = false;
  FT_ULong count = 0;
  FT_Sfnt_Table_Info(face, 0, nullptr, &count);
  for (FT_UInt index = 0; index < count; ++index) {
    FT_ULong tag = 0, length = 0;
    if (FT_Sfnt_Table_Info(face, index, &tag, &length) != 0)
      break;
    std::string table(length, '\0');
    if (length > 0 &&
        FT_Load_Sfnt_Table(face, tag, 0, reinterpret_cast<FT_Byte*>(table.data()), &length) != 0)
      continue;
    postscript_outlines |= tag == Tag("CFF ") || tag == Tag("CFF2");
    tables.emplace_back(static_cast<uint32_t>(tag), std::move(table));
  }
  FT_Done_Face(face);
  FT_Done_FreeType(library);
  if (tables.empty())
    return Error("the font has no tables");
  return BuildSfnt(postscript_outlines ? Tag("OTTO") : 0x00010000, std::move(tables));
}

// The family of the installed face a local() source names: by its full name or its
// PostScript name, as CSS Fonts 4 §4.3.2 says, or (as Chromium also accepts) its family.
std::optional<std::string> InstalledFace(const std::string& name) {
  for (const char* property : {FC_FULLNAME, FC_POSTSCRIPT_NAME, FC_FAMILY}) {
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, property, reinterpret_cast<const FcChar8*>(name.c_str()));
    FcObjectSet* wanted = FcObjectSetBuild(FC_FAMILY, nullptr);
    FcFontSet* found = FcFontList(nullptr, pattern, wanted);
    FcObjectSetDestroy(wanted);
    FcPatternDestroy(pattern);
    std::optional<std::string> family;
    FcChar8* value = nullptr;
    if (found && found->nfont > 0 &&
        FcPatternGetString(found->fonts[0], FC_FAMILY, 0, &value) == FcResultMatch)
      family = reinterpret_cast<const char*>(value);
    if (found)
      FcFontSetDestroy(found);
    if (family)
      return family;
  }
  return std::nullopt;
}

struct Registry {
  std::mutex mutex;
  std::map<std::string, std::string> families;  // lower-cased CSS family -> pango's
  std::map<std::string, bool> tried;            // face key -> whether it worked
  int fonts = 0;
  std::atomic<uint64_t> generation{0};  // bumped whenever families change
};

Registry& TheRegistry() {
  static Registry* registry = new Registry;  // used until the process ends
  return *registry;
}

// Adds the sfnt to fontconfig under `family`, with the rule's weights and style when the
// file holds one face (a variable font's named instances keep their own).
Status AddToFontconfig(const std::string& sfnt,
                       const std::string& family,
                       const css::FontFaceRule& rule) {
  ScopedFd memory(memfd_create("nexus-web-font", MFD_CLOEXEC));
  if (!memory.valid())
    return ErrnoError("memfd_create");
  for (size_t written = 0; written < sfnt.size();) {
    ssize_t n = write(memory.get(), sfnt.data() + written, sfnt.size() - written);
    if (n <= 0)
      return ErrnoError("write the font to its memfd");
    written += static_cast<size_t>(n);
  }
  std::string path = "/proc/self/fd/" + std::to_string(memory.get());
  FcFontSet* before = FcConfigGetFonts(nullptr, FcSetApplication);
  int first = before ? before->nfont : 0;
  if (!FcConfigAppFontAddFile(nullptr, reinterpret_cast<const FcChar8*>(path.c_str())))
    return Error("fontconfig cannot read the font");
  FcFontSet* set = FcConfigGetFonts(nullptr, FcSetApplication);
  if (!set || set->nfont <= first)
    return Error("fontconfig found no face in the font");
  bool one_face = set->nfont == first + 1;
  // unicode-range: the face covers only those of its characters, so that pango takes each
  // character from the subset that has it.
  FcCharSet* wanted = nullptr;
  // (A range over most of Unicode, "U+0-10FFFF", restricts nothing worth a million calls.)
  bool sweeping =
      std::any_of(rule.unicode_ranges.begin(), rule.unicode_ranges.end(),
                  [](const auto& range) { return range.second - range.first > 0xFFFF; });
  if (!rule.unicode_ranges.empty() && !sweeping) {
    wanted = FcCharSetCreate();
    for (auto [low, high] : rule.unicode_ranges) {
      for (char32_t c = low; c <= high && c <= 0x10FFFF; ++c)
        FcCharSetAddChar(wanted, c);
    }
  }
  for (int i = first; i < set->nfont; ++i) {
    FcPattern* face = set->fonts[i];
    FcCharSet* covered = nullptr;
    if (wanted && FcPatternGetCharSet(face, FC_CHARSET, 0, &covered) == FcResultMatch) {
      FcCharSet* kept = FcCharSetIntersect(covered, wanted);
      FcPatternDel(face, FC_CHARSET);
      FcPatternAddCharSet(face, FC_CHARSET, kept);
      FcCharSetDestroy(kept);
    }
    FcPatternDel(face, FC_FAMILY);
    FcPatternDel(face, FC_FAMILYLANG);
    FcPatternAddString(face, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
    if (!one_face)
      continue;
    FcPatternDel(face, FC_WEIGHT);
    FcPatternDel(face, FC_SLANT);
    if (rule.weight_min == rule.weight_max) {
      FcPatternAddDouble(face, FC_WEIGHT, FcWeightFromOpenTypeDouble(rule.weight_min));
    } else {
      FcRange* range = FcRangeCreateDouble(FcWeightFromOpenTypeDouble(rule.weight_min),
                                           FcWeightFromOpenTypeDouble(rule.weight_max));
      FcPatternAddRange(face, FC_WEIGHT, range);
      FcRangeDestroy(range);
    }
    FcPatternAddInteger(face, FC_SLANT, rule.italic ? FC_SLANT_ITALIC : FC_SLANT_ROMAN);
  }
  if (wanted)
    FcCharSetDestroy(wanted);
  (void)memory.release();  // fontconfig, cairo and harfbuzz open the path as they need it
  return OkStatus();
}

}  // namespace

Result<std::string> SfntFromWebFont(std::string_view bytes) {
  if (bytes.size() < 12)
    return Error("a font of " + std::to_string(bytes.size()) + " bytes is too short");
  if (bytes.size() > kMaxWebFontBytes)
    return Error("a font of " + std::to_string(bytes.size()) + " bytes is over the limit of " +
                 std::to_string(kMaxWebFontBytes));
  uint32_t magic = ReadBigEndian32(bytes, 0);
  if (magic == 0x00010000 || magic == Tag("OTTO") || magic == Tag("true") || magic == Tag("ttcf"))
    return std::string(bytes);
  if (magic == Tag("wOFF") || magic == Tag("wOF2"))
    return UnpackWoff(bytes);
  return Error("not a font (TrueType, OpenType, WOFF or WOFF 2)");
}

std::vector<std::string> UseWebFonts(const std::vector<css::FontFaceRule>& rules,
                                     const std::map<std::string, std::string>& fonts) {
  std::vector<std::string> errors;
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  bool added = false;
  for (const css::FontFaceRule& rule : rules) {
    std::string family = AsciiLowercase(rule.family);
    std::string key = family + "|" + std::to_string(rule.weight_min) + "-" +
                      std::to_string(rule.weight_max) + (rule.italic ? "i" : "n");
    for (const css::FontSource& source : rule.sources)
      key += "|" + source.location;
    if (registry.tried.count(key))
      continue;
    bool worked = false;
    for (const css::FontSource& source : rule.sources) {
      if (source.local) {
        if (auto installed = InstalledFace(source.location)) {
          registry.families[family] = *installed;
          ++registry.generation;
          worked = true;
          break;
        }
        continue;
      }
      auto bytes = fonts.find(source.location);
      if (!css::IsSupportedFontFormat(source.format) || bytes == fonts.end())
        continue;
      if (registry.fonts >= kMaxWebFontsPerProcess) {
        errors.push_back("font " + rule.family + ": over " +
                         std::to_string(kMaxWebFontsPerProcess) + " web fonts");
        break;
      }
      auto sfnt = SfntFromWebFont(bytes->second);
      // The faces of one family (its weights and styles) share a pango family.
      auto known = registry.families.find(family);
      std::string pango_family =
          known != registry.families.end() && known->second.starts_with("nexus-web-font-")
              ? known->second
              : "nexus-web-font-" + std::to_string(registry.fonts);
      Status status = sfnt.ok() ? AddToFontconfig(*sfnt, pango_family, rule) : sfnt.error();
      if (!status.ok()) {
        errors.push_back("font " + rule.family + " from " + source.location.substr(0, 200) + ": " +
                         status.error().message());
        continue;
      }
      registry.families[family] = pango_family;
      ++registry.generation;
      ++registry.fonts;
      added = worked = true;
      break;
    }
    registry.tried[key] = worked;
  }
  // Pango keeps what it matched before: it forgets that when fontconfig changed.
  if (added)
    pango_fc_font_map_config_changed(PANGO_FC_FONT_MAP(pango_cairo_font_map_get_default()));
  return errors;
}

uint64_t WebFontsGeneration() {
  return TheRegistry().generation.load(std::memory_order_relaxed);
}

std::optional<std::string> WebFontFamily(const std::string& family) {
  Registry& registry = TheRegistry();
  std::lock_guard lock(registry.mutex);
  auto it = registry.families.find(AsciiLowercase(family));
  if (it == registry.families.end())
    return std::nullopt;
  return it->second;
}

}  // namespace nexus::web::layout
