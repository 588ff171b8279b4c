// Limes UI behaviour. No third-party code; works without it except the scanner shortcut.
(function () {
  'use strict';
  // MRZ line layouts: TD1 3×30, TD2/MRV-B 2×36, TD3/MRV-A 2×44.
  function mrzComplete(text) {
    var lines = text.split(/\r?\n/).map(function (l) { return l.trim(); }).filter(function (l) { return l.length > 0; });
    if (lines.length === 3) return lines.every(function (l) { return l.length === 30; });
    if (lines.length === 2) {
      return (lines[0].length === 36 && lines[1].length === 36) || (lines[0].length === 44 && lines[1].length === 44);
    }
    return false;
  }
  // The arrivals board: fetch the day's flights every 15 s and redraw the rows (text only, no markup from data).
  function liveBoard(table) {
    var url = table.getAttribute('data-live-board');
    var canOpen = table.getAttribute('data-can-open') === '1';
    var status = document.getElementById('board-status');
    // The words come translated from the page; the browser fills in what only it knows.
    var msgUpdated = table.getAttribute('data-msg-updated') || 'Updated {time} \u2014 {count} flight(s).';
    var msgFailed = table.getAttribute('data-msg-failed') || 'Not updated ({error}); retrying.';
    function t(v) { return v ? String(v).replace('T', ' ').slice(0, 16) : '\u2014'; }
    function designator(f) {
      var n = (f.flight_number || '').toUpperCase(), c = (f.carrier || '').toUpperCase();
      return (!c || n.indexOf(c) === 0) ? n : c + n;
    }
    function route(f) {
      var stops = [f.departure_airport];
      (f.legs || []).slice(1).forEach(function (l) { stops.push(l.departure_airport); });
      stops.push(f.arrival_airport);
      return stops.join(' \u2192 ');
    }
    function cell(tr, text) { var td = document.createElement('td'); td.textContent = text; tr.appendChild(td); return td; }
    function redraw(flights) {
      var body = table.tBodies[0];
      while (body.firstChild) body.removeChild(body.firstChild);
      flights.forEach(function (s) {
        var f = s.flight, tr = document.createElement('tr');
        var sev = s.top_open_severity || '';
        tr.className = (sev === 'critical' || sev === 'high') ? 'red' : (sev ? 'amber' : 'green');
        tr.setAttribute('data-key', f.key);
        var first = cell(tr, canOpen ? '' : designator(f));
        if (canOpen) { var a = document.createElement('a'); a.href = '/pax/flights/' + encodeURIComponent(f.key); a.textContent = designator(f); first.appendChild(a); }
        cell(tr, route(f)); cell(tr, t(f.departure_time)); cell(tr, t(f.arrival_time)); cell(tr, f.arrival_bcp || '');
        cell(tr, s.passengers); cell(tr, s.crew);
        var open = cell(tr, s.open_hits > 0 ? s.open_hits + ' (' + sev + ')' : '0');
        if (s.open_hits > 0) open.className = 'sev-' + sev;
        cell(tr, s.confirmed_hits); cell(tr, s.dismissed_hits); cell(tr, s.manifests);
        cell(tr, String(s.last_received || '').slice(11, 19));
        body.appendChild(tr);
      });
      var empty = document.getElementById('board-empty');
      if (empty) empty.hidden = flights.length > 0;
      if (status) status.textContent = msgUpdated.replace('{time}', new Date().toLocaleTimeString()).replace('{count}', flights.length);
    }
    function poll() {
      fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
        .then(redraw)
        .catch(function (e) { if (status) status.textContent = msgFailed.replace('{error}', e.message); });
    }
    table.setAttribute('data-live', 'on');
    setInterval(poll, 15000);
  }

  document.addEventListener('DOMContentLoaded', function () {
    var mrz = document.getElementById('mrz');
    var form = document.getElementById('check-form');
    if (mrz && form) {
      // A document scanner types the zone like a keyboard and ends with Enter: run the check then.
      mrz.addEventListener('keydown', function (ev) {
        if (ev.key === 'Enter' && !ev.shiftKey && mrzComplete(mrz.value)) {
          ev.preventDefault();
          form.requestSubmit ? form.requestSubmit() : form.submit();
        }
      });
      mrz.addEventListener('input', function () {
        var pos = mrz.selectionStart;
        var upper = mrz.value.toUpperCase();
        if (upper !== mrz.value) { mrz.value = upper; mrz.setSelectionRange(pos, pos); }
      });
    }
    var refuse = document.getElementById('refuse-form');
    if (refuse) {
      refuse.addEventListener('submit', function (ev) {
        var sel = document.getElementById('refusal-reason');
        if (sel && !sel.value) { ev.preventDefault(); sel.focus(); }
      });
    }
    var board = document.querySelector('table[data-live-board]');
    if (board && window.fetch) { liveBoard(board); }
    var back = document.getElementById('back');
    if (back) { back.addEventListener('click', function (ev) { ev.preventDefault(); history.back(); }); }
    var decide = document.getElementById('decide');
    if (decide) { decisionKeys(decide); }
  });

  // The decision keys: a letter presses the button (or focuses the field) marked data-key, unless the officer
  // is typing; Escape leaves a field so that the letters work again. Focus starts on the suggested decision.
  function decisionKeys(panel) {
    document.addEventListener('keydown', function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      var tag = ev.target && ev.target.tagName;
      if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') {
        if (ev.key === 'Escape') { ev.target.blur(); panel.focus(); }
        return;
      }
      var el = ev.key && ev.key.length === 1 ? panel.querySelector('[data-key="' + ev.key.toLowerCase() + '"]') : null;
      if (!el) return;
      ev.preventDefault();
      if (el.tagName === 'BUTTON') { el.click(); } else { el.focus(); }
    });
    var start = panel.querySelector('[autofocus]');
    if (start) { start.focus(); }
  }
})();
