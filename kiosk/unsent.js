/* Läsnä kiosk: what a tablet that is not paired (any more) still holds.
 *
 * A revoked tablet cannot send its offline queue (queue.js keeps it in localStorage). The
 * "not paired" page lists it, oldest first: when, the name the screen knew the client by, and
 * how (card or PIN), so that a coach can write the days in by hand. Nothing is sent or removed
 * here: pairing the tablet again as the same kiosk would still send them.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-unsent]");
  if (!box || !window.LasnaQueue) {
    return;
  }
  var items = window.LasnaQueue.items().slice().sort(function (a, b) {
    return a.at < b.at ? -1 : a.at > b.at ? 1 : 0;
  });
  if (items.length === 0) {
    return;
  }
  var words = box.dataset;
  var when = new Intl.DateTimeFormat(document.documentElement.lang || "fi", {
    weekday: "short", day: "numeric", month: "numeric", hour: "numeric", minute: "2-digit",
    timeZone: "Europe/Helsinki"
  });

  box.querySelector("[data-unsent-title]").textContent =
    (items.length === 1 ? words.one : words.many).replace("{n}", items.length);
  var list = box.querySelector("[data-unsent-list]");
  items.forEach(function (item) {
    var row = document.createElement("li");
    row.dataset.testid = "unsent-item";
    var moment = new Date(item.at);
    var time = document.createElement("time");
    time.dateTime = item.at;
    time.textContent = isNaN(moment.getTime()) ? String(item.at) : when.format(moment);
    var name = document.createElement("strong");
    name.textContent = item.name || words.noName;
    row.append(time, " ", name, " (" + (item.kind === "pin" ? words.pin : words.badge) + ")");
    list.appendChild(row);
  });
  box.hidden = false;
})();
