// Directory: the import form shows the upload's progress; without this script it posts normally.
(function () {
  'use strict';
  var importForm = document.getElementById('import-form');
  if (importForm && window.XMLHttpRequest && window.FormData) {
    importForm.addEventListener('submit', function (event) {
      event.preventDefault();
      var bar = document.getElementById('envoi');
      bar.hidden = false;
      var request = new XMLHttpRequest();
      request.open('POST', importForm.action);
      request.upload.onprogress = function (e) {
        if (e.lengthComputable) bar.value = Math.round(e.loaded * 100 / e.total);
      };
      request.onload = function () {
        if (request.status < 400) {
          window.location = request.responseURL;
        } else {
          document.open();
          document.write(request.responseText);
          document.close();
        }
      };
      request.onerror = function () {
        window.alert("L'envoi a échoué : vérifiez la connexion et recommencez.");
        bar.hidden = true;
      };
      request.send(new FormData(importForm));
    });
  }
})();
