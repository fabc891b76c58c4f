// data: URLs (RFC 2397): "data:[<mediatype>][;base64],<data>".
#pragma once

#include <string>

#include "base/result.h"

namespace nexus::network {

struct DataUrlContent {
  std::string mime_type;  // "text/plain;charset=US-ASCII" when none is given
  std::string bytes;
};

// `url` is the whole URL starting with "data:".
Result<DataUrlContent> DecodeDataUrl(const std::string& url);

}  // namespace nexus::network
