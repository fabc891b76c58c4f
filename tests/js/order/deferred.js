// Runs last: the deferred script checks the order the others ran in.
test("deferred scripts run after the document's other scripts", function () {
  assertEqual(order.join(), "inline 1,external,inline 2,async,after a missing script");
});
test("modules and data blocks are not run as classic scripts", function () {
  assertEqual(order.indexOf("module: not a classic script"), -1);
  assertEqual(order.indexOf("data block"), -1);
});
