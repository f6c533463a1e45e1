/* qsynth journey map: filters that recompute every number, ranking and chart, and the quote panel.
   The formulas mirror pipeline/stages/synthesize.py, the markup mirrors _macros.html.j2 and the
   charts mirror _charts.py: with no filter this script redraws exactly what the file shows
   (tests/test_browser.py checks it). Customer text only ever enters the page as textContent. */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('qs-data').textContent);
  var R = D.rows, N = R.st.length, S = D.stages.length;
  var CONTROL = {owned: 'owned', partly: 'partly controlled', uncontrolled: 'uncontrolled'};
  var KIND_LABELS = {pain_point: 'pain points', question: 'questions', request: 'requests', praise: 'praise'};
  var SVGNS = 'http://www.w3.org/2000/svg';
  var NDASH = '\u2013', MINUS = '\u2212';
  var FILTER = {}, KEEP = null;

  // ---- number formatting, as pipeline/report/_model.py ----
  function bad(x) { return x === null || x === undefined || (typeof x === 'number' && isNaN(x)); }
  function halfUp(x, d) {   // half away from zero
    var p = Math.pow(10, d), v = Math.floor(Math.abs(x) * p + 0.5 + 1e-9) / p;
    return x >= 0 ? v : -v;
  }
  function num(x, d) { d = d || 0; return bad(x) ? NDASH : (halfUp(x, d) + 0).toFixed(d); }
  function signed(x, d) {
    d = d || 0;
    if (bad(x)) return NDASH;
    var v = halfUp(x, d), b = Math.abs(v).toFixed(d);
    return v > 0 ? '+' + b : v < 0 ? MINUS + b : b;
  }
  function pct(x) { return bad(x) ? NDASH : num(x * 100) + '%'; }
  function tone(x) { return bad(x) ? 'neu' : x >= 5 ? 'pos' : x <= -5 ? 'neg' : 'neu'; }
  function heat(x) { return bad(x) ? 'h0' : x <= -20 ? 'hn2' : x <= -5 ? 'hn1' : x >= 20 ? 'hp2' : x >= 5 ? 'hp1' : 'h0'; }
  function clip(text, n) {
    var cps = Array.from(String(text));
    if (cps.length <= n) return String(text);
    var head = cps.slice(0, n).join('');
    var cut = head.indexOf(' ') >= 0 ? head.slice(0, head.lastIndexOf(' ')) : head;
    return cut.replace(/\s+$/u, '') + '\u2026';
  }
  function byCount(obj, names) {   // [[name, n]] most frequent first, ties by name (synthesize._counts)
    return Object.keys(obj).map(function (k) { return [names ? names[k] : k, obj[k]]; })
      .sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0); });
  }
  function inc(o, k) { o[k] = (o[k] || 0) + 1; }

  // ---- tiny DOM builder: strings become text nodes, never markup ----
  function h(tag, attrs) {
    var el = document.createElement(tag);
    return fill(el, attrs, Array.prototype.slice.call(arguments, 2));
  }
  function s(tag, attrs) {
    var el = document.createElementNS(SVGNS, tag);
    return fill(el, attrs, Array.prototype.slice.call(arguments, 2));
  }
  function fill(el, attrs, kids) {
    for (var a in attrs || {}) if (attrs[a] !== null && attrs[a] !== undefined && attrs[a] !== false) el.setAttribute(a, attrs[a]);
    (function add(list) {
      list.forEach(function (c) {
        if (c === null || c === undefined || c === false) return;
        if (Array.isArray(c)) add(c); else el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
      });
    })(kids);
    return el;
  }
  function btn(q, title, text, cls) { return h('button', {type: 'button', 'class': cls || 'n', 'data-q': q, 'data-title': title}, text); }

  // ---- aggregation, as pipeline/stages/synthesize.py ----
  function compute(f) {
    var keys = Object.keys(f), keep = new Uint8Array(N), docs = new Set(), nseg = 0, i, j, a;
    for (i = 0; i < N; i++) {
      var ok = true;
      for (j = 0; j < keys.length; j++) if (R[keys[j]][i] !== f[keys[j]]) { ok = false; break; }
      if (ok) { keep[i] = 1; nseg++; docs.add(R.doc[i]); }
    }
    var total = docs.size, st = [], th = {}, at = {}, cells = {}, id;
    for (j = 0; j < S; j++) st.push({n: 0, docs: new Set(), src: {}, ch: {}, chDocs: {}, q: [], nv: 0, pc: 0, nc: 0, em: {}, tp: {}, drop: 0, kinds: {}, need: 0});
    for (id in D.themes) th[id] = {n: 0, dup: 0, docs: new Set(), neg: 0};
    for (i = 0; i < N; i++) {
      if (!keep[i]) continue;
      var sx = R.st[i];
      if (sx >= 0) {
        a = st[sx]; a.n++; a.docs.add(R.doc[i]);
        inc(a.src, R.src[i]);
        inc(a.ch, R.ch[i]);
        (a.chDocs[R.ch[i]] = a.chDocs[R.ch[i]] || new Set()).add(R.doc[i]);
        if (R.ss[i] !== null) a.q.push(R.ss[i]);
        if (R.sc[i] !== null) { a.nv++; if (R.sc[i] > 0) a.pc++; else if (R.sc[i] < 0) a.nc++; }
        R.em[i].forEach(function (e) { inc(a.em, e); });
        R.tp[i].forEach(function (t) {
          inc(a.tp, t);
          if (R.pub[i] !== t) (cells[sx + '|' + t] = cells[sx + '|' + t] || []).push(i);   // not where it was written
        });
        if (R.drop[i]) a.drop++;
        if (R.nd[i]) a.need++;
        inc(a.kinds, R.k[i]);
      }
      var t = R.th[i];
      if (t >= 0 && th[t]) {
        var b = th[t];
        if (R.dup[i]) b.dup++;
        else {
          b.n++; b.docs.add(R.doc[i]); if (R.sc[i] === -1) b.neg++;
          if (sx >= 0) {   // its members at the stage: what a stage's cell counts (_model.stage_members)
            var c = at[t + '@' + sx] = at[t + '@' + sx] || {n: 0, docs: new Set()};
            c.n++; c.docs.add(R.doc[i]);
          }
        }
      }
    }
    var themes = {};
    for (id in th) {
      var x = th[id], n = x.n, neg = n ? x.neg / n : 0, reach = x.docs.size / Math.max(total, 1);
      themes[id] = {n: n, docs: x.docs.size, pri: n * Math.max(neg, 0.1) * reach * 100};
    }
    for (id in at) at[id] = {n: at[id].n, docs: at[id].docs.size};
    var corpusSrc = {};  // source types among the shown segments: one source type is a gap only when there are more
    st.forEach(function (a) { for (var k in a.src) corpusSrc[k] = 1; });
    var nSrc = Object.keys(corpusSrc).length;
    var stages = st.map(function (a, sx) {
      var nv = a.nv, sum = 0;
      a.q.forEach(function (v) { sum += v; });
      var pos = nv ? a.pc / nv : null, neg = nv ? a.nc / nv : null, src = byCount(a.src, D.dict.src), gaps = [];
      if (a.docs.size < D.thin) gaps.push('only ' + a.docs.size + ' customer document(s)');
      if (src.length === 1 && a.docs.size && nSrc > 1) gaps.push('one source type only (' + src[0][0] + ')');
      if (nv >= 5 && (pos > 0.9 || neg > 0.9)) gaps.push('one-sided sentiment');
      var emos = byCount(a.em, D.dict.emo).slice(0, 3).map(function (e) { return {name: e[0], share: e[1] / Math.max(a.n, 1)}; });
      var tps = byCount(a.tp, D.dict.tp);
      var chDocs = {};
      for (var k in a.chDocs) chDocs[D.dict.ch[k]] = a.chDocs[k].size;
      return {index: sx, name: D.stages[sx].name, n: a.n, docs: a.docs.size, sources: src, bySource: byCount(a.ch, D.dict.ch), chDocs: chDocs,
              mean: a.q.length ? sum / a.q.length / 10000 : null, pos: pos, neg: neg, net: nv ? (pos - neg) * 100 : null,
              emotions: emos, tps: tps, drop: a.drop, gaps: gaps, kinds: a.kinds, needs: a.need,
              // the first kept need statements, in the synthesize stage's order
              needQuotes: (D.needs[sx] || []).filter(function (p) { return keep[p[0]]; }).slice(0, D.needQuotes)};
    });
    var moments = [];
    for (var key in cells) {
      var idx = cells[key];
      if (idx.length < D.momentMin) continue;
      var parts = key.split('|'), sx2 = +parts[0], tp = D.dict.tp[+parts[1]];
      var valid = idx.filter(function (i) { return R.ss[i] !== null; }), sm = 0, sa = 0, dr = 0;
      valid.forEach(function (i) { sm += R.ss[i]; sa += Math.abs(R.ss[i]); });
      idx.forEach(function (i) { dr += R.drop[i]; });
      var inten = valid.length ? sa / valid.length / 10000 : 0;
      moments.push({stage: D.stages[sx2].id, si: sx2, tp: tp, tpi: +parts[1], n: idx.length,
                    mean: valid.length ? sm / valid.length / 10000 : 0, intensity: inten, drops: dr,
                    score: idx.length * inten * (1 + dr)});
    }
    moments.sort(function (p, q) {
      return q.score - p.score || (p.stage < q.stage ? -1 : p.stage > q.stage ? 1 : 0) || (p.tp < q.tp ? -1 : p.tp > q.tp ? 1 : 0);
    });
    var pseg = [];
    if (D.perSegment) {
      var fk = D.perSegment;
      D.dict[fk].forEach(function (val, code) {
        var ds = new Set(), cellsS = [], any = 0, sx3;
        for (sx3 = 0; sx3 < S; sx3++) cellsS.push({n: 0, docs: new Set(), nv: 0, pc: 0, nc: 0, top: D.psegKinds.map(function () { return {}; })});
        for (var i2 = 0; i2 < N; i2++) {
          if (!keep[i2] || R[fk][i2] !== code) continue;
          any++; ds.add(R.doc[i2]);
          if (R.st[i2] < 0) continue;
          var c = cellsS[R.st[i2]];
          c.n++; c.docs.add(R.doc[i2]);
          if (R.sc[i2] !== null) { c.nv++; if (R.sc[i2] > 0) c.pc++; else if (R.sc[i2] < 0) c.nc++; }
          if (R.dup[i2] || R.th[i2] < 0 || !D.themes[R.th[i2]]) continue;   // a theme's size leaves duplicates out
          D.psegKinds.forEach(function (pk, ki) { if (R.k[i2] === pk[0]) inc(c.top[ki], R.th[i2]); });
        }
        if (!any) return;
        pseg.push({segment: val, code: code, docs: ds.size, cells: cellsS.map(function (c) {
          return {n: c.n, docs: c.docs.size, thin: c.docs.size > 0 && c.docs.size < D.thin, net: c.nv ? (c.pc - c.nc) / c.nv * 100 : null,
                  top: c.top.map(function (counts) {   // most segments, ties to the lower theme id
                    var top = null;
                    Object.keys(counts).forEach(function (t) {
                      var tn = +t;
                      if (!top || counts[t] > top[1] || (counts[t] === top[1] && tn < top[0])) top = [tn, counts[t]];
                    });
                    return top ? {label: D.themes[top[0]].label, n: top[1]} : null;
                  })};
        })});
      });
    }
    // what the summary and "Not in the map" count: customer segments by source and language, those left out,
    // and the non-customer turns of the filtered documents (counted per filter value in D.others)
    var mix = {src: {}, lang: {}}, left = {unmapped: 0, unassigned: 0, dup: 0}, roles = {}, others = 0;
    for (i = 0; i < N; i++) {
      if (!keep[i]) continue;
      inc(mix.src, D.dict.ch[R.ch[i]]); inc(mix.lang, D.dict.lang[R.lang[i]]);
      if (R.st[i] < 0) left.unmapped++;
      if (R.th[i] < 0) left.unassigned++;
      if (R.dup[i]) left.dup++;
    }
    D.others.rows.forEach(function (r) {
      for (var k = 0; k < D.others.keys.length - 1; k++) if (D.others.keys[k] in f && r[k] !== f[D.others.keys[k]]) return;
      var n = r[r.length - 1], role = D.dict.role[r[r.length - 2]];
      others += n;
      if (role !== undefined) roles[role] = (roles[role] || 0) + n;
    });
    return {keep: keep, nseg: nseg, docs: total, themes: themes, at: at, stages: stages, moments: moments.slice(0, D.momentTop), pseg: pseg,
            mix: mix, left: left, others: others, roles: roles};
  }

  // ---- builders, as _macros.html.j2 / _charts.py ----
  function headCell(st) {
    // a span, not a button: Chromium drops button text from table headers repeated on printed pages
    return [h('span', null, String(st.docs)), ' docs · ', h('span', {'class': 'n', role: 'button', tabindex: '0', 'data-q': 's=' + st.index,
      'data-title': st.name + ' · all customer segments'}, String(st.n)), ' seg'];
  }
  function emoCell(st) {
    if (st.net === null) return [h('span', {'class': 'none'}, 'no evidence')];
    var out = [h('div', {'class': 'net'}, h('span', {'class': 'big ' + tone(st.net)}, signed(st.net)), ' ', h('span', {'class': 'u'}, 'net sentiment')),
      h('div', {'class': 'sub'}, h('span', {'class': 'nw'}, btn('s=' + st.index + '&pos=1', st.name + ' · positive', pct(st.pos)), ' positive'),
        h('span', {'class': 'nw'}, btn('s=' + st.index + '&neg=1', st.name + ' · negative', pct(st.neg)), ' negative'))];
    if (st.emotions.length) {
      out.push(h('ul', {'class': 'chips'}, st.emotions.map(function (e) {
        return h('li', null, btn('s=' + st.index + '&em=' + D.dict.emo.indexOf(e.name), st.name + ' · ' + e.name, e.name + ' ' + pct(e.share), 'n chip ' + (D.valence[e.name] || '')));
      })));
    } else out.push(h('div', {'class': 'sub'}, 'no emotion above neutral'));
    if (st.drop) out.push(h('div', {'class': 'sub'}, btn('s=' + st.index + '&drop=1', st.name + ' · drop-off signals', String(st.drop)), ' drop-off signal(s)'));
    return out;
  }
  function needCell(st) {
    if (!st.needs) return [h('div', {'class': 'sub'}, 'no need stated in customers\u2019 words')];
    return [h('div', {'class': 'minor'}, 'in their words · ', btn('s=' + st.index + '&nd=1', st.name + ' · needs in customers\u2019 words', String(st.needs)), ' statement(s)'),
      h('ul', {'class': 'nq'}, st.needQuotes.map(function (p) {
        return h('li', null, h('bdi', {dir: 'auto'}, '\u201c' + p[1] + '\u201d'), ' ', h('span', {'class': 'ref'}, R.ref[p[0]]));
      }))];
  }
  function tpInfo(tp) { var i = D.tpInfo[tp] || [tp, 'owned']; return {label: i[0], key: i[1], control: CONTROL[i[1]] || 'owned'}; }
  function tpCell(st) {
    if (!st.tps.length) return [h('span', {'class': 'none'}, 'none mentioned')];
    var out = [h('ul', {'class': 'tps'}, st.tps.slice(0, 6).map(function (t) {
      var info = tpInfo(t[0]);
      return h('li', null, h('span', {'class': 'dot c-' + info.key, title: info.control}), h('span', {'class': 'tl'}, info.label), ' ',
        btn('s=' + st.index + '&tp=' + D.dict.tp.indexOf(t[0]), st.name + ' · ' + info.label, String(t[1])));
    }))];
    if (st.tps.length > 6) out.push(h('div', {'class': 'sub'}, '+' + (st.tps.length - 6) + ' more'));
    return out;
  }
  function motCell(st, moments) {
    var mine = moments.filter(function (m) { return m.si === st.index; }).slice(0, 3);
    if (!mine.length) return [h('span', {'class': 'none'}, 'no strong moment')];
    return [h('ul', {'class': 'mots'}, mine.map(function (m) {
      var info = tpInfo(m.tp);
      return h('li', null, h('span', {'class': 'dot c-' + info.key}), h('b', null, info.label), ' · ',
        btn('s=' + st.index + '&tp=' + m.tpi, st.name + ' · ' + info.label, String(m.n)), ' seg',
        h('span', {'class': 'sub'}, ' · mean ', h('span', {'class': tone(m.mean * 100)}, signed(m.mean, 2)),
          m.drops ? ' · ' + m.drops + ' drop-off(s)' : null));
    }))];
  }
  function evCell(st) {
    var lis = st.sources.map(function (p) {
      return h('li', null, h('span', {'class': 'tl'}, p[0]), ' ', btn('s=' + st.index + '&src=' + D.dict.src.indexOf(p[0]), st.name + ' · ' + p[0], String(p[1])));
    });
    if (!lis.length) lis.push(h('li', {'class': 'none'}, 'no customer evidence'));
    return [h('ul', {'class': 'srcs'}, lis)].concat(st.gaps.map(function (g) { return h('div', {'class': 'gap'}, '\u26a0 thin: ' + g); }));
  }
  function motRows(moments) {
    if (!moments.length) return [h('tr', null, h('td', {colspan: 8, 'class': 'none'}, 'No stage × touchpoint cell has ' + D.momentMin + ' or more customer segments.'))];
    return moments.map(function (m, k) {
      var info = tpInfo(m.tp), name = D.stages[m.si].name;
      return h('tr', null, h('td', {'class': 'r'}, String(k + 1)), h('td', null, name),
        h('td', null, h('span', {'class': 'dot c-' + info.key}), info.label, ' ', h('span', {'class': 'sub'}, '(' + info.control + ')')),
        h('td', {'class': 'r'}, btn('s=' + m.si + '&tp=' + m.tpi, name + ' · ' + info.label, String(m.n))),
        h('td', {'class': 'r ' + tone(m.mean * 100)}, signed(m.mean, 2)), h('td', {'class': 'r'}, num(m.intensity, 2)),
        h('td', {'class': 'r'}, String(m.drops)), h('td', {'class': 'r'}, num(m.score, 1)));
    });
  }
  function psegRows(rows) {
    if (!rows.length) return [h('tr', null, h('td', {colspan: S + 1, 'class': 'none'}, 'No segment values.'))];
    return rows.map(function (p) {
      return h('tr', null, h('th', null, p.segment + ' ', h('span', {'class': 'sub'}, '· ' + p.docs + ' docs')), p.cells.map(function (c, sx) {
        if (!c.n) return h('td', {'class': 'heat h0'}, h('span', {'class': 'none'}, NDASH));
        return h('td', {'class': 'heat ' + heat(c.net)}, btn(D.perSegment + '=' + p.code + '&s=' + sx, p.segment + ' · ' + D.stages[sx].name, String(c.n)),
          ' seg · ', h('span', {'class': tone(c.net)}, signed(c.net)),
          c.thin ? h('div', {'class': 'gap'}, '\u26a0 thin: ' + c.docs + ' doc(s)') : null,
          c.top.map(function (t, ki) { return t ? h('div', {'class': 'sub', dir: 'auto'}, D.psegKinds[ki][1] + ': ' + clip(t.label, 70) + ' (' + t.n + ')') : null; }));
      }));
    });
  }
  function matrixRows(stages) {
    return stages.map(function (st) {
      var counts = {};
      st.bySource.forEach(function (p) { counts[p[0]] = p[1]; });
      return h('tr', null, h('th', null, st.name), D.dict.ch.map(function (src, k) {
        var n = counts[src] || 0;
        return h('td', {'class': 'r'}, n ? [btn('s=' + st.index + '&ch=' + k, st.name + ' · ' + src, String(n)), ' ', h('span', {'class': 'sub'}, '(' + (st.chDocs[src] || 0) + ')')]
          : h('span', {'class': 'none'}, '0'));
      }), h('td', {'class': 'r'}, h('b', null, String(st.n)), ' ', h('span', {'class': 'sub'}, '(' + st.docs + ')')),
      h('td', null, st.gaps.length ? st.gaps.map(function (g) { return h('div', {'class': 'gap'}, '\u26a0 ' + g); }) : h('span', {'class': 'sub'}, 'ok')));
    });
  }
  function byName(obj) { return Object.keys(obj).sort().map(function (k) { return k + ' ' + obj[k]; }).join(', '); }
  function ledeMix(A) { return [byName(A.mix.src) + '; languages ' + byName(A.mix.lang)]; }
  function notInMap(A) {
    var roles = byName(A.roles);
    return [h('li', null, A.left.unmapped + ' customer segments not mapped to any stage (too unlike every stage)'),
      h('li', null, A.left.unassigned + ' customer segments in no theme (one-offs; still counted in stage totals)'),
      h('li', null, A.left.dup + ' duplicate customer segments (the same text posted again) counted once in theme sizes (run.json counts duplicates among every role: a bot greeting repeated in each chat too)'),
      h('li', null, A.others + ' non-customer turns excluded' + (roles ? ': ' + roles : ''))];
  }
  function lows(stages) {
    var known = stages.filter(function (st) { return st.net !== null; });
    if (!known.length) return [h('span', {'class': 'none'}, 'no evidence')];
    var lo = known[0], hi = known[0];
    known.forEach(function (st) { if (st.net < lo.net) lo = st; if (st.net > hi.net) hi = st; });
    return [h('div', null, 'Lowest: ', h('b', null, lo.name), ' ', h('span', {'class': tone(lo.net)}, signed(lo.net)), ' · ' + pct(lo.neg) + ' negative'),
            h('div', null, 'Highest: ', h('b', null, hi.name), ' ', h('span', {'class': tone(hi.net)}, signed(hi.net)), ' · ' + pct(hi.pos) + ' positive')];
  }
  function glanceMot(moments) {
    if (!moments.length) return [h('span', {'class': 'none'}, 'no stage × touchpoint cell has enough evidence')];
    return [h('ol', {'class': 'gm'}, moments.slice(0, 3).map(function (m) {
      var info = tpInfo(m.tp), name = D.stages[m.si].name;
      return h('li', null, h('b', null, name), ' × ' + info.label + ' · ', btn('s=' + m.si + '&tp=' + m.tpi, name + ' · ' + info.label, String(m.n)),
        ' seg · mean ', h('span', {'class': tone(m.mean * 100)}, signed(m.mean, 2)));
    }))];
  }
  function thin(stages) {
    var t = stages.filter(function (st) { return st.gaps.length; });
    if (!t.length) return [h('span', {'class': 'sub'}, 'every stage has at least ' + D.thin + ' documents from more than one source')];
    return t.map(function (st) { return h('div', {'class': 'gap'}, '\u26a0 ' + st.name + ': ' + st.gaps.join('; ')); });
  }
  function xp(i) { return ((i + 0.5) * 100 / Math.max(S, 1)).toFixed(3) + '%'; }
  function curveSvg(stages) {
    var H = 150, PAD = 16, h2 = H - 2 * PAD, vals = [];
    stages.forEach(function (st) { if (st.net !== null) vals.push(Math.abs(st.net), st.pos * 100, st.neg * 100); });
    var m = Math.min(100, Math.ceil(Math.max.apply(null, vals.concat([1])) / 25) * 25);
    function y(v) { return (PAD + (1 - (v + m) / (2 * m)) * h2).toFixed(1); }
    var kids = [s('line', {x1: 0, x2: '100%', y1: y(0), y2: y(0), 'class': 'axis0'}),
      s('text', {x: 3, y: (+y(m) + 4).toFixed(1), 'class': 'tick'}, '+' + m),
      s('text', {x: 3, y: (+y(0) - 3).toFixed(1), 'class': 'tick'}, '0'),
      s('text', {x: 3, y: (+y(-m) - 2).toFixed(1), 'class': 'tick'}, MINUS + m)];
    stages.forEach(function (st, i) {
      if (st.net === null) return;
      kids.push(s('line', {x1: xp(i), x2: xp(i), y1: y(0), y2: y(st.pos * 100), 'class': 'bpos'}));
      kids.push(s('line', {x1: xp(i), x2: xp(i), y1: y(0), y2: y(-st.neg * 100), 'class': 'bneg'}));
    });
    var last = null;
    stages.forEach(function (st, i) {
      if (st.net === null) return;
      if (last !== null) kids.push(s('line', {x1: xp(last), x2: xp(i), y1: y(stages[last].net), y2: y(st.net), 'class': 'line'}));
      last = i;
    });
    stages.forEach(function (st, i) {
      if (st.net === null) { kids.push(s('text', {x: xp(i), y: (+y(0) - 6).toFixed(1), 'class': 'val', 'text-anchor': 'middle'}, 'no data')); return; }
      var v = st.net, cls = v >= 5 ? 'pos' : v <= -5 ? 'neg' : 'neu';
      kids.push(s('circle', {cx: xp(i), cy: y(v), r: 5, 'class': cls}, s('title', null, st.name + ': net sentiment ' + signed(v))));
      kids.push(s('text', {x: xp(i), y: (+y(v) + (v < 0 ? 16 : -8)).toFixed(1), 'class': 'val ' + cls, 'text-anchor': 'middle'}, signed(v)));
    });
    return s('svg', {'class': 'curve', role: 'img', 'aria-label': 'Emotion curve: net sentiment per stage', width: '100%', height: H}, kids);
  }
  function volumeSvg(stages) {
    var H = 200, TOP = 30, BOTTOM = 26, hh = H - TOP - BOTTOM, kinds = D.volKinds, top = 1;
    var series = kinds.map(function (k) { var ki = D.dict.kind.indexOf(k); return stages.map(function (st) { return st.kinds[ki] || 0; }); });
    series.forEach(function (v) { v.forEach(function (x) { top = Math.max(top, x); }); });
    var bw = 80 / Math.max(kinds.length, 1), kids = [];
    kinds.forEach(function (k, ki) {
      kids.push(s('rect', {x: ki * 120 + 2, y: 6, width: 10, height: 10, 'class': 'k' + ki}));
      kids.push(s('text', {x: ki * 120 + 16, y: 15, 'class': 'lab'}, KIND_LABELS[k] || k));
    });
    kids.push(s('line', {x1: 0, x2: '100%', y1: TOP + hh, y2: TOP + hh, 'class': 'axis'}));
    stages.forEach(function (st, i) {
      var g = s('svg', {x: (i * 100 / S).toFixed(3) + '%', y: 0, width: (100 / S).toFixed(3) + '%', height: H, viewBox: '0 0 100 ' + H, preserveAspectRatio: 'none'});
      kinds.forEach(function (k, ki) {
        var v = series[ki][i], bh = hh * v / top;
        g.appendChild(s('rect', {x: (10 + ki * bw).toFixed(2), y: (TOP + hh - bh).toFixed(1), width: (bw - 2).toFixed(2), height: bh.toFixed(1), 'class': 'k' + ki},
          s('title', null, st.name + ' · ' + (KIND_LABELS[k] || k) + ': ' + v)));
      });
      kids.push(g);
      kinds.forEach(function (k, ki) {
        var v = series[ki][i];
        if (v) kids.push(s('text', {x: ((i + (10 + ki * bw + (bw - 2) / 2) / 100) * 100 / S).toFixed(3) + '%', y: (TOP + hh - hh * v / top - 3).toFixed(1), 'class': 'num', 'text-anchor': 'middle'}, String(v)));
      });
      kids.push(s('text', {x: xp(i), y: H - 8, 'class': 'lab', 'text-anchor': 'middle'}, st.name));
    });
    return s('svg', {'class': 'volume', role: 'img', 'aria-label': 'Theme volume by stage', width: '100%', height: H}, kids);
  }

  // ---- render ----
  function setDyn(name, nodes) {
    var el = document.querySelector('[data-dyn="' + name + '"]');
    if (!el) return;
    el.textContent = '';
    [].concat(nodes).forEach(function (n) { el.appendChild(typeof n === 'string' ? document.createTextNode(n) : n); });
  }
  // a theme's numbers: the whole theme ('5'), or its members at a stage ('5@2', a stage's cell), none there under a filter
  function themeAt(A, ref) {
    var p = ref.split('@'), t = A.themes[p[0]], c = A.at[ref];
    if (!t || p.length === 1) return t;
    // its priority counted on its members at the stage (_model.stage_priority)
    return {n: c ? c.n : 0, docs: c ? c.docs : 0, pri: c && t.n && t.docs ? t.pri * c.n / t.n * c.docs / t.docs : 0};
  }
  function sortBox(box, A) {
    var mode = box.getAttribute('data-sort'), limit = +box.getAttribute('data-limit'), name = box.getAttribute('data-box');
    var at = box.hasAttribute('data-stage') ? '@' + box.getAttribute('data-stage') : '';
    var items = Array.prototype.filter.call(box.children, function (li) { return li.hasAttribute('data-t'); });
    items.sort(function (p, q) {
      var a = themeAt(A, p.getAttribute('data-t') + at) || {n: 0, pri: 0}, b = themeAt(A, q.getAttribute('data-t') + at) || {n: 0, pri: 0};
      var d = mode === 'pri' ? (b.pri - a.pri || b.n - a.n) : b.n - a.n;
      return d || (+p.getAttribute('data-t')) - (+q.getAttribute('data-t'));
    });
    var shown = 0;
    items.forEach(function (li) {
      box.appendChild(li);
      var t = themeAt(A, li.getAttribute('data-t') + at), vis = !!(t && t.n);
      li.hidden = !vis;
      if (vis) shown++;
      li.classList.toggle('over', vis && shown > limit);
    });
    var more = document.querySelector('[data-more="' + name + '"]'), empty = document.querySelector('[data-empty="' + name + '"]');
    if (more) {
      more.hidden = shown <= limit;
      more.textContent = box.classList.contains('open') ? 'show fewer' : '+' + (shown - limit) + ' more';
    }
    if (empty) empty.hidden = shown > 0;
  }
  function render(A) {
    KEEP = A.keep;
    var vals = {'tot.docs': String(A.docs), 'tot.seg': String(A.nseg), 'tot.other': String(A.others)}, maxPri = 0, id;
    for (id in A.themes) if (D.themes[id].kind === 'pain_point') maxPri = Math.max(maxPri, A.themes[id].pri);
    maxPri = maxPri || 1;
    document.querySelectorAll('[data-k]').forEach(function (el) {
      var k = el.getAttribute('data-k'), m = /^t([\d@]+)\.(n|docs|pri)$/.exec(k), t = m && themeAt(A, m[1]);
      var v = m ? (t && (m[2] === 'pri' ? num(t.pri, 1) : String(t[m[2]]))) : vals[k];
      if (v !== undefined) el.textContent = v;
    });
    document.querySelectorAll('[data-w]').forEach(function (el) {
      var t = themeAt(A, el.getAttribute('data-w').split('.')[0].slice(1));
      if (t) el.style.width = num(100 * t.pri / maxPri, 1) + '%';
    });
    A.stages.forEach(function (st) {
      setDyn('head:' + st.index, headCell(st));
      setDyn('emo:' + st.index, emoCell(st));
      setDyn('tp:' + st.index, tpCell(st));
      setDyn('need:' + st.index, needCell(st));
      setDyn('mot:' + st.index, motCell(st, A.moments));
      setDyn('ev:' + st.index, evCell(st));
      var ev = document.querySelector('[data-dyn="ev:' + st.index + '"]');
      if (ev) ev.classList.toggle('thin', st.gaps.length > 0);
    });
    setDyn('curve', curveSvg(A.stages));
    setDyn('vol', volumeSvg(A.stages));
    setDyn('mot', motRows(A.moments));
    setDyn('pseg', psegRows(A.pseg));
    setDyn('matrix', matrixRows(A.stages));
    setDyn('lows', lows(A.stages));
    setDyn('thin', thin(A.stages));
    setDyn('mix', ledeMix(A));
    setDyn('notmap', notInMap(A));
    setDyn('glance-mot', glanceMot(A.moments));
    document.querySelectorAll('ol[data-box]').forEach(function (box) { sortBox(box, A); });
    document.querySelectorAll('li.q[data-i]').forEach(function (li) {
      var i = +li.getAttribute('data-i');
      li.hidden = i >= 0 && !A.keep[i];
    });
  }

  // ---- filters ----
  var selects = document.querySelectorAll('select[data-key]');
  function describe() {
    var parts = [];
    selects.forEach(function (sel) {
      if (sel.value !== '') parts.push(sel.parentNode.firstChild.textContent.trim() + ' = ' + sel.options[sel.selectedIndex].text);
    });
    return parts.join(', ');
  }
  function apply() {
    FILTER = {};
    selects.forEach(function (sel) { if (sel.value !== '') FILTER[sel.getAttribute('data-key')] = +sel.value; });
    var A = compute(FILTER);
    render(A);
    var d = describe();
    document.getElementById('fnote').textContent = d ? 'Filtered (' + d + '): ' + A.nseg + ' of ' + N + ' customer segments' : '';
    return A;
  }
  selects.forEach(function (sel) { sel.addEventListener('change', apply); });
  document.getElementById('reset').addEventListener('click', function () {
    selects.forEach(function (sel) { sel.value = ''; });
    apply();
  });

  // ---- the quote panel ----
  var drawer = document.getElementById('drawer');
  function parseQ(q) {
    var p = {};
    q.split('&').forEach(function (kv) { var i = kv.indexOf('='); if (i > 0) p[kv.slice(0, i)] = +kv.slice(i + 1); });
    return p;
  }
  function matches(i, p) {
    for (var k in p) {
      var v = p[k];
      if (k === 's') { if (R.st[i] !== v) return false; }
      else if (k === 't') { if (R.th[i] !== v) return false; }
      else if (k === 'tp') { if (R.tp[i].indexOf(v) < 0) return false; }
      else if (k === 'em') { if (R.em[i].indexOf(v) < 0) return false; }
      else if (k === 'neg') { if (R.sc[i] !== -1) return false; }
      else if (k === 'pos') { if (R.sc[i] !== 1) return false; }
      else if (k === 'drop') { if (!R.drop[i]) return false; }
      else if (R[k] && R[k][i] !== v) return false;
    }
    return true;
  }
  function openDrawer(q, title) {
    var p = parseQ(q), list = [], LIMIT = 300, i;
    for (i = 0; i < N; i++) if ((!KEEP || KEEP[i]) && matches(i, p)) list.push(i);
    if (p.neg) list.sort(function (a, b) { return R.ss[a] - R.ss[b] || a - b; });
    if (p.pos) list.sort(function (a, b) { return R.ss[b] - R.ss[a] || a - b; });
    document.getElementById('dr-title').textContent = title || 'Quotes';
    var d = describe();
    document.getElementById('dr-sub').textContent = list.length + ' customer segment(s)' + (d ? ' · filtered: ' + d : '') +
      (D.textsSampled ? ' · texts shown for a sample (see segments.csv)' : '');
    var ul = document.getElementById('dr-list');
    ul.textContent = '';
    list.slice(0, LIMIT).forEach(function (i) {
      var cls = R.sc[i] === -1 ? 'negative' : R.sc[i] === 1 ? 'positive' : 'neutral';
      var meta = [R.ref[i], D.dict.lang[R.lang[i]], D.dict.src[R.src[i]], R.st[i] >= 0 ? D.stages[R.st[i]].name : 'not mapped'];
      if (R.dup[i]) meta.push('duplicate');
      ul.appendChild(h('li', {'class': 'q sent-' + cls}, h('bdi', {'class': 'qt', dir: 'auto'}, R.txt[i] || '(text not included; see segments.csv, segment ' + R.sid[i] + ')'),
        h('span', {'class': 'ref'}, meta.filter(Boolean).join(' · '))));
    });
    document.getElementById('dr-more').textContent = list.length > LIMIT ? '+' + (list.length - LIMIT) + ' more in segments.csv' : '';
    drawer.hidden = false;
    document.getElementById('dr-close').focus();
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('.n[data-q]');
    if (b) { e.preventDefault(); e.stopPropagation(); openDrawer(b.getAttribute('data-q'), b.getAttribute('data-title')); return; }
    var m = e.target.closest && e.target.closest('button.more[data-more]');
    if (m) {
      var box = document.querySelector('ol[data-box="' + m.getAttribute('data-more') + '"]');
      box.classList.toggle('open');
      var vis = Array.prototype.filter.call(box.children, function (li) { return !li.hidden; }).length;
      m.textContent = box.classList.contains('open') ? 'show fewer' : '+' + (vis - +box.getAttribute('data-limit')) + ' more';
    }
  });
  document.getElementById('dr-close').addEventListener('click', function () { drawer.hidden = true; });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') drawer.hidden = true;
    var t = e.target;
    if ((e.key === 'Enter' || e.key === ' ') && t && t.matches && t.matches('span.n[data-q]')) {
      e.preventDefault();
      openDrawer(t.getAttribute('data-q'), t.getAttribute('data-title'));
    }
  });
  var bar = document.getElementById('filters');
  function barHeight() { document.documentElement.style.setProperty('--bar-h', bar.offsetHeight + 'px'); }
  window.addEventListener('resize', barHeight);
  barHeight();
  // for tests and power users: window.qsynth.apply() recomputes; .compute(filter) returns the numbers
  window.qsynth = {apply: apply, compute: compute, data: D};
})();
