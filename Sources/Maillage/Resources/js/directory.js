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

// Directory: the opening-hours editor. Slots of a closed day are hidden; "Comme la veille" copies the day before.
(function () {
  'use strict';
  var days = document.querySelectorAll('fieldset.day-hours');
  if (!days.length) return;
  function refresh(day) {
    var select = day.querySelector('select');
    day.classList.toggle('is-closed', select.value === 'ferme');
  }
  // Empty second and third slots stay folded behind "+ Ajouter un créneau".
  function fold(day) {
    var slots = day.querySelectorAll('.slot');
    var add = day.querySelector('.add-slot');
    var shown = 1;
    for (var i = 1; i < slots.length; i++) {
      var inputs = slots[i].querySelectorAll('input');
      if (inputs[0].value || inputs[1].value) shown = i + 1;
    }
    for (var j = 0; j < slots.length; j++) slots[j].hidden = j >= shown;
    if (add) add.hidden = shown >= slots.length;
  }
  Array.prototype.forEach.call(days, function (day, index) {
    var select = day.querySelector('select');
    var add = document.createElement('button');
    add.type = 'button';
    add.className = 'link add-slot';
    add.textContent = '+ Ajouter un créneau';
    add.addEventListener('click', function () {
      var hidden = day.querySelector('.slot[hidden]');
      if (hidden) { hidden.hidden = false; hidden.querySelector('input').focus(); }
      if (!day.querySelector('.slot[hidden]')) add.hidden = true;
    });
    day.querySelector('.slots').appendChild(add);
    fold(day);
    select.addEventListener('change', function () {
      // Opening a day with no slot offers the usual morning.
      var first = day.querySelector('input[type=time]');
      refresh(day);
      if (select.value !== 'ferme' && first && !first.value) first.focus();
    });
    refresh(day);
    if (index === 0) return;
    var copy = document.createElement('button');
    copy.type = 'button';
    copy.className = 'link copy';
    copy.textContent = 'Comme ' + days[index - 1].querySelector('legend').textContent.toLowerCase();
    copy.addEventListener('click', function () {
      var before = days[index - 1];
      select.value = before.querySelector('select').value;
      var from = before.querySelectorAll('input[type=time]');
      var to = day.querySelectorAll('input[type=time]');
      for (var i = 0; i < to.length; i++) to[i].value = from[i] ? from[i].value : '';
      refresh(day);
      fold(day);
    });
    day.appendChild(copy);
  });
})();
