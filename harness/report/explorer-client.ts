/**
 * The threshold explorer's browser script, as text inlined into explorer.html. Plain ES2020, no imports: it reads
 * the page's JSON data, drives the numbers from the slider and updates the Vega chart's `selected` parameter.
 * Every label goes into the page through textContent, never as HTML.
 */
export const EXPLORER_CLIENT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('explorer-data').textContent);
  var $ = function (id) { return document.getElementById(id); };
  var slider = $('threshold'), algSelect = $('algorithm'), perHour = $('per-hour');
  var state = { alg: 0, view: null };

  function pct(p) {
    if (p === null || p === undefined) return 'n/a';
    if (p === 0) return '0%';
    var x = p * 100, d = x >= 10 ? 1 : x >= 1 ? 2 : Math.min(6, 2 - Math.floor(Math.log10(x)));
    return x.toFixed(d) + '%';
  }
  function num(x, d) { return x === null || x === undefined || !isFinite(x) ? 'n/a' : Number(x.toPrecision(d || 3)).toLocaleString('en-GB'); }
  function oneIn(p) { return p === null || p === undefined ? 'n/a' : p === 0 ? 'none' : '1 in ' + count(1 / p); }
  function count(x) { return Math.round(x).toLocaleString('en-GB'); }
  function interval(c) { return c && c.lo !== null ? data.level + '% interval ' + pct(c.lo) + ' to ' + pct(c.hi) : ''; }
  function text(id, s) { $(id).textContent = s; }
  function row(cells, header) {
    var tr = document.createElement('tr');
    cells.forEach(function (c, i) {
      var td = document.createElement(i === 0 && header ? 'th' : 'td');
      if (i === 0 && header) td.setAttribute('scope', 'row');
      td.textContent = c;
      tr.appendChild(td);
    });
    return tr;
  }
  function cellText(c) {
    if (!c) return 'n/a';
    if (c.e === null) return c.n === 0 ? 'no searches' : 'suppressed (fewer than ' + data.minCellSize + ')';
    return pct(c.e) + ' (' + pct(c.lo) + ' to ' + pct(c.hi) + ')';
  }

  function update() {
    var alg = data.algorithms[state.alg];
    var r = alg.rows[Number(slider.value)];
    var hourly = Number(perHour.value) > 0 ? Number(perHour.value) : data.passersByPerHour;
    slider.setAttribute('aria-valuetext', 'threshold ' + r.t.toFixed(2));
    text('threshold-value', r.t.toFixed(2) + (data.operational.indexOf(r.t) >= 0 ? ' (operational)' : ''));
    text('tpir', r.tpir && r.tpir.e !== null ? pct(r.tpir.e) : 'n/a');
    text('tpir-note', r.tpir && r.tpir.e !== null ? Math.round(r.tpir.e * 100) + ' of every 100 passes by people on the watchlist recognised; ' + interval(r.tpir) : '');
    var fp = falseAlerts(alg, r);
    text('fpir', fp ? (fp.e === 0 ? 'none observed' : '1 in ' + count(1 / fp.e)) : 'n/a');
    text('fpir-note', fp ? (fp.crowd ? 'passers-by raised a false alert; ' : 'searches at the watchlist size (scaled from the filler gallery) gave a false alert; ') + data.level + '% interval ' + oneIn(fp.hi) + ' to ' + oneIn(fp.lo) : '');
    text('per-hour-value', fp ? num(fp.e * hourly, 3) : 'n/a');
    text('per-hour-note', fp ? 'false alerts per deployment-hour at ' + count(hourly) + ' passers-by an hour (' + num(fp.lo * hourly, 2) + ' to ' + num(fp.hi * hourly, 2) + ')' : '');
    var v = $('verdict');
    v.textContent = r.verdict.text;
    v.className = 'verdict ' + r.verdict.kind;
    var gb = $('groups-body');
    gb.textContent = '';
    r.groups.forEach(function (g) { gb.appendChild(row([g.label, g.level, cellText(g.tpir), cellText(g.fpir)], true)); });
    var db = $('diff-body');
    db.textContent = '';
    r.differentials.forEach(function (d) {
      db.appendChild(row([d.level, d.rate, String(d.groups), d.maxMinRatio === null ? 'undefined' : num(d.maxMinRatio, 3), d.maxDifference === null ? 'n/a' : num(d.maxDifference * 100, 3) + ' points', d.garbe === null ? 'n/a' : num(d.garbe, 3), d.note || ''], true));
    });
    if (state.view) state.view.signal('selected', r.t).runAsync();
  }

  // False alert rate at the operational watchlist size: the crowd's, else the filler searches' scaled linearly.
  function falseAlerts(alg, r) {
    if (r.crowd && r.crowd.e !== null) return { e: r.crowd.e, lo: r.crowd.lo, hi: r.crowd.hi, crowd: true };
    if (r.filler && r.filler.e !== null && alg.fillerScale !== null) {
      var f = alg.fillerScale;
      return { e: Math.min(1, r.filler.e * f), lo: Math.min(1, r.filler.lo * f), hi: Math.min(1, r.filler.hi * f), crowd: false };
    }
    return null;
  }

  function chartPoints(alg) {
    var hourly = Number(perHour.value) > 0 ? Number(perHour.value) : data.passersByPerHour;
    var pts = [];
    alg.rows.forEach(function (r) {
      if (r.tpir && r.tpir.e !== null) pts.push({ threshold: r.t, value: r.tpir.e * 100, metric: 'Recognised (%)' });
      var fp = falseAlerts(alg, r);
      if (fp) pts.push({ threshold: r.t, value: fp.e * hourly, metric: 'False alerts per deployment-hour' });
    });
    return pts;
  }

  function drawChart() {
    var alg = data.algorithms[state.alg];
    var spec = JSON.parse(document.getElementById('explorer-spec').textContent);
    spec.data = { values: chartPoints(alg) };
    spec.params[0].value = alg.rows[Number(slider.value)].t;
    if (state.view) { state.view.finalize(); state.view = null; }
    if (typeof window.vegaEmbed !== 'function') return;
    window.vegaEmbed('#chart', spec, { actions: false, renderer: 'canvas' }).then(function (res) {
      state.view = res.view;
      var chart = document.getElementById('chart');
      chart.setAttribute('role', 'img');
      chart.setAttribute('aria-label', 'Recognition rate and false alerts per deployment-hour across thresholds for ' + alg.label + '; the red line marks the selected threshold. The numbers at the selected threshold are given above and in the tables.');
    }).catch(function (err) { console.warn('chart not drawn: ' + err); });
  }

  function setAlgorithm(i) {
    state.alg = i;
    var rows = data.algorithms[i].rows;
    slider.max = String(rows.length - 1);
    drawChart();
    update();
  }

  var first = data.operationalIndex.length > 0 ? data.operationalIndex[0] : 0;
  slider.value = String(first >= 0 ? first : 0);
  perHour.value = String(data.passersByPerHour);
  slider.addEventListener('input', update);
  perHour.addEventListener('change', function () { drawChart(); update(); });
  if (algSelect) algSelect.addEventListener('change', function () { setAlgorithm(Number(algSelect.value)); });
  setAlgorithm(0);
})();`;
