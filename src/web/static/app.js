// Kilpi's only script: sends the CSRF token with htmx requests and wires small conveniences.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener('htmx:configRequest', function (e) {
    if (meta) e.detail.headers['X-CSRF-Token'] = meta.getAttribute('content');
  });
  // Buttons marked data-confirm ask before they submit.
  document.addEventListener('submit', function (e) {
    var btn = e.submitter;
    var msg = btn && btn.getAttribute('data-confirm');
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
  // Move focus to an error summary so keyboard and screen-reader users hear it first.
  var summary = document.querySelector('.alert--error');
  if (summary) summary.focus();
})();
