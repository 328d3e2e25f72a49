/* jiedu search: answers search.html?q=… from the index files of jiedu.search.
   Everything is loaded with <script> tags calling window.jieduSearch (works from file://).
   Keys, number lists, index files, text rows and pinyin cuts are read exactly as
   jiedu/search/keys.py, merge.py, texts.py, readings.py and pinyin.py write them. */
(function () {
  "use strict";
  var ALPHABET = "!#$%&'()*+-./0123456789:;=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";
  var CONTINUATIONS = 26, TERMINALS = ALPHABET.length - CONTINUATIONS;
  var UNINDEXED = /[\s\p{P}]/u;  // keys hold no whitespace or punctuation (keys.py is_indexed)
  var TRANSPARENT = "\u201c\u201d\u2018\u2019\u300c\u300d\u300e\u300f\ufe41\ufe42\ufe43\ufe44\u300a\u300b\u3008\u3009\u00ab\u00bb\u2039\u203a\"'\uff02\uff07 \t\u00a0\u3000";  // keys.py TRANSPARENT: phrases match across them
  function opaque(c) { return TRANSPARENT.indexOf(c) < 0; }
  var PAGE = 20, MAX_KEYS = 4, MAX_CUTS = 32;
  var SYLLABLE = /^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:a|ai|an|ang|ao|e|ei|en|eng|er|o|ong|ou|i|ia|ian|iang|iao|ie|in|ing|io|iong|iu|u|ua|uai|uan|uang|ue|ueng|ui|un|uo|ü|üe|üan|ün|ê)|m|n|ng|hm|hng)$/;
  var INTERJECTIONS = { m: 1, n: 1, ng: 1, hm: 1, hng: 1 };
  var TONES = { "\u0304": "1", "\u0301": "2", "\u030c": "3", "\u0300": "4" };
  var PINYIN_QUERY = /^[a-zA-ZüÜ:āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ0-5'’\s-]+$/;
  var HAN = /[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87f][\udc00-\udfff]/;
  var root = document.documentElement.getAttribute("data-root") || "./";
  var state = { meta: null, shards: {}, texts: {}, usual: null, loading: {}, failed: false };

  window.jieduSearch = {
    meta: function (data) { state.meta = data; },
    shard: function (number, data) { state.shards[number] = data; },
    readings: function (pairs) {  // "的de5了le5…": each character's usual reading (readings.py)
      var usual = {}, found, pattern = /([\s\S])([a-zü]+[1-5])/gu;
      while ((found = pattern.exec(pairs))) usual[found[1]] = found[2];
      state.usual = usual;
    },
    text: function (slug, number, start, sections, rows, words) {
      var text = state.texts[slug] || (state.texts[slug] = { sections: {}, records: [], words: [] });
      Object.keys(sections).forEach(function (k) { text.sections[k] = sections[k]; });
      rows.forEach(function (row, i) { text.records[start + i] = row; text.words[start + i] = words || {}; });
    }
  };

  function load(path) {
    if (!state.loading[path]) {
      state.loading[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = root + path;
        script.onload = resolve;
        script.onerror = function () { state.failed = true; reject(new Error(path)); };
        document.head.appendChild(script);
      });
    }
    return state.loading[path];
  }

  // --- keys and lists (jiedu/search/keys.py) ---
  function decodeValues(text) {  // continuation digits (most significant first), then one terminal digit
    var values = [], value = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = ALPHABET.indexOf(text[i]);
      if (digit < CONTINUATIONS) value = value * CONTINUATIONS + digit;
      else { values.push(value * TERMINALS + digit - CONTINUATIONS); value = 0; }
    }
    return values;
  }
  function postingSet(list) {  // per document: head (2 × document gap + several), [count − 2], record gaps -> Set of "doc:record"
    var values = decodeValues(list || ""), found = new Set(), doc = -1;
    for (var i = 0; i < values.length;) {
      doc += Math.floor(values[i] / 2) + 1;
      var several = values[i] % 2, count = several ? values[i + 1] + 2 : 1, record = 0;
      i += 1 + several;
      for (var k = 0; k < count; k++) { record += values[i + k]; found.add(doc + ":" + record); }
      i += count;
    }
    return found;
  }
  function shardMap(number) {  // "key,list,key,list,…" -> Map, once per index file
    var data = state.shards[number];
    if (typeof data === "string") {
      var items = data ? data.split(",") : [], map = new Map();
      for (var i = 0; i + 1 < items.length; i += 2) map.set(items[i], items[i + 1]);
      data = state.shards[number] = map;
    }
    return data || new Map();
  }
  function shardOf(key, shards) {
    var value = 0;
    for (var i = 0; i < key.length; i++) value = (Math.imul(value, 31) + key.charCodeAt(i)) >>> 0;
    return value % shards;
  }
  function lookup(keys) {  // key -> Set, loading the index files the keys are in
    var meta = state.meta, numbers = {};
    keys.forEach(function (key) { numbers[shardOf(key, meta.shards)] = true; });
    return Promise.all(Object.keys(numbers).map(function (n) { return load("search/index/" + n + ".js?v=" + meta.version); })).then(function () {
      var sets = {};
      keys.forEach(function (key) { sets[key] = postingSet(shardMap(shardOf(key, meta.shards)).get(key)); });
      return sets;
    });
  }
  function intersect(sets) {
    if (!sets.length) return new Set();
    var sorted = sets.slice().sort(function (a, b) { return a.size - b.size; }), out = new Set();
    sorted[0].forEach(function (item) { if (sorted.every(function (set) { return set.has(item); })) out.add(item); });
    return out;
  }
  function spread(keys) {  // at most MAX_KEYS of a phrase's keys, first and last kept: fewer files, the text check does the rest
    if (keys.length <= MAX_KEYS) return keys;
    var chosen = [];
    for (var i = 0; i < MAX_KEYS; i++) chosen.push(keys[Math.round(i * (keys.length - 1) / (MAX_KEYS - 1))]);
    return chosen;
  }

  // --- scripts ---
  var tables = {};
  function table(target) {
    if (!tables[target]) {
      var pairs = Array.from((window.jieduScripts || {})[target] || ""), map = {};
      for (var i = 0; i + 1 < pairs.length; i += 2) map[pairs[i]] = pairs[i + 1];
      tables[target] = map;
    }
    return tables[target];
  }
  function convert(text, target, words) {  // longest listed word at each place, else the character by the table (texts.py convert_loose)
    var map = table(target), chars = Array.from(text), out = "";
    words = words || {};
    for (var i = 0; i < chars.length;) {
      var found = 0;
      for (var n = Math.min(8, chars.length - i); n > 1 && !found; n--) if (words[chars.slice(i, i + n).join("")]) found = n;
      if (found) { out += words[chars.slice(i, i + found).join("")]; i += found; } else { out += map[chars[i]] || chars[i]; i++; }
    }
    return out;
  }
  function narrow(text) {  // full-width forms of ASCII (not ～) as ASCII: ５％ is 5% (jiedu/search/keys.py FULL_WIDTH_FORMS)
    return text.replace(/[\uff01-\uff5d]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); });
  }
  function fold(text) { return Array.from(narrow(convert(text, "hans"))).map(function (c) { var l = c.toLowerCase(); return l.length === c.length ? l : c; }).join(""); }
  function wantedScript(fallback) {
    var saved = null;
    try { saved = window.localStorage.getItem("jiedu.script"); } catch (e) { /* private mode */ }
    return saved === "hans" || saved === "hant" ? saved : fallback;
  }

  // --- pinyin (jiedu/search/pinyin.py) ---
  function toneOf(piece) {
    if (/[1-5]$/.test(piece)) return piece.slice(-1);
    var parts = piece.normalize("NFD");
    for (var i = 0; i < parts.length; i++) if (TONES[parts[i]]) return TONES[parts[i]];
    return "";
  }
  function toneless(piece) {
    return piece.replace(/[0-5]$/, "").normalize("NFD").replace(/[\u0300-\u030f]/g, "").normalize("NFC").replace(/u:|v/g, "ü");
  }
  function isSpelled(piece) {
    if (!/^[a-zü]/.test(toneless(piece))) return false;
    var bare = toneless(piece);
    return SYLLABLE.test(bare) && (!/^[iuü]/.test(bare) || INTERJECTIONS[bare]);
  }
  function syllableKey(bare) { return bare.replace(/ü/g, "v"); }
  function tokenCuts(token) {
    var ways = {}; ways[token.length] = [[]];
    for (var start = token.length - 1; start >= 0; start--) {
      var found = [];
      for (var end = start + 1; end <= Math.min(token.length, start + 7); end++) {
        var piece = token.slice(start, end), whole = start === 0 && end === token.length;
        if (ways[end] && isSpelled(piece) && (whole || !INTERJECTIONS[toneless(piece)])) {
          ways[end].forEach(function (rest) { found.push([[syllableKey(toneless(piece)), toneOf(piece)]].concat(rest)); });
        }
      }
      if (found.length) ways[start] = found.slice(0, MAX_CUTS);
    }
    var cuts = ways[0] || [], toned = cuts.filter(function (cut) { return cut.every(function (s) { return s[1]; }); });
    return toned.length ? toned : cuts;
  }
  function querySyllables(query) {
    var cuts = [[]];
    query.trim().toLowerCase().normalize("NFC").split(/[\s'’-]+/).forEach(function (token) {
      if (!token) return;
      var next = [];
      cuts.forEach(function (cut) { tokenCuts(token).forEach(function (more) { next.push(cut.concat(more)); }); });
      cuts = next.slice(0, MAX_CUTS);
    });
    return cuts.filter(function (cut) { return cut.length; });
  }
  function syllableKeys(cut) {
    if (cut.length === 1) return ["~" + cut[0][0]];
    var keys = [];
    for (var i = 0; i + 1 < cut.length; i++) keys.push("~" + cut[i][0] + " " + cut[i + 1][0]);
    return spread(keys.filter(function (k, i) { return keys.indexOf(k) === i; }));
  }

  // --- a query: what to look up, how to check a record ---
  function readQuery(raw) {
    var q = narrow(raw).trim().replace(/\s+/g, " "), plans = [];
    if (!q) return plans;
    var han = HAN.test(q), phrase = Array.from(fold(han ? q.replace(/\s+/g, "") : q));
    if (phrase.some(opaque)) phrase = phrase.filter(opaque);  // “十四五”规划 is looked for as 十四五规划
    if (phrase.length) {
      var pairs = [], indexed = phrase.filter(function (c) { return !UNINDEXED.test(c); });
      for (var i = 0; i + 1 < phrase.length; i++) if (!UNINDEXED.test(phrase[i]) && !UNINDEXED.test(phrase[i + 1])) pairs.push(phrase[i] + phrase[i + 1]);
      pairs = pairs.filter(function (k, i) { return pairs.indexOf(k) === i; });
      var keys = pairs.length ? pairs : indexed.filter(function (k, i) { return indexed.indexOf(k) === i; });
      plans.push({ kind: "text", phrase: phrase.join(""), keys: spread(keys), exact: indexed.length === phrase.length && phrase.length <= 2, term: "#" + indexed.join("") });
    }
    if (!han && PINYIN_QUERY.test(q) && /[a-zü]/i.test(q)) {
      querySyllables(q).forEach(function (cut) {
        var toned = cut.some(function (s) { return s[1]; });
        plans.push({ kind: "pinyin", cut: cut, keys: syllableKeys(cut), exact: cut.length <= 2 && !toned });
      });
    }
    return plans;
  }
  function readingsOf(record) {  // each character's reading code, "." for none: usual readings, then the record's exceptions
    var usual = state.usual || {}, codes = Array.from(record[3]).map(function (c) { return usual[c] || "."; });
    var found, pattern = /(\d+)([^\d.]+[1-5]|\.)/g, at = -1;
    while ((found = pattern.exec(record[4]))) { at += +found[1] + 1; codes[at] = found[2]; }
    return codes;
  }
  function simplifiedOf(record, docScript, words) {
    return record.length > 6 ? record[6] : docScript === "hant" ? convert(record[3], "hans", words) : record[3];
  }
  function matchesIn(plan, record, docScript, words) {  // [start, end) spans, in code points of the record's text
    var spans = [];
    if (plan.kind === "text") {
      var text = Array.from(fold(simplifiedOf(record, docScript, words))), phrase = Array.from(plan.phrase), places = [];
      text.forEach(function (c, at) { if (opaque(c)) places.push(at); });  // the text read without its TRANSPARENT marks
      for (var i = 0; i + phrase.length <= places.length; i++) {
        var k = 0;
        while (k < phrase.length && text[places[i + k]] === phrase[k]) k++;
        if (k === phrase.length) spans.push([places[i], places[i + k - 1] + 1]);
      }
      return spans;
    }
    var readings = readingsOf(record), cut = plan.cut;
    for (var start = 0; start + cut.length <= readings.length; start++) {
      var ok = true;
      for (var j = 0; j < cut.length && ok; j++) {
        var reading = readings[start + j];
        if (reading === ".") { ok = false; break; }
        var bare = syllableKey(reading.slice(0, -1)), tone = reading.slice(-1);
        ok = bare === cut[j][0] && (!cut[j][1] || cut[j][1] === tone);
      }
      if (ok) spans.push([start, start + cut.length]);
    }
    return spans;
  }

  // --- finding, ranking, checking ---
  function candidates(plans) {
    var keys = [];
    plans.forEach(function (plan) { keys = keys.concat(plan.keys, plan.term ? [plan.term] : []); });
    return lookup(keys.filter(function (k, i) { return keys.indexOf(k) === i; })).then(function (sets) {
      var found = new Map(), terms = new Set();
      plans.forEach(function (plan) {
        intersect(plan.keys.map(function (key) { return sets[key]; })).forEach(function (item) {
          if (!found.has(item)) found.set(item, []);
          found.get(item).push(plan);
        });
        if (plan.term) sets[plan.term].forEach(function (item) { terms.add(item); });
      });
      return { found: found, terms: terms };
    });
  }
  function headingsOf(doc) {
    if (!doc.headingSet) { var set = new Set(), at = 0; decodeValues(doc[6]).forEach(function (gap) { at += gap; set.add(at); }); doc.headingSet = set; }
    return doc.headingSet;
  }
  function ranked(result, filters) {
    var docs = state.meta.documents, rows = [];
    result.found.forEach(function (plans, item) {
      var parts = item.split(":"), d = +parts[0], r = +parts[1], doc = docs[d];
      if (filters.doc && doc[0] !== filters.doc) return;
      var year = doc[3].slice(0, 4);
      if (filters.from && (!year || year < filters.from)) return;
      if (filters.to && (!year || year > filters.to)) return;
      var first = result.terms.has(item) ? 0 : headingsOf(doc).has(r) ? 1 : 2;
      rows.push({ doc: d, record: r, plans: plans, rank: [first, doc[3] || "9999", d, r], exact: plans.some(function (p) { return p.exact; }) });
    });
    rows.sort(function (a, b) {
      for (var i = 0; i < 4; i++) if (a.rank[i] !== b.rank[i]) return a.rank[i] < b.rank[i] ? -1 : 1;
      return 0;
    });
    return rows;
  }
  function chunkPath(row) {  // the text file holding a record: SLUG/search-K.js
    var doc = state.meta.documents[row.doc], k = -1, at = 0;
    decodeValues(doc[8] || "A").forEach(function (gap) { at += gap; if (at <= row.record) k++; });
    return doc[0] + "/search-" + Math.max(k, 0) + ".js?v=" + doc[7];
  }
  function check(rows) {  // rows with their record and match spans; rows whose text does not hold the query are dropped
    var paths = {};
    rows.forEach(function (row) { paths[chunkPath(row)] = true; });
    return Promise.all(Object.keys(paths).map(load)).then(function () {
      return rows.filter(function (row) {
        var doc = state.meta.documents[row.doc], text = state.texts[doc[0]], record = text && text.records[row.record];
        if (!record) return false;
        row.text = text; row.data = record; row.words = text.words[row.record]; row.spans = [];
        row.plans.forEach(function (plan) { row.spans = row.spans.concat(matchesIn(plan, record, doc[4], row.words)); });
        return row.spans.length > 0;
      });
    });
  }

  // --- showing ---
  function snippet(record, spans, script, docScript, words) {  // the sentence around the first match, with every match in it marked
    var chars = Array.from(script === docScript ? record[3] : convert(record[3], script, words));
    var first = spans.reduce(function (a, b) { return a[0] <= b[0] ? a : b; }), stops = "。！？；!?;\t";
    var start = first[0], end = first[1];
    while (start > 0 && stops.indexOf(chars[start - 1]) < 0 && first[0] - start < 80) start--;
    while (end < chars.length && stops.indexOf(chars[end - 1]) < 0 && end - first[1] < 120) end++;
    var marked = new Array(chars.length).fill(false);
    spans.forEach(function (s) { for (var i = s[0]; i < s[1]; i++) marked[i] = true; });
    var out = document.createDocumentFragment(), run = "", inMark = false;
    function flush() {
      if (!run) return;
      if (inMark) { var m = document.createElement("mark"); m.textContent = run; out.appendChild(m); } else out.appendChild(document.createTextNode(run));
      run = "";
    }
    if (start > 0) out.appendChild(document.createTextNode("…"));
    for (var i = start; i < end; i++) { if (marked[i] !== inMark) { flush(); inMark = marked[i]; } run += chars[i]; }
    flush();
    if (end < chars.length) out.appendChild(document.createTextNode("…"));
    return out;
  }
  function resultItem(row) {
    var doc = state.meta.documents[row.doc], docScript = doc[4], script = wantedScript(docScript);
    var lang = script === "hant" ? "zh-Hant" : "zh-Hans", li = document.createElement("li");
    var link = document.createElement("a"), section = row.data[1] >= 0 ? row.text.sections[row.data[1]] : "";
    link.href = root + doc[0] + "/" + row.data[0];
    link.className = "search-hit";
    link.setAttribute("lang", lang);
    link.appendChild(snippet(row.data, row.spans, script, docScript, row.words));
    var where = document.createElement("p");
    where.className = "search-where";
    where.setAttribute("lang", lang);
    where.textContent = (script === "hant" ? doc[2] : doc[1]) + (section ? " › " + (script === docScript ? section : convert(section, script, row.words)) : "") + (doc[3] ? " · " + doc[3] : "");
    li.appendChild(where);
    li.appendChild(link);
    return li;
  }

  // --- the page ---
  function status(text) { document.getElementById("search-status").textContent = text; }
  function servingHint() {
    return location.protocol === "file:" ? " Opened from disk, the browser may refuse to load the index: serve the site (python -m http.server in its folder, or make serve) and open it from http://127.0.0.1:8000/." : "";
  }
  function run() {
    var params = new URLSearchParams(location.search), q = params.get("q") || "";
    var filters = { doc: params.get("doc") || "", from: params.get("from") || "", to: params.get("to") || "" };
    if (filters.from && filters.to && filters.from > filters.to) { var swap = filters.from; filters.from = filters.to; filters.to = swap; }
    document.getElementById("search-q").value = q;
    ["doc", "from", "to"].forEach(function (name) { document.getElementById("search-" + name).value = filters[name]; });
    if (!q.trim()) { status("Type a word, a phrase or pinyin, in either script."); return; }
    status("Searching…");
    var needsTables = HAN.test(q) || wantedScript("") !== "";
    Promise.all([load("search/meta.js?t=" + Date.now()), needsTables ? load("assets/scripts.js") : null]).then(function () {
      var plans = readQuery(q);  // read after the script tables are in: a Traditional query is folded with them
      var pinyin = plans.some(function (plan) { return plan.kind === "pinyin"; });
      return Promise.all([candidates(plans), pinyin ? load("search/readings.js?v=" + state.meta.version) : null]).then(function (done) { return done[0]; });
    }).then(function (result) {
      var rows = ranked(result, filters), shown = 0, list = document.getElementById("search-results"), more = document.getElementById("search-more");
      var exact = rows.every(function (row) { return row.exact; }), confirmed = 0;
      function next() {
        var batch = [], at = shown;
        // check candidates in rank order until a page of results is found (or none are left)
        function step() {
          var slice = rows.slice(at, at + PAGE);
          at += slice.length;
          return check(slice).then(function (good) {
            batch = batch.concat(good);
            if (batch.length < PAGE && at < rows.length) return step();
          });
        }
        return step().then(function () {
          shown = at;
          confirmed += batch.length;
          batch.forEach(function (row) { list.appendChild(resultItem(row)); });
          more.hidden = shown >= rows.length;
          var total = exact || shown >= rows.length ? (exact ? rows.length : confirmed) : null;
          var label = "“" + q.trim() + "”";
          status(total === null ? "At least " + confirmed + " results for " + label + " (up to " + rows.length + "); more below." :
            total === 0 ? "No results for " + label + "." : total + (total === 1 ? " result" : " results") + " for " + label + (shown < rows.length ? ", showing " + confirmed + "." : "."));
        });
      }
      more.onclick = function () { var before = list.children.length; next().then(function () { var item = list.children[before]; if (item) item.querySelector("a").focus(); }); };
      return next();
    }).catch(function () {
      status("The search index could not be loaded." + (servingHint() || " Rebuild the site (python build.py) and reload."));
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run); else run();
})();
