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
  std::vector<ConsoleMessage> messages;
  int changes = 0;
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
  EXPECT_NE(Eval("document.body.appendChild({})").find("not a Node"), std::string::npos);

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
