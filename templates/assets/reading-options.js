// jiedu pinyin options: the size of the readings, tone colours, and readings
// only over the words above a chosen HSK level. Each choice is kept in
// localStorage (jiedu.rt-scale, jiedu.tones, jiedu.hsk) like the pinyin toggle.
// Loaded, deferred, by the pages that carry readings (templates/_controls.html).
(function () {
  "use strict";
  var root = document.documentElement;
  var store = {
    get: function (key) { try { return window.localStorage.getItem("jiedu." + key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem("jiedu." + key, value); } catch (e) { /* private mode */ } }
  };
  // Shares of the text size; the CSS keeps readings apart at every one of them.
  var SCALES = [0.6, 0.65, 0.7, 0.75, 0.8];
  var BAND = 7; // HSK levels 7-9 are one band
  // Combining marks of the four tones, as a syllable decomposes (NFD): ǖ is u + ¨ + ¯.
  var TONE_MARKS = { "\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4 };

  // 1-4 from the tone mark, 5 (neutral) without one: lǜ -> 4, de -> 5.
  function toneOf(syllable) {
    var letters = syllable.normalize("NFD");
    for (var i = 0; i < letters.length; i++) if (TONE_MARKS[letters[i]]) return TONE_MARKS[letters[i]];
    return 5;
  }

  // ---- reading size ----
  function savedScale() {
    var saved = parseFloat(store.get("rt-scale"));
    return SCALES.indexOf(saved) >= 0 ? saved : SCALES[0];
  }
  function applyScale(scale) {
    root.style.setProperty("--rt-scale", String(scale));
    var input = document.getElementById("opt-rt-scale"), shown = document.getElementById("opt-rt-scale-value");
    var percent = Math.round(scale * 100) + " %";
    if (input) { input.value = String(Math.round(scale * 100)); input.setAttribute("aria-valuetext", percent); }
    if (shown) shown.textContent = percent;
  }

  // ---- tone colours ----
  var tonesMarked = false;
  function markTones() {
    if (tonesMarked) return;
    document.querySelectorAll("rt").forEach(function (rt) { rt.classList.add("tone" + toneOf(rt.textContent)); });
    tonesMarked = true;
  }
  function applyTones(on) {
    if (on) markTones();
    root.classList.toggle("tone-colours", on);
    var box = document.getElementById("opt-tones");
    if (box) box.checked = on;
  }

  // ---- readings only above an HSK level ----
  function siteRoot() { return root.getAttribute("data-root") || "./"; }
  function loadScript(path, ready, failed) {
    var script = document.createElement("script");
    script.src = siteRoot() + path;
    script.onload = ready;
    script.onerror = failed;
    document.head.appendChild(script);
  }
  var hskLevels = null;
  function levelsFrom(data) {
    var levels = new Map();
    data.levels.forEach(function (words, index) {
      if (words) words.split("|").forEach(function (word) { levels.set(word, index + 1); });
    });
    return levels;
  }
  function withLevels(done) {
    if (hskLevels) { done(); return; }
    var haveTables = function () { return window.jieduScripts || !isTraditionalPage(); };
    var finish = function () {
      if (!window.jieduHsk || !haveTables()) return;
      hskLevels = levelsFrom(window.jieduHsk);
      done();
    };
    var failed = function () { showHskMissing(); };
    if (!window.jieduHsk) loadScript("assets/hsk-levels.js", finish, failed);
    if (!haveTables()) loadScript("assets/scripts.js", finish, failed);
    finish();
  }
  function isTraditionalPage() { return !!document.querySelector('[lang^="zh-Hant"] [data-w], [data-w][lang^="zh-Hant"]'); }
  function showHskMissing() {
    var note = document.querySelector("[data-hsk-note]");
    if (note) note.textContent = note.getAttribute("data-missing");
    var select = document.getElementById("opt-hsk");
    if (select) { select.value = "0"; select.disabled = true; }
  }
  // The base text of a block as code points, and for each the reading (<rt>) that follows it.
  function charactersWithReadings(block) {
    var chars = [], readings = [];
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        if (node.nodeType === 1 && (node.tagName === "RP" || node.tagName === "RT")) {
          if (node.tagName === "RT" && chars.length) readings[chars.length - 1] = node;
          return NodeFilter.FILTER_REJECT;
        }
        return NodeFilter.FILTER_ACCEPT;
      }
    });
    for (var node; (node = walker.nextNode());) {
      if (node.nodeType === 3) Array.from(node.data).forEach(function (c) { chars.push(c); });
    }
    return { chars: chars, readings: readings };
  }
  // Words of a block from data-w (one base-36 length per word), each with its readings.
  function wordsOf(block) {
    var text = charactersWithReadings(block), lengths = block.getAttribute("data-w") || "", words = [], at = 0;
    for (var i = 0; i < lengths.length && at < text.chars.length; i++) {
      var n = parseInt(lengths[i], 36) || 1;
      words.push({ text: text.chars.slice(at, at + n).join(""), readings: text.readings.slice(at, at + n).filter(Boolean) });
      at += n;
    }
    return words;
  }
  // The HSK list is Simplified: a word of Traditional text is looked up by its
  // characters' Simplified counterparts (assets/scripts.js, the page's own table).
  var toSimplified = null;
  function simplifiedForm(word, block) {
    var holder = block.closest("[lang]");
    if (!holder || !/^zh-Hant/i.test(holder.getAttribute("lang")) || !window.jieduScripts) return word;
    if (!toSimplified) {
      var pairs = Array.from(window.jieduScripts.hans || "");
      toSimplified = {};
      for (var i = 0; i + 1 < pairs.length; i += 2) toSimplified[pairs[i]] = pairs[i + 1];
    }
    return Array.from(word).map(function (c) { return toSimplified[c] || c; }).join("");
  }
  function applyHsk(level) {
    document.querySelectorAll("rt.jd-known").forEach(function (rt) { rt.classList.remove("jd-known"); });
    var select = document.getElementById("opt-hsk");
    if (select && !select.disabled) select.value = String(level);
    if (!level) return;
    withLevels(function () {
      document.querySelectorAll("main [data-w]").forEach(function (block) {
        if (!block.querySelector("rt")) return;
        wordsOf(block).forEach(function (word) {
          var known = hskLevels.get(simplifiedForm(word.text, block));
          if (known && known <= level) word.readings.forEach(function (rt) { rt.classList.add("jd-known"); });
        });
      });
    });
  }
  function savedHsk() {
    var saved = parseInt(store.get("hsk"), 10);
    return saved >= 1 && saved <= BAND ? saved : 0;
  }

  // ---- the panel ----
  function setUpPanel() {
    var toggle = document.querySelector("[data-options-toggle]"), panel = document.getElementById("reading-options");
    if (!toggle || !panel) return;
    toggle.hidden = false;
    function open(on) {
      panel.hidden = !on;
      toggle.setAttribute("aria-expanded", on ? "true" : "false");
      if (on) document.getElementById("opt-rt-scale").focus();
    }
    function close(refocus) { if (!panel.hidden) { open(false); if (refocus) toggle.focus(); } }
    toggle.addEventListener("click", function () { open(panel.hidden); });
    panel.querySelector("[data-options-close]").addEventListener("click", function () { close(true); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden && (panel.contains(document.activeElement) || document.activeElement === toggle)) close(true);
    });
    document.addEventListener("pointerdown", function (event) {
      if (!panel.hidden && !panel.contains(event.target) && !toggle.contains(event.target)) close(false);
    });
    document.getElementById("opt-rt-scale").addEventListener("input", function (event) {
      var scale = Math.round(parseInt(event.target.value, 10) / 5) * 0.05;
      scale = SCALES.reduce(function (best, s) { return Math.abs(s - scale) < Math.abs(best - scale) ? s : best; }, SCALES[0]);
      applyScale(scale);
      store.set("rt-scale", String(scale));
    });
    document.getElementById("opt-tones").addEventListener("change", function (event) {
      applyTones(event.target.checked);
      store.set("tones", event.target.checked ? "on" : "off");
    });
    document.getElementById("opt-hsk").addEventListener("change", function (event) {
      var level = parseInt(event.target.value, 10) || 0;
      store.set("hsk", String(level));
      applyHsk(level);
    });
  }

  function start() {
    applyScale(savedScale());
    applyTones(store.get("tones") === "on");
    applyHsk(savedHsk());
    setUpPanel();
  }
  window.jieduToneOf = toneOf;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
