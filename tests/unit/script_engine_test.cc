// The JavaScript engine module (libnexus_js.so, beside this binary) on the renderer's DOM.
#include "services/renderer/js/script_engine.h"

#include <gtest/gtest.h>

#include "services/renderer/dom/html_parser.h"

namespace nexus::renderer {
namespace {

// What a page does with its scripts' console and mutations, recorded.
class RecordingHost : public ScriptHost {
 public:
  void OnConsoleMessage(const ConsoleMessage& message) override { messages.push_back(message); }
  void OnDocumentChanged() override { ++changes; }
  void SetTimer(int id, int delay_ms) override { timers.push_back({id, delay_ms}); }
  int ViewportWidth() const override { return 1024; }
  int ViewportHeight() const override { return 768; }
  std::vector<ConsoleMessage> messages;
  int changes = 0;
  std::vector<std::pair<int, int>> timers;  // (id, delay) as set
};

class Scripts : public ::testing::Test {
 protected:
  void Load(const std::string& html) {
    document_ = dom::ParseHtml(html);
    auto engine = LoadScriptEngine(2);
    ASSERT_TRUE(engine.ok()) << engine.error().message();
    auto scripts = (*engine)->ForDocument(*document_, "https://a.test/page.html", host_);
    ASSERT_TRUE(scripts.ok()) << scripts.error().message();
    scripts_ = std::move(scripts).value();
  }
  std::string Eval(const std::string& expression) {
    auto json = scripts_->EvaluateAsJson(expression);
    return json.ok() ? *json : "error: " + json.error().message();
  }
  std::unique_ptr<dom::Document> document_;
  RecordingHost host_;
  std::unique_ptr<DocumentScripts> scripts_;
};

TEST_F(Scripts, ModernJavaScriptRunsBecauseTheEngineIsReal) {
  Load("<p>x</p>");
  EXPECT_EQ(Eval("class A { #x = 2; get x() { return this.#x; } }; new A().x * 21"), "42");
  EXPECT_EQ(Eval("[1, 2, 3].map(n => n * n)"), "[1,4,9]");
  EXPECT_EQ(Eval("new Intl.NumberFormat('de-DE').format(1234.5)"), "\"1.234,5\"");
  EXPECT_EQ(Eval("(async () => 1)() instanceof Promise"), "true");
  EXPECT_EQ(Eval("undefined"), "null");
  EXPECT_EQ(Eval("({a: [1, {b: 'c'}]})"), R"({"a":[1,{"b":"c"}]})");
  EXPECT_EQ(Eval("window === globalThis && self === window"), "true");
  EXPECT_EQ(Eval("[innerWidth, innerHeight]"), "[1024,768]");
}

TEST_F(Scripts, TheDocumentIsReadAndChangedThroughTheBindings) {
  Load("<!doctype html><title> Old  title </title><body><div id=box class='a b'>"
       "<p>one</p><p>two</p></div></body>");
  EXPECT_EQ(Eval("document.title"), "\"Old title\"");
  EXPECT_EQ(Eval("document.getElementById('box').children.length"), "2");
  EXPECT_EQ(Eval("document.getElementById('box').className"), "\"a b\"");
  EXPECT_EQ(Eval("document.getElementById('nope')"), "null");
  EXPECT_EQ(Eval("document.body.firstChild === document.getElementById('box')"), "true");
  EXPECT_EQ(Eval("document.getElementsByTagName('P').map(p => p.textContent).join()"),
            "\"one,two\"");
  EXPECT_EQ(Eval("document.documentElement.nodeName + document.nodeType + document.body.tagName"),
            "\"HTML9BODY\"");

  ASSERT_TRUE(scripts_
                  ->RunScript("const box = document.getElementById('box');"
                              "const li = document.createElement('LI');"
                              "li.setAttribute('data-n', '3');"
                              "li.appendChild(document.createTextNode('three & more'));"
                              "box.insertBefore(li, box.firstChild);"
                              "box.removeChild(box.lastChild);"
                              "document.title = 'New';",
                              "https://a.test/app.js", 1)
                  .ok());
  EXPECT_GT(host_.changes, 0);
  EXPECT_EQ(Eval("document.getElementById('box').innerHTML"),
            R"("<li data-n=\"3\">three &amp; more</li><p>one</p>")");
  EXPECT_EQ(dom::SerializeNode(*document_->body()),
            "<body><div id=\"box\" class=\"a b\"><li data-n=\"3\">three &amp; more</li>"
            "<p>one</p></div></body>");
  EXPECT_EQ(document_->Title(), "New");
  // A removed node lives on while the script holds it, and can come back.
  EXPECT_EQ(Eval("const p = box.removeChild(box.lastChild); box.appendChild(p); p.parentNode === box"),
            "true");
  EXPECT_EQ(Eval("box.textContent = 'plain'; [box.childNodes.length, box.textContent]"),
            R"([1,"plain"])");
}

TEST_F(Scripts, BadCallsThrowAndScriptErrorsAreReportedWithFileAndLine) {
  Load("<div id=a><span id=b></span></div>");
  EXPECT_NE(Eval("document.getElementById('b').appendChild(document.getElementById('a'))")
                .find("HierarchyRequestError"),
            std::string::npos);
  EXPECT_NE(Eval("document.body.removeChild(document.getElementById('b'))").find("NotFoundError"),
            std::string::npos);
  EXPECT_NE(Eval("document.createElement('a b')").find("InvalidCharacterError"), std::string::npos);
  EXPECT_NE(Eval("document.body.appendChild({})").find("TypeError: the node to insert is not a Node"),
            std::string::npos);

  Status failed = scripts_->RunScript("let x = 1;\nnull.property;", "https://a.test/bad.js", 10);
  EXPECT_FALSE(failed.ok());
  ASSERT_EQ(host_.messages.size(), 1u);
  EXPECT_EQ(host_.messages[0].level, "error");
  EXPECT_EQ(host_.messages[0].source, "https://a.test/bad.js");
  EXPECT_EQ(host_.messages[0].line, 11);
  EXPECT_NE(host_.messages[0].text.find("TypeError"), std::string::npos) << host_.messages[0].text;
  // The page goes on: the next script runs.
  EXPECT_TRUE(scripts_->RunScript("console.log('still', 1 + 1)", "https://a.test/next.js", 1).ok());
  ASSERT_EQ(host_.messages.size(), 2u);
  EXPECT_EQ(host_.messages[1].level, "log");
  EXPECT_EQ(host_.messages[1].text, "still 2");
}

TEST_F(Scripts, EventsGoThroughCaptureTargetAndBubblePhases) {
  Load("<div id=outer><p id=inner>x</p></div>");
  ASSERT_TRUE(scripts_
                  ->RunScript(R"(
    var log = [];
    var outer = document.getElementById('outer'), inner = document.getElementById('inner');
    window.addEventListener('ping', () => log.push('window capture'), true);
    outer.addEventListener('ping', () => log.push('outer capture'), {capture: true});
    outer.addEventListener('ping', e => log.push('outer bubble ' + e.eventPhase));
    inner.addEventListener('ping', e => log.push('target ' + (e.target === inner)));
    document.addEventListener('ping', () => log.push('document bubble'));
    var once = () => log.push('once');
    inner.addEventListener('ping', once, {once: true});
    inner.dispatchEvent(new Event('ping', {bubbles: true}));
    inner.dispatchEvent(new Event('ping'));  // does not bubble; once is gone
    outer.addEventListener('stop', e => { e.stopPropagation(); log.push('stopped'); }, true);
    inner.addEventListener('stop', () => log.push('never'));
    inner.dispatchEvent(new Event('stop', {bubbles: true}));
    var cancel = new Event('cancel', {cancelable: true});
    inner.addEventListener('cancel', e => e.preventDefault());
    log.push('dispatch returned ' + inner.dispatchEvent(cancel));
    inner.addEventListener('boom', () => { throw new Error('listener failed'); });
    inner.addEventListener('boom', () => log.push('next listener ran'));
    inner.dispatchEvent(new CustomEvent('boom', {detail: 1}));
  )",
                              "https://a.test/events.js", 1)
                  .ok());
  EXPECT_EQ(Eval("log"),
            R"(["window capture","outer capture","target true","once","outer bubble 3",)"
            R"("document bubble","window capture","outer capture","target true","stopped",)"
            R"("dispatch returned false","next listener ran"])");
  ASSERT_FALSE(host_.messages.empty());
  EXPECT_NE(host_.messages.back().text.find("listener failed"), std::string::npos);
}

TEST_F(Scripts, TimersAskTheHostAndRunWhenItFiresThem) {
  Load("<p>x</p>");
  ASSERT_TRUE(scripts_
                  ->RunScript("var ran = []; setTimeout((a, b) => ran.push('timeout ' + a + b),"
                              " 50, 'x', 'y'); var cleared = setTimeout(() => ran.push('no'), 10);"
                              "clearTimeout(cleared); var n = 0; var every = setInterval(() => {"
                              " if (++n === 2) clearInterval(every); ran.push('interval'); }, 1);"
                              "requestAnimationFrame(t => ran.push(typeof t));"
                              "queueMicrotask(() => ran.push('microtask'));",
                              "https://a.test/timers.js", 1)
                  .ok());
  EXPECT_EQ(Eval("ran"), R"(["microtask"])");
  ASSERT_EQ(host_.timers.size(), 4u);
  EXPECT_EQ(host_.timers[0].second, 50);
  EXPECT_EQ(host_.timers[2].second, 4) << "intervals wait at least 4 ms";
  EXPECT_EQ(host_.timers[3].second, 16) << "an animation frame is 16 ms away";
  for (auto [id, delay] : std::vector<std::pair<int, int>>(host_.timers))
    scripts_->FireTimer(id);
  scripts_->FireTimer(host_.timers.back().first);  // the interval set itself again
  EXPECT_EQ(Eval("ran"), R"(["microtask","timeout xy","interval","number","interval"])");
  scripts_->FireTimer(host_.timers.back().first);  // cleared: nothing runs
  EXPECT_EQ(Eval("ran.length"), "5");
}

TEST_F(Scripts, TheLoadEventsFollowReadyState) {
  Load("<p>x</p>");
  ASSERT_TRUE(scripts_
                  ->RunScript("var seen = [document.readyState];"
                              "document.addEventListener('DOMContentLoaded', () =>"
                              " seen.push('DOMContentLoaded ' + document.readyState));"
                              "window.addEventListener('load', () =>"
                              " seen.push('load ' + document.readyState));",
                              "https://a.test/ready.js", 1)
                  .ok());
  scripts_->FireLoadEvents();
  EXPECT_EQ(Eval("seen"), R"(["loading","DOMContentLoaded interactive","load complete"])");
}

TEST_F(Scripts, AScriptThatLoopsForeverIsStopped) {
  Load("<p>x</p>");
  Status stopped = scripts_->RunScript("for (;;) {}", "https://a.test/loop.js", 1);
  EXPECT_FALSE(stopped.ok());
  ASSERT_FALSE(host_.messages.empty());
  EXPECT_EQ(host_.messages.back().level, "error");
  // The document's context works afterwards.
  EXPECT_EQ(Eval("1 + 1"), "2");
}

}  // namespace
}  // namespace nexus::renderer
