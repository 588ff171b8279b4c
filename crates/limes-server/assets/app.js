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
    var back = document.getElementById('back');
    if (back) { back.addEventListener('click', function (ev) { ev.preventDefault(); history.back(); }); }
  });
})();
