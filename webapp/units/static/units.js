// A form's answer with status 400 is the same form with its errors: let htmx show it.
// Only inside [data-swap-errors], so any other failed request still behaves as htmx's default.
document.addEventListener("htmx:beforeSwap", function (event) {
  var target = event.detail.target;
  if (event.detail.xhr.status === 400 && target && target.closest("[data-swap-errors]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
