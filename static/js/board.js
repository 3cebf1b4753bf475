// The day board (templates/approvals/board.html), on top of htmx:
// - an open "Muutokset" list stays open when the rows refresh;
// - a form loaded into #panel gets the focus, and Escape or "Sulje" closes it and returns
//   the focus to the row it was opened from;
// - a poll answer that arrives after an action already replaced its poller is dropped, so an
//   older board never overwrites a newer one;
// (poll.js holds the poller while the tab is hidden.)
(function () {
  "use strict";
  var openDetails = [];
  var opener = null; // {id, row} of what opened the panel

  function remember(target) {
    if (target && target.id === "board") {
      openDetails = Array.prototype.map.call(target.querySelectorAll("details[open][id]"),
        function (d) { return d.id; });
    }
  }

  function restore(target) {
    if (target && target.id === "board") {
      openDetails.forEach(function (id) {
        var details = document.getElementById(id);
        if (details) { details.open = true; }
      });
    }
  }

  function panel() { return document.getElementById("panel"); }

  function focusBack() {
    var target = opener && (document.getElementById(opener.id) ||
      (opener.row && document.querySelector("#" + opener.row + " a, #" + opener.row + " button")));
    opener = null;
    if (target) { target.focus(); }
  }

  function closePanel() {
    var p = panel();
    if (p && p.firstChild) {
      p.innerHTML = "";
      focusBack();
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) { remember(event.detail.target); });

  // A poll answer lands on its poller. If an action's answer has replaced that poller in the
  // meantime, the poller is no longer in the page, so the event never reaches the document:
  // the listener goes on the poller itself, as the poll leaves.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var poller = event.detail.elt;
    if (!poller || poller.id !== "board-poll") { return; }
    poller.addEventListener("htmx:beforeSwap", function (swap) {
      if (!poller.isConnected) { swap.detail.shouldSwap = false; }
    }, { once: true });
  });
  document.addEventListener("htmx:oobBeforeSwap", function (event) { remember(event.detail.target); });
  document.addEventListener("htmx:oobAfterSwap", function (event) {
    restore(event.detail.target);
    if (event.detail.target && event.detail.target.id === "panel" && !event.detail.target.firstChild && opener) {
      focusBack();
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    restore(target);
    if (target && target.id === "panel" && target.firstChild) {
      var from = event.detail.requestConfig && event.detail.requestConfig.elt;
      if (from && !target.contains(from)) {
        var row = from.closest && from.closest("[id^='row-']");
        opener = { id: from.id, row: row ? row.id : null };
      }
      var field = target.querySelector("[aria-invalid='true']") || target.querySelector("[autofocus]") ||
        target.querySelector("input:not([type=hidden]), select, textarea, button");
      target.scrollIntoView({ block: "nearest" });
      if (field) { field.focus(); }
    }
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest && event.target.closest("#panel [data-panel-close]");
    if (close) {
      event.preventDefault();
      closePanel();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel() && panel().contains(document.activeElement)) {
      closePanel();
    }
  });
})();
