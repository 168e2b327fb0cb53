// Kilpi's only script: sends the CSRF token with htmx requests and wires small conveniences.
// Every page works without it; this only makes things nicer.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
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
  // On narrow screens the navigation folds behind a Menu button (without script it stays open).
  var toggle = document.querySelector('.nav-toggle');
  var nav = document.getElementById('sidenav');
  if (toggle && nav) {
    toggle.hidden = false;
    toggle.addEventListener('click', function () {
      var open = nav.classList.toggle('is-open');
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
    });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && nav.classList.contains('is-open')) {
        nav.classList.remove('is-open');
        toggle.setAttribute('aria-expanded', 'false');
        toggle.focus();
      }
    });
  }
  // Move focus to an error summary so keyboard and screen-reader users hear it first.
  var summary = document.querySelector('.alert--error');
  if (summary) summary.focus();
})();
