// Polls wait while the tab is hidden. An element marked data-poll (the day board's poller, the
// kitchen's counts) does not ask the server while nobody can see the page; the poll that came
// due goes out once the tab is seen again, so the page is fresh the moment it is looked at.
// (An htmx trigger filter such as "every 5s[!document.hidden]" would need unsafe-eval, which the
// Content-Security-Policy forbids.)
(function () {
  "use strict";
  var waiting = []; // the held polls, at most one per element

  document.addEventListener("htmx:confirm", function (event) {
    var elt = event.detail.elt;
    if (!document.hidden || !elt || !elt.hasAttribute || !elt.hasAttribute("data-poll")) { return; }
    event.preventDefault();
    waiting = waiting.filter(function (held) { return held.elt !== elt; });
    waiting.push(event.detail);
  });

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { return; }
    var due = waiting;
    waiting = [];
    due.forEach(function (held) {
      if (held.elt.isConnected) { held.issueRequest(true); }
    });
  });
})();
