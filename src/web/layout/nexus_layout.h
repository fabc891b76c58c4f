// PageLayout on Nexus's own style and layout engine (web/style, web/layout's box tree, block
// and inline layout, painter), the one that is to replace litehtml.
#pragma once

#include <memory>

#include "web/layout/page_layout.h"

namespace nexus::web {

std::unique_ptr<PageLayout> CreateNexusPageLayout(const dom::Document& document,
                                                  const Url& base,
                                                  const PageResources& resources);

}  // namespace nexus::web
