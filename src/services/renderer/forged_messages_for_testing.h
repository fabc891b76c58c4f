// What a compromised renderer would write on its channel, for the adversarial tests of the
// trust boundary (nexus://forge-ipc, DESIGN.md §3): messages of other processes' interfaces,
// addressed past main, or speaking for another process. Main must kill the renderer for
// each and act on none.
#pragma once

#include "process/child_process.h"
#include "services/renderer/renderer.h"

namespace nexus::renderer {

// Builds and sends the forgery `action` names; false for a name it does not know:
//   cookie-to-network   BrowserToNetwork.setCookie for action's URL (a site not the page's)
//   load-to-network     BrowserToNetwork.load of the URL with a Cookie header of its own
//   analysis-to-ai      BrowserToAi.analyze, straight to the AI process
//   cookie-changed      NetworkToBrowser.cookieChanged: a lasting cookie for the URL's host,
//                       as if the network service had stored it
//   as-another-process  RendererToBrowser.openUrl of the URL, in another process's name
// Each goes to action's recipient (0: main) and, except the last, in the renderer's name.
// `renderer` names the current document of a tab, as an honest message would.
bool ForgeMessageForTesting(process::ChildProcess& child,
                            const Renderer& renderer,
                            ipc::schema::DebugAction::Reader action);

}  // namespace nexus::renderer
