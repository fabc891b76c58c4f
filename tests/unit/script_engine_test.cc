// The JavaScript engine module (libnexus_js.so, beside this binary) on the renderer's DOM.
#include "web/js/script_engine.h"

#include <gtest/gtest.h>

#include "web/dom/html_parser.h"
#include "web/page/page.h"
#include "web/url/url.h"

namespace nexus::web {
namespace {

// What a page does with its scripts' console, mutations and requests, recorded. Layout
// answers with a fixed box and style: the real one is the page's (tests/integration).
class RecordingHost : public ScriptHost {
 public:
  void OnConsoleMessage(const ConsoleMessage& message) override { messages.push_back(message); }
  void OnDocumentChanged() override { ++changes; }
  void SetTimer(int id, int delay_ms) override { timers.push_back({id, delay_ms}); }
  int ViewportWidth() const override { return 1024; }
  int ViewportHeight() const override { return 768; }
  std::optional<ElementBox> BoxOf(const dom::Element&) override { return ElementBox{5, 6, 70, 80}; }
  std::vector<std::pair<std::string, std::string>> ComputedStyle(const dom::Element&) override {
    return {{"color", "rgb(255, 0, 0)"}, {"display", "block"}};
  }
  std::optional<std::string> ResolveUrl(const std::string& relative) const override {
    auto url = web::ResolveUrl(*web::ParseUrl("https://a.test/dir/page.html"), relative);
    return url.ok() ? std::optional<std::string>(url->spec) : std::nullopt;
  }
  void Navigate(const NavigationRequest& request) override { navigations.push_back(request); }
  void Fetch(int id, const FetchRequest& request) override { fetches.emplace_back(id, request); }
  std::string InitialCookies() const override { return "a=1; b=2"; }
  void SetCookie(const std::string& cookie) override { cookies_set.push_back(cookie); }
  void UrlChanged(const std::string& url, bool replace) override {
    url_changes.emplace_back(url, replace);
  }
  Result<StorageEntries> OpenStorage(StorageArea area) override {
    ++storage_opens;
    if (!storage_error.empty())
      return Error(storage_error);
    return area == StorageArea::kLocal ? local_storage : StorageEntries{};
  }
  void WriteStorage(StorageArea area,
                    StorageOperation operation,
                    const std::string& key,
                    const std::string& value) override {
    static constexpr const char* kOperations[] = {"set", "remove", "clear"};
    storage_writes.push_back(std::string(area == StorageArea::kLocal ? "local " : "session ") +
                             kOperations[static_cast<int>(operation)] + " " + key + "=" + value);
  }
  void IndexedDb(int id, const std::string& request, const std::string& value) override {
    idb_requests.push_back({id, request, value});
  }
  void EstimateStorage(int id) override { idb_requests.push_back({id, "estimate", ""}); }
  void FormEdited(const std::string& field, const std::string& value) override {
    form_edits.emplace_back(field, value);
  }
  std::vector<std::pair<std::string, std::string>> form_edits;
  struct IdbRequest {
    int id;
    std::string json, value;
  };
  std::vector<IdbRequest> idb_requests;
  std::vector<ConsoleMessage> messages;
  StorageEntries local_storage;
  std::string storage_error;
  int storage_opens = 0;
  std::vector<std::string> storage_writes;
  int changes = 0;
  std::vector<std::pair<int, int>> timers;  // (id, delay) as set
  std::vector<NavigationRequest> navigations;
  std::vector<std::pair<int, FetchRequest>> fetches;
  std::vector<std::string> cookies_set;
  std::vector<std::pair<std::string, bool>> url_changes;
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
  // The element with this id.
  const dom::Element* ById(const std::string& id) {
    for (const dom::Node* node : dom::Descendants(*document_)) {
      const dom::Element* element = node->AsElement();
      if (element && element->GetAttribute("id") == id)
        return element;
    }
    return nullptr;
  }
  void Input(UserInput::Kind kind, const std::string& target_id, const std::string& key = "") {
    UserInput input;
    input.kind = kind;
    input.key = key;
    scripts_->DispatchInput(input, target_id.empty() ? nullptr : ById(target_id));
  }
  void ClickOn(const std::string& id) {
    Input(UserInput::Kind::kMouseDown, id);
    Input(UserInput::Kind::kMouseUp, id);
  }
  // One key per character (UTF-8 sequences kept whole), as `nexus type` sends them.
  void Type(const std::string& text) {
    for (size_t i = 0; i < text.size();) {
      size_t length = 1;
      while (i + length < text.size() && (static_cast<unsigned char>(text[i + length]) & 0xC0) == 0x80)
        ++length;
      std::string key = text.substr(i, length);
      Input(UserInput::Kind::kKeyDown, "", key);
      Input(UserInput::Kind::kKeyUp, "", key);
      i += length;
    }
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

// Web Storage in the page: one load of the area at first use, then every change sent on at
// once; keys are properties too; the quota throws the DOMException pages expect.
TEST_F(Scripts, LocalStorageLoadsOnceAndSendsEachChange) {
  host_.local_storage = {{"theme", "dark"}};
  Load("<p>x</p>");
  EXPECT_EQ(host_.storage_opens, 0);  // nothing is asked before a script wants it
  EXPECT_EQ(Eval("[localStorage.getItem('theme'), localStorage.theme, localStorage.length]"),
            R"(["dark","dark",1])");
  EXPECT_EQ(host_.storage_opens, 1);
  EXPECT_EQ(Eval("localStorage.setItem('n', 5); localStorage.n = 6; localStorage['n']"), "\"6\"");
  EXPECT_EQ(Eval("localStorage.setItem('n', '6'); delete localStorage.theme; "
                 "[Object.keys(localStorage), 'n' in localStorage, 'theme' in localStorage, "
                 "localStorage.key(0), localStorage.key(5), localStorage.getItem('theme')]"),
            R"([["n"],true,false,"n",null,null])");
  EXPECT_EQ(Eval("localStorage.clear(); localStorage.clear(); localStorage.length"), "0");
  EXPECT_EQ(host_.storage_opens, 1);
  // The same value again and removing what is not there change nothing: nothing is sent.
  EXPECT_EQ(host_.storage_writes,
            (std::vector<std::string>{"local set n=5", "local set n=6",
                                      "local remove theme=", "local clear ="}));
  EXPECT_EQ(Eval("[String(localStorage), localStorage instanceof Storage, "
                 "typeof localStorage.getItem, localStorage.getItem('key')]"),
            R"(["[object Storage]",true,"function",null])");
}

TEST_F(Scripts, StorageOverItsQuotaThrowsQuotaExceededErrorAndKeepsTheOldValue) {
  Load("<p>x</p>");
  // "a" and its value leave room for two characters of the 5 MiB.
  EXPECT_EQ(Eval("localStorage.a = 'x'.repeat(5 * 1024 * 1024 - 3); localStorage.a.length"),
            "5242877");
  EXPECT_EQ(Eval("try { localStorage.setItem('b', 'yy'); 'stored' } catch (e) { "
                 "[e.name, e.code, e instanceof DOMException, e.code === "
                 "DOMException.QUOTA_EXCEEDED_ERR] }"),
            R"(["QuotaExceededError",22,true,true])");
  EXPECT_EQ(Eval("[localStorage.length, localStorage.b === undefined]"), "[1,true]");
  EXPECT_EQ(Eval("localStorage.setItem('b', 'y'); localStorage.b"), "\"y\"");  // exactly full
  EXPECT_EQ(host_.storage_writes.size(), 2u);
}

TEST_F(Scripts, SessionStorageIsAnAreaOfItsOwn) {
  host_.local_storage = {{"k", "local"}};
  Load("<p>x</p>");
  EXPECT_EQ(Eval("sessionStorage.k = 'session'; [localStorage.k, sessionStorage.k]"),
            R"(["local","session"])");
  EXPECT_EQ(host_.storage_writes, (std::vector<std::string>{"session set k=session"}));
}

TEST_F(Scripts, APageWithoutStorageGetsSecurityError) {
  host_.storage_error = "SecurityError: a page at data:x has an opaque origin";
  Load("<p>x</p>");
  EXPECT_EQ(Eval("try { localStorage; 'reached' } catch (e) { [e.name, e.message] }"),
            R"(["SecurityError","a page at data:x has an opaque origin"])");
}

TEST_F(Scripts, AnotherTabsChangeUpdatesTheCopyAndFiresAStorageEvent) {
  host_.local_storage = {{"a", "1"}};
  Load("<p>x</p>");
  Eval(
      "var seen = []; addEventListener('storage', e => seen.push([e.key, e.oldValue, "
      "e.newValue, e.url, e.storageArea === localStorage, e instanceof StorageEvent])); "
      "localStorage.length");
  scripts_->StorageChanged({"a", "1", "2", "https://a.test/other.html"});
  scripts_->StorageChanged({std::nullopt, std::nullopt, std::nullopt, "https://a.test/x"});
  EXPECT_EQ(Eval("seen"), R"([["a","1","2","https://a.test/other.html",true,true],)"
                          R"([null,null,null,"https://a.test/x",true,true]])");
  EXPECT_EQ(Eval("localStorage.length"), "0");
  EXPECT_TRUE(host_.storage_writes.empty());  // another tab's change is not sent back
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


TEST_F(Scripts, ClicksBecomeMouseEventsAndFollowLinks) {
  Load("<body><div id=outer><a id=link href='next.html?q=1'><b id=bold>go</b></a></div>"
       "<a id=cancelled href='/never'>no</a></body>");
  ASSERT_TRUE(scripts_
                  ->RunScript("var seen = [];"
                              "for (const type of ['mousedown', 'mouseup', 'click'])"
                              "  document.addEventListener(type, e => seen.push(type + ':' +"
                              "    e.target.id + ':' + e.isTrusted + ':' + (e instanceof MouseEvent)));"
                              "document.getElementById('cancelled').onclick = null;"
                              "document.getElementById('cancelled').addEventListener('click',"
                              "  e => e.preventDefault());",
                              "https://a.test/input.js", 1)
                  .ok());
  ClickOn("bold");
  EXPECT_EQ(Eval("seen"),
            R"(["mousedown:bold:true:true","mouseup:bold:true:true","click:bold:true:true"])");
  ASSERT_EQ(host_.navigations.size(), 1u);
  EXPECT_EQ(host_.navigations[0].url, "https://a.test/dir/next.html?q=1");
  EXPECT_EQ(host_.navigations[0].method, "GET");
  ClickOn("cancelled");  // preventDefault: the link is not followed
  EXPECT_EQ(host_.navigations.size(), 1u);
  // A press on one element and a release on another click their common ancestor.
  Input(UserInput::Kind::kMouseDown, "bold");
  Input(UserInput::Kind::kMouseUp, "outer");
  EXPECT_EQ(Eval("seen[seen.length - 1]"), R"("click:outer:true:true")");
  EXPECT_EQ(host_.navigations.size(), 1u);
}

TEST_F(Scripts, CheckboxesToggleAndTextFieldsTakeTypedText) {
  Load("<body><label id=label for=box>tick</label><input id=box type=checkbox>"
       "<input id=name value=Ann maxlength=6><textarea id=notes></textarea></body>");
  ASSERT_TRUE(scripts_
                  ->RunScript("var log = [];"
                              "for (const type of ['input', 'change', 'focus', 'blur', 'keydown'])"
                              "  document.addEventListener(type, e => log.push(type + ':' + e.target.id),"
                              "    true);",
                              "https://a.test/form.js", 1)
                  .ok());
  ClickOn("box");
  EXPECT_EQ(Eval("document.getElementById('box').checked"), "true");
  ClickOn("label");  // a label's click is its control's
  EXPECT_EQ(Eval("document.getElementById('box').checked"), "false");
  EXPECT_EQ(Eval("log.filter(l => l.startsWith('change')).length"), "2");
  // A cancelled click puts the checkbox back as it was.
  ASSERT_TRUE(scripts_->RunScript("document.getElementById('box').addEventListener('click',"
                                  " e => e.preventDefault());", "https://a.test/c.js", 1).ok());
  ClickOn("box");
  EXPECT_EQ(Eval("document.getElementById('box').checked"), "false");

  ClickOn("name");
  EXPECT_EQ(Eval("document.activeElement.id"), "\"name\"");
  Type("ie!!!");
  Input(UserInput::Kind::kKeyDown, "", "Backspace");
  EXPECT_EQ(Eval("document.getElementById('name').value"), "\"Annie\"");  // maxlength 6, one deleted
  EXPECT_EQ(Eval("document.getElementById('name').getAttribute('value')"), "\"Ann\"");
  Input(UserInput::Kind::kKeyDown, "", "Tab");  // focus moves on, and change fires
  EXPECT_EQ(Eval("document.activeElement.id"), "\"notes\"");
  EXPECT_EQ(Eval("log.includes('change:name') && log.includes('blur:name') && "
                 "log.includes('focus:notes')"),
            "true");
  Type("a");
  Input(UserInput::Kind::kKeyDown, "", "Enter");
  Type("b");
  EXPECT_EQ(Eval("document.getElementById('notes').value"), "\"a\\nb\"");
  EXPECT_EQ(Eval("log.filter(l => l === 'input:notes').length"), "3");
  // What the user typed is what layout shows.
  EXPECT_EQ(ById("name")->Value(), "Annie");
}

TEST_F(Scripts, FormsSubmitWithGetAndPost) {
  Load("<body><form id=search action='/find?old=1'><input name=q value='a b&c'>"
       "<input type=checkbox name=all checked><input type=checkbox name=none>"
       "<select name=kind><option>x<option selected value=y>Y</select>"
       "<button id=go name=how value=button>Go</button></form>"
       "<form id=post method=post action='https://a.test/save'><input id=who name=who>"
       "<textarea name=t>l1\nl2</textarea></form>"
       "<form id=multi method=post enctype=multipart/form-data action=/up>"
       "<input name=f value=v><input type=submit id=send></form></body>");
  ASSERT_TRUE(scripts_->RunScript("var submits = 0; document.addEventListener('submit',"
                                  " e => { submits++; if (window.block) e.preventDefault(); });",
                                  "https://a.test/f.js", 1).ok());
  ClickOn("go");
  ASSERT_EQ(host_.navigations.size(), 1u);
  EXPECT_EQ(host_.navigations[0].url,
            "https://a.test/find?q=a+b%26c&all=on&kind=y&how=button");
  EXPECT_EQ(host_.navigations[0].method, "GET");

  // Enter in a form without a submit button submits it too.
  ClickOn("who");
  Type("Zoë");
  Input(UserInput::Kind::kKeyDown, "", "Enter");
  ASSERT_EQ(host_.navigations.size(), 2u);
  EXPECT_EQ(host_.navigations[1].url, "https://a.test/save");
  EXPECT_EQ(host_.navigations[1].method, "POST");
  EXPECT_EQ(host_.navigations[1].content_type, "application/x-www-form-urlencoded");
  EXPECT_EQ(host_.navigations[1].body, "who=Zo%C3%AB&t=l1%0D%0Al2");

  ClickOn("send");
  ASSERT_EQ(host_.navigations.size(), 3u);
  EXPECT_TRUE(host_.navigations[2].content_type.starts_with("multipart/form-data; boundary="));
  EXPECT_NE(host_.navigations[2].body.find("name=\"f\"\r\n\r\nv\r\n"), std::string::npos);

  // A cancelled submit event stops the submission; form.submit() skips the event.
  EXPECT_EQ(Eval("window.block = true; document.getElementById('go').click(); submits"), "4");
  EXPECT_EQ(host_.navigations.size(), 3u);
  Eval("document.getElementById('search').submit()");
  EXPECT_EQ(host_.navigations.size(), 4u);
  EXPECT_EQ(Eval("submits"), "4");
}

TEST_F(Scripts, FetchAndXmlHttpRequestGoThroughTheHost) {
  Load("<p>x</p>");
  ASSERT_TRUE(scripts_
                  ->RunScript("var got = [];"
                              "fetch('api/items', {method: 'post', body: '{}',"
                              "    headers: {'X-Token': 't1', 'Content-Type': 'application/json'}})"
                              "  .then(r => { got.push(r.status, r.ok, r.headers.get('content-type'));"
                              "               return r.json(); })"
                              "  .then(v => got.push(v.n));"
                              "fetch('https://b.test/x').catch(e => got.push(e.name));"
                              "var xhr = new XMLHttpRequest();"
                              "xhr.onload = () => got.push('xhr ' + xhr.status + ' ' + xhr.responseText);"
                              "xhr.open('GET', '/plain');"
                              "xhr.send();",
                              "https://a.test/fetch.js", 1)
                  .ok());
  ASSERT_EQ(host_.fetches.size(), 3u);
  const FetchRequest& post = host_.fetches[0].second;
  EXPECT_EQ(post.url, "https://a.test/dir/api/items");
  EXPECT_EQ(post.method, "POST");
  EXPECT_EQ(post.body, "{}");
  EXPECT_FALSE(post.script);
  bool has_token = false;
  for (const auto& [name, value] : post.headers)
    has_token |= name == "x-token" && value == "t1";
  EXPECT_TRUE(has_token);
  EXPECT_EQ(host_.fetches[2].second.url, "https://a.test/plain");

  FetchResponse json;
  json.status = 200;
  json.url = post.url;
  json.body = R"({"n": 7})";
  json.headers = {{"content-type", "application/json"}};
  json.cookies = "a=1; b=2; c=3";
  scripts_->FetchDone(host_.fetches[0].first, json);
  FetchResponse refused;
  refused.error = "CORS: no Access-Control-Allow-Origin header";
  scripts_->FetchDone(host_.fetches[1].first, refused);
  FetchResponse text;
  text.status = 404;
  text.body = "nope";
  scripts_->FetchDone(host_.fetches[2].first, text);
  // Each answer's promise reactions run before the next answer is handled.
  EXPECT_EQ(Eval("got"), R"([200,true,"application/json",7,"TypeError","xhr 404 nope"])");
  EXPECT_EQ(Eval("document.cookie"), "\"a=1; b=2; c=3\"");  // main's view, with the answer
  // Forbidden methods and synchronous requests fail at once.
  EXPECT_EQ(Eval("fetch('/x', {method: 'TRACE'}).catch(e => window.t = e.name); 0"), "0");
  EXPECT_EQ(Eval("window.t"), "\"TypeError\"");
  EXPECT_NE(Eval("new XMLHttpRequest().open('GET', '/x', false)").find("synchronous"),
            std::string::npos);
}

TEST_F(Scripts, CookiesHistoryLocationAndLayoutAreTheHosts) {
  Load("<body><p id=p style='color: red'>x</p><div class='a b'></div><div class=a></div></body>");
  EXPECT_EQ(Eval("document.cookie"), "\"a=1; b=2\"");
  Eval("document.cookie = 'c=3; path=/'; document.cookie = 'a=; max-age=0';"
       "document.cookie = 'h=1; HttpOnly'");
  EXPECT_EQ(Eval("document.cookie"), "\"b=2; c=3\"");
  EXPECT_EQ(host_.cookies_set,
            (std::vector<std::string>{"c=3; path=/", "a=; max-age=0"}));

  Eval("history.pushState({step: 1}, '', 'other.html?x=1')");
  ASSERT_EQ(host_.url_changes.size(), 1u);
  EXPECT_EQ(host_.url_changes[0], std::make_pair(std::string("https://a.test/dir/other.html?x=1"), false));
  EXPECT_EQ(Eval("[location.pathname, location.search, history.state.step, history.length]"),
            R"(["/dir/other.html","?x=1",1,2])");
  EXPECT_NE(Eval("history.pushState(null, '', 'https://evil.test/')").find("SecurityError"),
            std::string::npos);
  Eval("location.href = '/next'");
  Eval("location.replace('https://c.test/')");
  ASSERT_EQ(host_.navigations.size(), 2u);
  EXPECT_EQ(host_.navigations[0].url, "https://a.test/next");
  EXPECT_TRUE(host_.navigations[1].replace);

  EXPECT_EQ(Eval("document.getElementById('p').style.color"), "\"red\"");
  Eval("const s = document.getElementById('p').style; s.backgroundColor = 'blue';"
       "s.setProperty('margin-top', '4px'); s.color = ''");
  EXPECT_EQ(Eval("document.getElementById('p').getAttribute('style')"),
            "\"background-color: blue; margin-top: 4px;\"");
  EXPECT_EQ(Eval("getComputedStyle(document.getElementById('p')).color"), "\"rgb(255, 0, 0)\"");
  EXPECT_EQ(Eval("JSON.stringify(document.getElementById('p').getBoundingClientRect())"),
            R"("{\"x\":5,\"y\":6,\"width\":70,\"height\":80,\"left\":5,\"top\":6,\"right\":75,\"bottom\":86}")");
  EXPECT_EQ(Eval("document.getElementsByClassName('a').length + "
                 "document.getElementsByClassName('b a').length"),
            "3");
}

TEST_F(Scripts, ScriptsThatScriptsInsertRunOnce) {
  Load("<body><script>ran.push('parser, again');</script></body>");
  Eval("var ran = ['parser']");  // as if the page had run its parser-inserted script
  Eval("const s = document.createElement('script'); s.textContent = 'ran.push(\"inline\")';"
       "document.body.appendChild(s);"
       "document.body.appendChild(s);"  // moved: not run again
       "document.body.appendChild(document.getElementsByTagName('script')[0]);"
       "const e = document.createElement('script'); e.setAttribute('src', 'lib.js');"
       "e.addEventListener('load', () => ran.push('loaded'));"
       "document.body.appendChild(e);"
       "document.body.innerHTML += '<script>ran.push(\"innerHTML\")</script>'");
  EXPECT_EQ(Eval("ran"), R"(["parser","inline"])");
  ASSERT_EQ(host_.fetches.size(), 1u);
  EXPECT_TRUE(host_.fetches[0].second.script);
  EXPECT_EQ(host_.fetches[0].second.url, "https://a.test/dir/lib.js");
  FetchResponse source;
  source.status = 200;
  source.body = "ran.push('external')";
  scripts_->FetchDone(host_.fetches[0].first, source);
  EXPECT_EQ(Eval("ran"), R"(["parser","inline","external","loaded"])");
}

TEST_F(Scripts, MemoryPressureCollectsWhatNothingReaches) {
  Load("<p>x</p>");
  ASSERT_TRUE(scripts_->RunScript("var kept = {}; var refs = [new WeakRef(kept)];"
                                  "for (let i = 0; i < 100; ++i) refs.push(new WeakRef({big: new Array(1000).fill(i)}));",
                                  "https://a.test/gc.js", 1)
                  .ok());
  auto engine = LoadScriptEngine(2);
  ASSERT_TRUE(engine.ok());
  (*engine)->CollectGarbage();
  EXPECT_EQ(Eval("refs[0].deref() === kept"), "true");
  EXPECT_EQ(Eval("refs.slice(1).filter(r => r.deref() !== undefined).length"), "0");
}

}  // namespace
}  // namespace nexus::web

namespace nexus::web {
namespace {

// A page whose viewport changes size: lists from matchMedia that were listened to hear of
// the flip (CSSOM View §4.2), and the window of its resize.
// A script asking where something is after a first frame (which laid out only the page's
// top) gets the place the whole layout gives it.
TEST(PageScripts, GeometryAfterAFirstFrameIsTheWholePages) {
  ASSERT_TRUE(LoadScriptEngine(2).ok());
  std::string html = "<!doctype html><body>";
  for (int i = 0; i < 200; ++i)
    html += "<p>Paragraph " + std::to_string(i) + "</p>";
  auto page = Page::Create(*ParseUrl("file:///t/page.html"), "text/html", html + "<p id=last>x");
  ASSERT_TRUE(page.ok()) << page.error().message();
  (*page)->RunScripts();
  ASSERT_TRUE((*page)->Paint(800, 600, false).ok());
  auto top = (*page)->Evaluate("document.getElementById('last').getBoundingClientRect().top");
  ASSERT_TRUE(top.ok()) << top.error().message();
  EXPECT_GT(std::stod(*top), 6000);
  auto height = (*page)->Evaluate("document.documentElement.scrollHeight");
  ASSERT_TRUE(height.ok()) << height.error().message();
  EXPECT_GT(std::stod(*height), 6000);
}

TEST(PageScripts, MatchMediaListenersHearTheViewportChange) {
  ASSERT_TRUE(LoadScriptEngine(2).ok());
  auto page = Page::Create(*ParseUrl("file:///t/page.html"), "text/html", R"js(<script>
    var heard = [];
    var wide = matchMedia("(min-width: 700px)");
    wide.addEventListener("change", function (event) { heard.push("wide:" + event.matches); });
    var narrow = matchMedia("(max-width: 600px)");
    narrow.onchange = function (event) { heard.push("narrow:" + event.matches); };
    narrow.addListener(function () {});
    addEventListener("resize", function () { heard.push("resize:" + innerWidth); });
  </script>)js");
  ASSERT_TRUE(page.ok()) << page.error().message();
  (*page)->RunScripts();
  ASSERT_TRUE((*page)->Paint(800, 600, false).ok());
  ASSERT_TRUE((*page)->Paint(500, 600, false).ok());
  ASSERT_TRUE((*page)->Paint(500, 300, false).ok());
  for (const ConsoleMessage& message : (*page)->TakeConsoleMessages())
    ADD_FAILURE() << message.text;
  auto heard = (*page)->Evaluate("heard.join()");
  ASSERT_TRUE(heard.ok()) << heard.error().message();
  EXPECT_EQ(*heard, "\"wide:false,narrow:true,resize:500,resize:500\"");
}

}  // namespace
}  // namespace nexus::web
