// DESIGN.md §2's dependency rules, checked on every #include of the tree: base <- ipc <-
// sandbox <- process <- services, web/ knows no process, a service includes another service's
// public/ folder only. (Like Chromium's checkdeps: a forbidden include fails the tests even
// where the include path would let it compile.)
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace nexus {
namespace {

namespace fs = std::filesystem;

// The folder of src/ a file belongs to: "base", "web", "services/network", ...
std::string ModuleOf(const std::string& path) {
  size_t slash = path.find('/');
  std::string top = path.substr(0, slash);
  if (top != "services" || slash == std::string::npos)
    return top;
  size_t next = path.find('/', slash + 1);
  return path.substr(0, next);
}

// Whether a file of `module` may include `header` (a path under src/).
bool MayInclude(const std::string& module, const std::string& header) {
  std::string target = ModuleOf(header);
  auto one_of = [&](std::initializer_list<const char*> allowed) {
    for (const char* name : allowed) {
      if (target == name)
        return true;
    }
    return false;
  };
  if (target == module)
    return true;
  if (module == "base")
    return false;
  if (module == "ipc")
    return one_of({"base"});
  if (module == "sandbox")
    return one_of({"base", "ipc"});
  if (module == "process")
    return one_of({"base", "ipc", "sandbox"});
  if (module == "web")
    return one_of({"base"});
  if (module == "app")
    return true;  // the executable wires everything together
  if (module.rfind("services/", 0) == 0) {
    if (one_of({"base", "ipc", "sandbox", "process"}))
      return true;
    // Pages' URLs are everyone's; the rest of the web engine is the renderer's.
    if (target == "web")
      return module == "services/renderer" || header.rfind("web/url/", 0) == 0 ||
             header == "web/page/frame_limits.h";
    if (target.rfind("services/", 0) == 0) {
      // Another service: its public/ folder only; the routing table lists every interface.
      return header.rfind(target + "/public/", 0) == 0 ||
             (target == "services/routes" && module == "services/browser");
    }
  }
  return false;
}

TEST(Layering, NoModuleIncludesWhatTheDesignForbids) {
  const fs::path src = fs::path(NEXUS_SOURCE_DIR) / "src";
  const std::regex include_line(R"re(^\s*#\s*include\s+"([^"]+)")re");
  std::vector<std::string> violations;
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    std::string extension = entry.path().extension();
    if (extension != ".cc" && extension != ".h")
      continue;
    ++files;
    std::string path = fs::relative(entry.path(), src).string();
    std::string module = ModuleOf(path);
    std::ifstream in(entry.path());
    std::string line;
    std::smatch match;
    while (std::getline(in, line)) {
      if (!std::regex_search(line, match, include_line))
        continue;
      // Our headers, and those generated from our schemas ("ipc/envelope.capnp.h").
      std::string header = match[1].str();
      std::string source =
          header.ends_with(".capnp.h") ? header.substr(0, header.size() - 2) : header;
      if (fs::exists(src / source) && !MayInclude(module, header))
        violations.push_back(path + " includes " + match[1].str());
    }
  }
  EXPECT_GT(files, 150u);
  EXPECT_TRUE(violations.empty()) << [&] {
    std::string all;
    for (const std::string& violation : violations)
      all += violation + "\n";
    return all;
  }();
}

TEST(Layering, TheRulesRefuseWhatTheyMust) {
  EXPECT_FALSE(MayInclude("web", "services/network/public/network.capnp.h"));
  EXPECT_FALSE(MayInclude("ipc", "process/process_host.h"));
  EXPECT_FALSE(MayInclude("services/network", "services/browser/cookie_store.h"));
  EXPECT_FALSE(MayInclude("services/browser", "web/page/page.h"));
  EXPECT_TRUE(MayInclude("services/browser", "services/renderer/public/renderer.capnp.h"));
  EXPECT_TRUE(MayInclude("services/renderer", "web/page/page.h"));
}

}  // namespace
}  // namespace nexus
