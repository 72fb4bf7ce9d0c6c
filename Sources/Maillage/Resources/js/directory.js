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

// Directory: the interactive map. Leaflet and its marker clustering come from Debian's packages, loaded by the
// page only when the server has them; without them, or without this script, the server's drawing and its zoom
// and pan links stay. Everything shown comes from the points' JSON and is written with textContent.
(function () {
  'use strict';
  if (!window.L || !window.fetch) return;
  var panels = document.querySelectorAll('.map-panel');
  Array.prototype.forEach.call(panels, function (panel) {
    var d = panel.dataset;
    if (!d.points && !d.lieu) return;
    var load = d.points
      ? fetch(d.points, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.json();
        })
      : Promise.resolve(single(d));
    load.then(function (data) { build(panel, data); }).catch(function (e) {
      // The drawing stays; the reason goes to the console for whoever looks.
      if (window.console) window.console.warn('Carte interactive indisponible :', e);
    });
  });

  function single(d) {
    var ll = d.lieu.split(',');
    return { total: 1, points: [{ nom: d.nom || '', categorie: d.categorie, lat: +ll[0], lon: +ll[1] }], single: true };
  }

  // Only addresses of this site are followed (a path, never "//host" or "javascript:").
  function local(url) { return typeof url === 'string' && url.charAt(0) === '/' && url.charAt(1) !== '/' && url.charAt(1) !== '\\'; }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function describe(p, box) {
    if (p.url && local(p.url)) {
      var a = el('a', 'map-name', p.nom);
      a.href = p.url;
      box.appendChild(a);
    } else {
      box.appendChild(el('strong', 'map-name', p.nom));
    }
    var what = [p.libelle, p.commune].filter(Boolean).join(' · ');
    if (p.distance_km !== undefined) what += ' · ' + String(p.distance_km).replace('.', ',') + ' km';
    if (what) box.appendChild(el('span', 'map-what', what));
    if (p.etat) box.appendChild(el('span', 'map-status', p.etat));
    return box;
  }

  function build(panel, data) {
    var d = panel.dataset;
    var canvas = panel.querySelector('.map-canvas');
    var nav = panel.querySelector('.map-nav');
    var holder = el('div', 'leaflet-holder');
    holder.setAttribute('role', 'region');
    holder.setAttribute('aria-label', 'Carte interactive : ' + data.total + (data.total > 1 ? ' structures' : ' structure'));
    canvas.hidden = true;
    if (nav) nav.hidden = true;
    panel.insertBefore(holder, canvas);
    panel.classList.add('is-interactive');

    var list = panel.querySelector('.map-list');
    if (list && !data.single) list.hidden = false; // before the map measures its width
    var map = L.map(holder, { scrollWheelZoom: false, tap: false, minZoom: 3, maxZoom: 18 });
    if (d.tuiles) {
      L.tileLayer(d.tuiles, { maxZoom: 19, attribution: d.attribution || '' }).addTo(map);
    } else if (d.fond) {
      // The communes as faint dots: the territory's shape without a tile server.
      fetch(d.fond, { credentials: 'same-origin' }).then(function (r) { return r.ok ? r.json() : { communes: [] }; }).then(function (f) {
        var renderer = L.canvas({ padding: 0.2 });
        var layer = L.layerGroup();
        for (var i = 0; i + 1 < f.communes.length; i += 2) {
          L.circleMarker([f.communes[i], f.communes[i + 1]], {
            renderer: renderer, radius: 1.6, stroke: false, fillColor: '#8a9aa6', fillOpacity: 0.55, interactive: false
          }).addTo(layer);
        }
        layer.addTo(map);
        if (!data.points.length && f.communes.length) map.fitBounds(layer.getLayers().map(function (m) { return m.getLatLng(); }));
      }).catch(function () {});
    }

    var markers = data.single ? L.layerGroup() : L.markerClusterGroup({ maxClusterRadius: 48, showCoverageOnHover: false, spiderfyOnMaxZoom: true });
    var all = [];
    data.points.forEach(function (p) {
      var icon = L.divIcon({ className: 'map-pin cat-' + (p.categorie || 'autre'), iconSize: [28, 28], iconAnchor: [14, 14], popupAnchor: [0, -10] });
      var m = L.marker([p.lat, p.lon], { icon: icon, title: p.nom, alt: p.nom, keyboard: true });
      if (!data.single) m.bindPopup(function () { return describe(p, el('div', 'map-popup')); });
      m.point = p;
      all.push(m);
      markers.addLayer(m);
    });
    markers.addTo(map);

    var vue = (d.vue || '').split(',');
    if (vue.length === 3) {
      map.setView([+vue[0], +vue[1]], +vue[2]);
    } else if (data.single && all.length) {
      // Without tiles, a wider view shows the towns around.
      map.setView(all[0].getLatLng(), d.tuiles ? 15 : 11);
    } else if (all.length) {
      map.fitBounds(L.latLngBounds(all.map(function (m) { return m.getLatLng(); })), { padding: [24, 24], maxZoom: 14 });
    } else {
      map.setView([46.6, 2.4], 5);
    }

    if (list && !data.single) {
      var refresh = function () {
        var bounds = map.getBounds();
        var inView = all.filter(function (m) { return bounds.contains(m.getLatLng()); }).map(function (m) { return m.point; });
        inView.sort(function (a, b) {
          if (a.distance_km !== undefined && b.distance_km !== undefined) return a.distance_km - b.distance_km;
          return a.nom.localeCompare(b.nom, 'fr');
        });
        list.textContent = '';
        var shown = inView.slice(0, 30);
        list.appendChild(el('p', 'map-list-count', inView.length === 0
          ? 'Aucune structure dans cette zone : dézoomez ou déplacez la carte.'
          : inView.length + (inView.length > 1 ? ' structures dans cette zone' : ' structure dans cette zone')
            + (inView.length > shown.length ? ' (les ' + shown.length + ' premières ci-dessous ; zoomez pour les autres)' : '')));
        var ul = el('ul', '');
        shown.forEach(function (p) { ul.appendChild(describe(p, el('li', ''))); });
        list.appendChild(ul);
      };
      map.on('moveend', refresh);
      refresh();
    }

    if (d.autour && navigator.geolocation) {
      var control = L.control({ position: 'topright' });
      control.onAdd = function () {
        var box = el('div', 'leaflet-bar map-around');
        var button = el('button', '', 'Autour de moi');
        button.type = 'button';
        var status = el('span', 'map-around-status');
        status.setAttribute('role', 'status');
        button.addEventListener('click', function () {
          status.textContent = 'Recherche de votre position…';
          navigator.geolocation.getCurrentPosition(function (pos) {
            var base = d.autour;
            if (!local(base)) return;
            window.location.href = base + (base.indexOf('?') < 0 ? '?' : '&') + 'lat=' + pos.coords.latitude.toFixed(4)
              + '&lon=' + pos.coords.longitude.toFixed(4) + '&radius_km=15&sort=distance';
          }, function () {
            status.textContent = 'Position introuvable : autorisez la localisation, ou tapez votre commune dans la recherche.';
          }, { timeout: 10000, maximumAge: 600000 });
        });
        L.DomEvent.disableClickPropagation(box);
        box.appendChild(button);
        box.appendChild(status);
        return box;
      };
      control.addTo(map);
    }
  }
})();
