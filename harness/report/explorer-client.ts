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
  var SYMBOL = { 'significant-difference': 'D', 'equivalent': 'E', 'no-significant-difference': 'N', 'too-small-to-tell': '?' };
  var WORDS = { 'significant-difference': 'a significant difference', 'equivalent': 'equivalent', 'no-significant-difference': 'no significant difference', 'too-small-to-tell': 'too few people to tell' };

  function update() {
    var alg = data.algorithms[state.alg];
    var i = Number(slider.value);
    var r = alg.rows[i];
    var hourly = Number(perHour.value) > 0 ? Number(perHour.value) : data.passersByPerHour;
    var marks = [];
    if (data.operational.indexOf(r.t) >= 0) marks.push('operational');
    if (i === alg.lowestMeeting) marks.push('lowest meeting the policy');
    var label = r.t.toFixed(2) + (marks.length ? ' (' + marks.join(', ') + ')' : '');
    slider.setAttribute('aria-valuetext', 'threshold ' + label);
    text('threshold-value', label);
    text('tpir', r.tpir && r.tpir.e !== null ? pct(r.tpir.e) : 'n/a');
    text('tpir-note', r.tpir && r.tpir.e !== null ? Math.round(r.tpir.e * 100) + ' of every 100 ' + data.words.recognised + '; ' + interval(r.tpir) : '');
    var fp = r.falseAlerts;
    text('fpir', fp ? fp.text : 'n/a');
    text('fpir-note', fp ? (data.words.falseNote !== null ? data.words.falseNote : fp.crowd ? 'of passers-by raised a false alert' : 'of searches at the watchlist size (scaled from the filler gallery) gave a false alert') + (fp.interval ? '; ' + data.level + '% interval ' + fp.interval : '') : '');
    if (data.words.perHour) {
      text('per-hour-value', fp ? num(fp.e * hourly, 3) : 'n/a');
      text('per-hour-note', fp ? 'false alerts per deployment-hour at ' + count(hourly) + ' passers-by an hour (' + num(fp.lo * hourly, 2) + ' to ' + num(fp.hi * hourly, 2) + ')' : '');
    }
    var pol = $('policy');
    pol.textContent = r.policy.text;
    pol.className = 'policy ' + (r.policy.meets ? 'meets' : 'fails');
    text('summary', r.t.toFixed(2) + ': recognised ' + (r.tpir && r.tpir.e !== null ? pct(r.tpir.e) : 'n/a') + '; false alerts ' + (fp ? fp.text.replace(/ \(.*\)$/, '') : 'n/a') + '; ' + (r.policy.meets ? 'meets the policy' : 'does not meet the policy'));
    var vl = $('verdicts');
    vl.textContent = '';
    if (r.verdict.lines.length === 0) {
      var none = document.createElement('li');
      none.className = 'verdict untested';
      none.textContent = 'Differences between groups could not be tested at this threshold.';
      vl.appendChild(none);
    }
    r.verdict.lines.forEach(function (l) {
      var li = document.createElement('li');
      li.className = 'verdict ' + l.verdict;
      var b = document.createElement('span');
      b.className = 'subject';
      b.textContent = l.subject + ': ';
      li.appendChild(b);
      li.appendChild(document.createTextNode(l.text));
      vl.appendChild(li);
    });
    var gb = $('groups-body');
    gb.textContent = '';
    r.groups.forEach(function (g) { gb.appendChild(row([g.label, g.level, g.tpirText, g.fpirText], true)); });
    var db = $('diff-body');
    db.textContent = '';
    r.differentials.forEach(function (d) {
      db.appendChild(row([d.level, d.rate, String(d.groups), d.maxMinRatio === null ? 'undefined' : num(d.maxMinRatio, 3), d.maxDifference === null ? 'n/a' : num(d.maxDifference * 100, 3) + ' points', d.garbe === null ? 'n/a' : num(d.garbe, 3), d.note || ''], true));
    });
    document.querySelectorAll('#map-head th[data-i], #map-body td[data-i]').forEach(function (c) { c.classList.toggle('current', Number(c.getAttribute('data-i')) === i); });
    if (state.view) state.view.signal('selected', r.t).runAsync();
  }

  // The map of verdicts across thresholds: one row per grouping and error type, one column per threshold.
  function drawMap(alg) {
    var head = $('map-head'), body = $('map-body');
    head.textContent = '';
    body.textContent = '';
    var hr = document.createElement('tr');
    var corner = document.createElement('th');
    corner.setAttribute('scope', 'col');
    corner.textContent = 'Threshold';
    hr.appendChild(corner);
    alg.rows.forEach(function (r, i) {
      var th = document.createElement('th');
      th.setAttribute('scope', 'col');
      th.setAttribute('data-i', String(i));
      th.textContent = r.t.toFixed(2);
      hr.appendChild(th);
    });
    head.appendChild(hr);
    var subjects = [];
    alg.rows.forEach(function (r) { r.verdict.lines.forEach(function (l) { if (subjects.indexOf(l.subject) < 0) subjects.push(l.subject); }); });
    subjects.forEach(function (s) {
      var tr = document.createElement('tr');
      var th = document.createElement('th');
      th.setAttribute('scope', 'row');
      th.textContent = s;
      tr.appendChild(th);
      alg.rows.forEach(function (r, i) {
        var td = document.createElement('td');
        td.setAttribute('data-i', String(i));
        var l = r.verdict.lines.filter(function (x) { return x.subject === s; })[0];
        if (l) {
          td.className = 'v ' + l.verdict;
          td.textContent = SYMBOL[l.verdict];
          td.title = r.t.toFixed(2) + ': ' + WORDS[l.verdict];
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
  }

  // The lowest threshold meeting the policy, marked under the slider and offered as a button.
  function drawLowest(alg) {
    var mark = $('lowest-mark');
    var n = alg.rows.length;
    if (alg.lowestMeeting < 0) {
      mark.hidden = true;
      text('lowest', 'No threshold on the slider meets the policy.');
      return;
    }
    mark.hidden = false;
    var at = n > 1 ? 100 * alg.lowestMeeting / (n - 1) : 0;
    mark.style.left = at + '%';
    // past the middle, the words run leftwards from the mark so that they stay inside the box
    mark.style.transform = at > 50 ? 'translateX(calc(-100% + .45rem))' : '';
    mark.textContent = at > 50 ? 'lowest meeting the policy \u25B2' : '\u25B2 lowest meeting the policy';
    var p = $('lowest');
    p.textContent = 'Lowest threshold meeting the policy: ';
    var b = document.createElement('button');
    b.type = 'button';
    b.id = 'go-lowest';
    b.textContent = alg.rows[alg.lowestMeeting].t.toFixed(2);
    b.addEventListener('click', function () { slider.value = String(alg.lowestMeeting); update(); });
    p.appendChild(b);
  }

  function chartPoints(alg) {
    var hourly = Number(perHour.value) > 0 ? Number(perHour.value) : data.passersByPerHour;
    var pts = [];
    alg.rows.forEach(function (r) {
      if (r.tpir && r.tpir.e !== null) pts.push({ threshold: r.t, value: r.tpir.e * 100, metric: 'Recognised (%)' });
      var fp = r.falseAlerts;
      if (fp) pts.push({ threshold: r.t, value: data.words.perHour ? fp.e * hourly : fp.e * 100, metric: data.words.chartFalse });
    });
    return pts;
  }

  function drawChart() {
    var alg = data.algorithms[state.alg];
    var spec = JSON.parse(document.getElementById('explorer-spec').textContent);
    spec.data = { values: chartPoints(alg) };
    spec.params[0].value = alg.rows[Number(slider.value)].t;
    // Drawn at the width it is shown (room left for the axis labels and title), so that its text is never scaled down.
    var width = Math.max(160, $('chart').clientWidth - 80);
    spec.vconcat.forEach(function (panel) { panel.width = width; });
    if (state.view) { state.view.finalize(); state.view = null; }
    if (typeof window.vegaEmbed !== 'function') return;
    window.vegaEmbed('#chart', spec, { actions: false, renderer: 'svg' }).then(function (res) {
      state.view = res.view;
      var svg = document.querySelector('#chart svg');
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', 'Recognition rate and ' + data.words.chartFalse.toLowerCase() + ' across thresholds for ' + alg.label + '; the red line marks the selected threshold. The numbers at the selected threshold are given above and in the tables.');
    }).catch(function (err) { console.warn('chart not drawn: ' + err); });
  }

  function setAlgorithm(i) {
    state.alg = i;
    var rows = data.algorithms[i].rows;
    slider.max = String(rows.length - 1);
    drawMap(data.algorithms[i]);
    drawLowest(data.algorithms[i]);
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
