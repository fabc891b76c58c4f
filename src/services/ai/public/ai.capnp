# Main and the AI process (services/ai): main queues inference for tabs, the process answers
# each request under its request id.
@0x9e717ee75b44625f;

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("nexus::ai::schema");

using Envelope = import "/ipc/envelope.capnp";

struct BrowserToAi {
  union {
    analyze @0 :AiAnalyzeContent;
    cancelTab @1 :UInt32;   # a tab closed or navigated away: its queued requests are dropped
  }
}

# One message: the answer to an `analyze`.
struct AiToBrowser {
  tabId @0 :UInt32;
  task @1 :AiTask;
  labels @2 :List(AiLabel);
  text @3 :Text;
  error @4 :Text;
  analysis @5 :ContentAnalysis;  # for analyzeContent
  vector @6 :List(Float32);      # for embedText
  model @7 :Text;                # which model answered: vectors of two models do not compare
  refusedModels @8 :List(Text);  # why each model whose last load failed was refused
}

enum AiTask {
  analyzeContent @0;
  detectLanguage @1;
  classifyTopic @2;
  classifyIntent @3;
  embedText @4;          # a unit vector for the text (recommendations: nexus related)
  recognizeText @5;
}

struct AiAnalyzeContent {
  tabId @0 :UInt32;
  task @1 :AiTask;
  input @2 :Envelope.Payload;
  priority @3 :UInt8;     # 0: a user is waiting; larger: later
  deadlineMs @4 :UInt32;  # answer within this, or fail; 0: no deadline
  site @5 :Text;          # the requesting tab's site: batches never mix sites
}

struct ContentAnalysis {
  language @0 :Text;           # ISO 639-1, "und" when undetermined
  languageScore @1 :Float32;
  keywords @2 :List(AiLabel);
  summary @3 :List(Text);
  wordCount @4 :UInt32;
  readingSeconds @5 :UInt32;
  topic @6 :Text;              # technology, sports, food, travel, finance, health, science,
  topicScore @7 :Float32;      # entertainment; "" when the topic model is unavailable
}

struct AiLabel {
  name @0 :Text;
  score @1 :Float32;
}
