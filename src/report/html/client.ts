// The page's only script: interaction on top of a page that is complete without it (zoom, pan,
// day selector, "show" buttons in the burst table, the snippet's copy button). It redraws the
// timeline with the same drawTimeline() that drew the static SVG, embedded by source text.
// Kept as a string (the project compiles without the DOM library); exercised by
// test/browser/html.browser.test.ts in a real Chromium.
import { drawTimeline } from './chart-core.js';

export function clientScript(): string {
  return `(function () {
  'use strict';
  var draw = ${String(drawTimeline)};
  function $(id) { return document.getElementById(id); }
  function show(el) { if (el) el.hidden = false; }

  // Copy buttons: the Clipboard API where the browser allows it (file:// pages usually do),
  // else a selection plus execCommand.
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (b) {
    show(b);
    b.addEventListener('click', function () {
      var src = $(b.getAttribute('data-target'));
      if (!src) return;
      var text = src.textContent;
      function done(ok) {
        b.textContent = ok ? 'Copied' : 'Select and copy manually';
        setTimeout(function () { b.textContent = 'Copy'; }, 2000);
      }
      function fallback() {
        var r = document.createRange();
        r.selectNodeContents(src);
        var s = window.getSelection();
        s.removeAllRanges();
        s.addRange(r);
        var ok = false;
        try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
        done(ok);
      }
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
      } else fallback();
    });
  });

  // Printing: closed <details> would print as one line; open them for the printout only.
  var reopened = [];
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details:not([open])'), function (d) { d.open = true; reopened.push(d); });
  });
  window.addEventListener('afterprint', function () {
    reopened.forEach(function (d) { d.open = false; });
    reopened = [];
  });

  var dataEl = $('chart-data');
  var box = $('timeline-box');
  if (!dataEl || !box) return;
  var data = JSON.parse(dataEl.textContent);
  var MIN = 60000;
  var view = { from: data.start, to: data.end };
  var status = $('view-status');
  var select = $('day-select');

  function clampView(from, to) {
    var span = Math.max(MIN, to - from);
    var full = data.end - data.start;
    if (span >= full) return { from: data.start, to: data.end };
    if (from < data.start) from = data.start;
    if (from + span > data.end) from = data.end - span;
    return { from: from, to: from + span };
  }
  function render() {
    var w = Math.max(320, Math.round(box.clientWidth || 960));
    box.innerHTML = draw(data, { from: view.from, to: view.to, width: w, height: 300 });
    var svg = box.querySelector('svg');
    if (status && svg) {
      var desc = svg.querySelector('desc');
      status.textContent = desc ? desc.textContent.replace(/^.*This view: /, 'Showing ') : '';
    }
  }
  function setView(from, to) {
    view = clampView(from, to);
    if (select) {
      var match = '';
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.value && +o.value === view.from && +o.getAttribute('data-end') === view.to) match = o.value;
      });
      select.value = match;
    }
    render();
  }
  function zoom(factor) {
    var mid = (view.from + view.to) / 2;
    var half = ((view.to - view.from) * factor) / 2;
    setView(mid - half, mid + half);
  }
  function pan(frac) {
    var d = (view.to - view.from) * frac;
    setView(view.from + d, view.to + d);
  }

  show($('timeline-controls'));
  var nojs = $('nojs-note');
  if (nojs) nojs.hidden = true;
  var actions = {
    'zoom-in': function () { zoom(0.5); },
    'zoom-out': function () { zoom(2); },
    'pan-left': function () { pan(-0.5); },
    'pan-right': function () { pan(0.5); },
    'reset': function () { setView(data.start, data.end); }
  };
  Array.prototype.forEach.call(document.querySelectorAll('[data-action]'), function (b) {
    b.addEventListener('click', function () { actions[b.getAttribute('data-action')](); });
  });
  if (select) {
    select.addEventListener('change', function () {
      var o = select.options[select.selectedIndex];
      if (!o || !o.value) setView(data.start, data.end);
      else setView(+o.value, +o.getAttribute('data-end'));
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll('button.zoom-to'), function (b) {
    show(b);
    b.addEventListener('click', function () {
      var from = +b.getAttribute('data-from');
      var to = +b.getAttribute('data-to');
      var pad = Math.max(2 * MIN, (to - from) * 2);
      setView(from - pad, to + pad);
      box.scrollIntoView({ block: 'center' });
      box.focus();
    });
  });
  box.addEventListener('keydown', function (e) {
    var k = e.key;
    if (k === 'ArrowLeft') pan(-0.25);
    else if (k === 'ArrowRight') pan(0.25);
    else if (k === '+' || k === '=') zoom(0.5);
    else if (k === '-') zoom(2);
    else if (k === '0' || k === 'Home') setView(data.start, data.end);
    else return;
    e.preventDefault();
  });

  // Drag across the plot to zoom into that range.
  var sel = $('timeline-selection');
  var drag = null;
  function timeAt(clientX) {
    var svg = box.querySelector('svg');
    var r = svg.getBoundingClientRect();
    var scale = r.width / (+svg.getAttribute('width'));
    var left = r.left + (+svg.getAttribute('data-left')) * scale;
    var pw = (+svg.getAttribute('data-plotw')) * scale;
    var f = Math.min(1, Math.max(0, (clientX - left) / pw));
    return { t: view.from + f * (view.to - view.from), x: Math.min(left + pw, Math.max(left, clientX)) - box.getBoundingClientRect().left };
  }
  box.addEventListener('pointerdown', function (e) {
    if (e.button !== 0) return;
    drag = { start: timeAt(e.clientX) };
    box.setPointerCapture(e.pointerId);
  });
  box.addEventListener('pointermove', function (e) {
    if (!drag || !sel) return;
    var cur = timeAt(e.clientX);
    sel.hidden = false;
    sel.style.left = Math.min(drag.start.x, cur.x) + 'px';
    sel.style.width = Math.abs(cur.x - drag.start.x) + 'px';
  });
  box.addEventListener('pointerup', function (e) {
    if (!drag) return;
    var a = drag.start;
    var b = timeAt(e.clientX);
    drag = null;
    if (sel) sel.hidden = true;
    if (Math.abs(b.x - a.x) > 6) setView(Math.min(a.t, b.t), Math.max(a.t, b.t));
  });
  var lastW = 0;
  window.addEventListener('resize', function () {
    if (Math.abs(box.clientWidth - lastW) > 20) { lastW = box.clientWidth; render(); }
  });
  lastW = box.clientWidth;
  render();
})();`;
}
