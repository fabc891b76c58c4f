#include "base/flag_table.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace nexus {

FlagTable& FlagTable::Add(Flag flag) {
  flags_.push_back(std::move(flag));
  return *this;
}

FlagTable& FlagTable::Switch(std::string name, std::string help, bool& target) {
  return Add({std::move(name), "", std::move(help), "", [&target](const std::string&) {
                target = true;
                return OkStatus();
              }});
}

FlagTable& FlagTable::Number(std::string name,
                             std::string value,
                             std::string help,
                             int64_t min,
                             int64_t max,
                             int64_t& target) {
  std::string flag = name;
  return Add({std::move(name), std::move(value), std::move(help), std::to_string(target),
              [flag, min, max, &target](const std::string& text) -> Status {
                ASSIGN_OR_RETURN(target, ParseNumber(flag, text, min, max));
                return OkStatus();
              }});
}

FlagTable& FlagTable::Text(std::string name,
                           std::string value,
                           std::string help,
                           std::string& target) {
  std::string default_text = target;
  return Add({std::move(name), std::move(value), std::move(help), std::move(default_text),
              [&target](const std::string& text) {
                target = text;
                return OkStatus();
              }});
}

Result<std::vector<std::string>> FlagTable::Parse(const std::vector<std::string>& args,
                                                  bool ignore_unknown) const {
  std::vector<std::string> rest;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::string name = arg.substr(0, arg.find('='));
    auto flag = std::find_if(flags_.begin(), flags_.end(),
                             [&](const Flag& candidate) { return candidate.name == name; });
    // "--anything" is a flag; "-x" only when the table has it (an expression may be "-1").
    if (arg.rfind("--", 0) != 0 && flag == flags_.end()) {
      rest.push_back(arg);
      continue;
    }
    if (flag == flags_.end()) {
      if (!ignore_unknown)
        return Error("unknown option " + name);
      rest.push_back(arg);
      continue;
    }
    std::string value;
    if (flag->value.empty()) {
      if (name != arg)
        return Error(name + " takes no value");
    } else if (name != arg) {
      value = arg.substr(name.size() + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return Error(name + " needs a value (" + flag->value + ")");
    }
    TRY_STATUS(flag->apply(value));
  }
  return rest;
}

std::string FlagTable::Help() const {
  std::string help;
  for (const Flag& flag : flags_) {
    std::string left = "  " + flag.name + (flag.value.empty() ? "" : " " + flag.value);
    if (left.size() < 30)
      left.resize(30, ' ');
    else
      left += "\n" + std::string(30, ' ');
    help += left + flag.help;
    if (!flag.default_text.empty())
      help += " (default " + flag.default_text + ")";
    help += "\n";
  }
  return help;
}

Result<int64_t> ParseNumber(const std::string& flag,
                            const std::string& text,
                            int64_t min,
                            int64_t max) {
  char* end = nullptr;
  errno = 0;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value < min || value > max)
    return Error(flag + " needs a whole number from " + std::to_string(min) + " to " +
                 std::to_string(max) + ", not '" + text + "'");
  return static_cast<int64_t>(value);
}

}  // namespace nexus
