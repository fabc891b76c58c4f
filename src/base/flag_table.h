// A command's flags, declared once: name, value, help, default and what each does. Parsing,
// `--help` and the README's flag lists all come from the table (DESIGN.md §8: flags defined
// once), so a flag cannot be parsed without being documented or documented without parsing.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/result.h"

namespace nexus {

struct Flag {
  std::string name;          // "--width", or "-o"
  std::string value;         // what it takes ("W", "FILE"); empty for a switch
  std::string help;          // one line
  std::string default_text;  // shown in the help when not empty
  // Applies the flag (`value` is "" for a switch); an error names what is wrong with it.
  std::function<Status(const std::string& value)> apply;
};

class FlagTable {
 public:
  FlagTable& Add(Flag flag);
  // A switch that sets `target`.
  FlagTable& Switch(std::string name, std::string help, bool& target);
  // A flag whose value is a whole number from `min` to `max`, stored in `target`.
  FlagTable& Number(std::string name,
                    std::string value,
                    std::string help,
                    int64_t min,
                    int64_t max,
                    int64_t& target);
  FlagTable& Text(std::string name, std::string value, std::string help, std::string& target);

  // Applies the flags in `args` ("--name value" or "--name=value") and returns the other
  // arguments in order. An unknown flag is an error unless `ignore_unknown` (a child's
  // command line carries the switches of every type; each reads its own).
  Result<std::vector<std::string>> Parse(const std::vector<std::string>& args,
                                         bool ignore_unknown = false) const;
  // One line a flag: "  --width W            the viewport's width (default 800)".
  std::string Help() const;

 private:
  std::vector<Flag> flags_;
};

// A whole number from `min` to `max` for `flag`, or an error naming both.
Result<int64_t> ParseNumber(const std::string& flag,
                            const std::string& text,
                            int64_t min,
                            int64_t max);

}  // namespace nexus
