// The receipt's print button (no inline script: the pages' CSP forbids it).
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) { window.print(); }
});
