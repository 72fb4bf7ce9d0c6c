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
