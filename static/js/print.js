// Printable reports and the kitchen view: a button with data-print opens the browser's print
// dialog (where "Save as PDF" makes the PDF). No inline handlers: the CSP allows none.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
})();
