// Maillage: small enhancements. Every page works without this file; the Content-Security-Policy allows
// no inline script, so all behaviour lives here.
(function () {
  'use strict';

  // Forms that ask before acting (remove a member, revoke a token): <form data-confirm="…">.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var message = form && form.getAttribute && form.getAttribute('data-confirm');
    if (message && !window.confirm(message)) event.preventDefault();
  }, true);
})();

// Tables on a phone: each row becomes a card, each cell named by its column (data-label, shown by the
// stylesheet below 640 px). Without this script, tables scroll sideways inside their own box. A grid whose
// columns are the point (a month's calendar) says so with data-keep-columns.
(function () {
  'use strict';
  Array.prototype.forEach.call(document.querySelectorAll('table:not([data-keep-columns])'), function (table) {
    var heads = table.querySelectorAll('thead th');
    if (!heads.length) return;
    var labels = Array.prototype.map.call(heads, function (th) { return th.textContent.trim(); });
    Array.prototype.forEach.call(table.querySelectorAll('tbody tr, tr'), function (tr) {
      if (tr.parentNode.tagName === 'THEAD') return;
      Array.prototype.forEach.call(tr.children, function (cell, i) {
        if (labels[i] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', labels[i]);
      });
    });
    table.classList.add('stacked');
  });
})();

// The header: on a wide screen the menu is open (browsers without ::details-content keep a "Menu" button
// otherwise); one group open at a time; a click elsewhere or Escape closes the open group.
(function () {
  'use strict';
  var wide = window.matchMedia('(min-width: 900px)');
  var menus = document.querySelectorAll('details.site-menu');
  function fit() { Array.prototype.forEach.call(menus, function (m) { m.open = wide.matches; }); }
  fit();
  if (wide.addEventListener) wide.addEventListener('change', fit);
  var groups = document.querySelectorAll('details.menu-group');
  function closeOthers(except) {
    Array.prototype.forEach.call(groups, function (g) { if (g !== except) g.open = false; });
  }
  Array.prototype.forEach.call(groups, function (g) {
    g.addEventListener('toggle', function () { if (g.open && wide.matches) closeOthers(g); });
  });
  document.addEventListener('click', function (event) {
    if (!wide.matches) return;
    if (!event.target.closest || !event.target.closest('details.menu-group')) closeOthers(null);
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') closeOthers(null);
  });
})();
