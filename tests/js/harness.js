// The corpus harness: each page records its own results; tests/integration/js_test.cc reads
// them with `nexus eval PAGE results`.
var results = [];
function test(name, body) {
  try { body(); results.push({name: name, pass: true}); }
  catch (e) { results.push({name: name, pass: false, message: String(e)}); }
}
function assertEqual(actual, expected) {
  if (actual !== expected) throw new Error("expected " + JSON.stringify(expected) + ", got " + JSON.stringify(actual));
}
function assertThrows(body, name) {
  try { body(); } catch (e) { if (String(e).indexOf(name) >= 0) return; throw new Error("threw " + e + ", not " + name); }
  throw new Error("did not throw " + name);
}
// Pages with asynchronous tests (storage) declare `var done = false` and call runAll() once
// they have listed their tests; runAll runs them one after another and sets `done`.
var asyncTests = [];
function asyncTest(name, body) {
  asyncTests.push([name, body]);
}
async function runAll() {
  for (const [name, body] of asyncTests) {
    try {
      await body();
      results.push({name: name, pass: true});
    } catch (e) {
      results.push({name: name, pass: false, message: String(e)});
    }
  }
  done = true;
}
async function rejects(promise, name) {
  try {
    await promise;
  } catch (e) {
    if (String(e).indexOf(name) >= 0)
      return;
    throw new Error('rejected with ' + e + ', not ' + name);
  }
  throw new Error('did not reject with ' + name);
}
