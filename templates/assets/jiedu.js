// jiedu reader: pinyin toggle, text size, glossary tooltips, copy without pinyin,
// the other script made in place, paragraph citations.
// Small and framework-free; every page is fully readable without it.
(function () {
  "use strict";
  var root = document.documentElement;
  var store = {
    get: function (key) { try { return window.localStorage.getItem("jiedu." + key); } catch (e) { return null; } },
    set: function (key, value) { try { window.localStorage.setItem("jiedu." + key, value); } catch (e) { /* private mode */ } }
  };
  var SIZES = [0.85, 1, 1.15, 1.3, 1.5, 1.75];

  function applyPinyin(on) {
    root.classList.toggle("pinyin-on", on);
    root.classList.toggle("pinyin-off", !on);
    document.querySelectorAll('[data-action="toggle-pinyin"]').forEach(function (b) {
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  function currentSize() {
    var saved = parseFloat(store.get("size"));
    return SIZES.indexOf(saved) >= 0 ? saved : 1;
  }
  function applySize(size) { root.style.setProperty("--text-scale", String(size)); }

  // Apply saved choices before first paint as far as a deferred script can.
  var savedPinyin = store.get("pinyin");
  applyPinyin(savedPinyin ? savedPinyin === "on" : root.getAttribute("data-pinyin-default") === "on");
  applySize(currentSize());

  function setUpControls() {
    document.querySelectorAll(".reader-controls [hidden]").forEach(function (b) { b.hidden = false; });
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button) return;
      var action = button.getAttribute("data-action");
      if (action === "switch-script") {
        var target = shownScript() === "hant" ? "hans" : "hant";
        store.set("script", target);
        keepingPlace(function () { showScript(target); });
      } else if (action === "toggle-pinyin") {
        var on = !root.classList.contains("pinyin-on");
        applyPinyin(on);
        store.set("pinyin", on ? "on" : "off");
      } else if (action === "smaller" || action === "larger") {
        var index = SIZES.indexOf(currentSize()) + (action === "larger" ? 1 : -1);
        var size = SIZES[Math.max(0, Math.min(SIZES.length - 1, index))];
        applySize(size);
        store.set("size", String(size));
      }
    });
  }

  // Copying gives the Chinese text alone: readings (<rt>) are left out.
  function setUpCopy() {
    document.addEventListener("copy", function (event) {
      var selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || !event.clipboardData) return;
      var holder = document.createElement("div");
      for (var i = 0; i < selection.rangeCount; i++) holder.appendChild(selection.getRangeAt(i).cloneContents());
      if (!holder.querySelector("rt, .cite")) return;
      holder.querySelectorAll("rt, rp, .cite").forEach(function (node) { node.remove(); });
      event.clipboardData.setData("text/plain", holder.textContent);
      event.preventDefault();
    });
  }

  // Tooltips: hover or focus opens, Escape or leaving closes, a tap toggles.
  var openTerm = null;
  var openedAt = 0;
  function tipFor(term) { return document.getElementById("tip-" + term.getAttribute("data-term")); }
  function place(tip, term) {
    var rect = term.getBoundingClientRect();
    tip.hidden = false;
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(window.scrollX + rect.left, window.scrollX + document.documentElement.clientWidth - width - 8));
    var below = window.scrollY + rect.bottom + 6;
    var above = window.scrollY + rect.top - tip.offsetHeight - 6;
    var fitsBelow = rect.bottom + tip.offsetHeight + 12 < window.innerHeight || above < window.scrollY;
    tip.style.left = left + "px";
    tip.style.top = (fitsBelow ? below : above) + "px";
  }
  function openTip(term) {
    var tip = tipFor(term);
    if (!tip) return;
    if (openTerm && openTerm !== term) closeTip();
    place(tip, term);
    term.setAttribute("aria-expanded", "true");
    if (openTerm !== term) openedAt = Date.now();
    openTerm = term;
  }
  function closeTip() {
    if (!openTerm) return;
    var tip = tipFor(openTerm);
    if (tip) tip.hidden = true;
    openTerm.setAttribute("aria-expanded", "false");
    openTerm = null;
  }
  function setUpTooltips() {
    var terms = document.querySelectorAll("a.term");
    if (!terms.length) return;
    var coarse = window.matchMedia && window.matchMedia("(hover: none)").matches;
    terms.forEach(function (term) {
      term.setAttribute("aria-expanded", "false");
      term.addEventListener("focus", function () { openTip(term); });
      term.addEventListener("blur", function () { window.setTimeout(function () { if (openTerm === term && !tipHovered) closeTip(); }, 150); });
      term.addEventListener("mouseenter", function () { openTip(term); });
      term.addEventListener("mouseleave", function () { window.setTimeout(function () { if (openTerm === term && !tipHovered && document.activeElement !== term) closeTip(); }, 250); });
      term.addEventListener("click", function (event) {
        // On touch screens the first tap explains; the link inside the tooltip leads on.
        if (coarse || event.pointerType === "touch") {
          event.preventDefault();
          // A tap focuses the term first (which opens it); only a later tap closes it.
          if (openTerm === term && Date.now() - openedAt > 400) closeTip(); else openTip(term);
        }
      });
    });
    var tipHovered = false;
    document.querySelectorAll(".tooltip").forEach(function (tip) {
      tip.addEventListener("mouseenter", function () { tipHovered = true; });
      tip.addEventListener("mouseleave", function () { tipHovered = false; closeTip(); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && openTerm) { var term = openTerm; closeTip(); term.focus(); }
    });
    document.addEventListener("pointerdown", function (event) {
      if (openTerm && !event.target.closest("a.term, .tooltip")) closeTip();
    });
    window.addEventListener("resize", closeTip);
  }

  // The other script, made in place. Each character takes its usual counterpart
  // from the site's table (assets/scripts.js), except in the words the page
  // lists (#jd-script), which the build converted as words; [data-w] gives the
  // words of each paragraph. Originals are kept, so switching back is exact.
  var originals = new Map();
  var langs = new Map();
  var tables = {};
  var pageData = null;
  function siteRoot() { return root.getAttribute("data-root") || "./"; }
  function shownScript() { return root.getAttribute("data-shown-script") || root.getAttribute("data-script") || "hans"; }
  function wantedScript() {
    var saved = store.get("script");
    if (saved === "hans" || saved === "hant") return saved;
    var preset = root.getAttribute("data-script-default");
    return preset === "traditional" ? "hant" : preset === "simplified" ? "hans" : null;
  }
  function readPageData() {
    var holder = document.getElementById("jd-script");
    try { return holder ? JSON.parse(holder.textContent) : {}; } catch (e) { return {}; }
  }
  function loadTables(done) {
    if (window.jieduScripts) { done(); return; }
    var script = document.createElement("script");
    script.src = siteRoot() + "assets/scripts.js";
    script.onload = done;
    document.head.appendChild(script);
  }
  function table(target) {
    if (!tables[target]) {
      var pairs = Array.from((window.jieduScripts || {})[target] || ""), map = {};
      for (var i = 0; i + 1 < pairs.length; i += 2) map[pairs[i]] = pairs[i + 1];
      tables[target] = map;
    }
    return tables[target];
  }
  function scriptOfLang(lang) { return /^zh-Hant/i.test(lang) ? "hant" : /^zh(-Hans|-CN|$)/i.test(lang) ? "hans" : null; }
  function skipped(node) { return node.closest("rt, rp, script, style, [data-no-convert]"); }
  // Base text nodes of an element in order, each with its characters (code points, as data-w counts them).
  function baseTextNodes(element) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), nodes = [], node;
    while ((node = walker.nextNode())) if (!node.parentElement.closest("rt, rp")) nodes.push(node);
    return nodes;
  }
  function convertWords(element, target, words) {
    var nodes = baseTextNodes(element), chars = [], owner = [];
    nodes.forEach(function (node, k) { Array.from(originalText(node)).forEach(function (c) { chars.push(c); owner.push(k); }); });
    var lengths = element.getAttribute("data-w") || "", map = table(target), out = chars.slice(), at = 0;
    for (var i = 0; i < lengths.length && at < chars.length; i++) {
      var n = parseInt(lengths[i], 36) || 1, word = chars.slice(at, at + n).join(""), given = words[word];
      var converted = given && Array.from(given).length === n ? Array.from(given) : chars.slice(at, at + n).map(function (c) { return map[c] || c; });
      for (var j = 0; j < n; j++) out[at + j] = converted[j];
      at += n;
    }
    for (; at < chars.length; at++) out[at] = map[chars[at]] || chars[at];
    var texts = nodes.map(function () { return ""; });
    out.forEach(function (c, k) { texts[owner[k]] += c; });
    nodes.forEach(function (node, k) { setText(node, texts[k]); });
  }
  function convertLoose(node, target, words) {
    var chars = Array.from(originalText(node)), map = table(target), out = "";
    for (var i = 0; i < chars.length;) {
      var found = 0;
      for (var n = Math.min(8, chars.length - i); n > 1 && !found; n--) if (words[chars.slice(i, i + n).join("")]) found = n;
      if (found) { out += words[chars.slice(i, i + found).join("")]; i += found; } else { out += map[chars[i]] || chars[i]; i++; }
    }
    setText(node, out);
  }
  function originalText(node) { return originals.has(node) ? originals.get(node) : node.data; }
  function setText(node, text) {
    if (!originals.has(node)) originals.set(node, node.data);
    if (node.data !== text) node.data = text;
  }
  function showScript(target) {
    if (!pageData) pageData = readPageData();
    var words = target === pageData.to ? pageData.words || {} : {};
    var from = target === "hant" ? "hans" : "hant";
    if (target === (root.getAttribute("data-script") || target) && !originals.size) { markShown(target); return; }
    var todo = [];
    document.querySelectorAll("[lang]").forEach(function (element) {
      var own = scriptOfLang(langs.has(element) ? langs.get(element) : element.getAttribute("lang"));
      if (own && element !== root && !element.closest("[data-no-convert]")) todo.push(element);
    });
    var seen = new Set();
    function convertElement(element) {
      element.querySelectorAll("[data-w]").forEach(function (block) {
        if (seen.has(block) || skipped(block)) return;
        seen.add(block);
        baseTextNodes(block).forEach(function (node) { seen.add(node); });
        if (scriptOfLang(nearestLang(block)) === from) convertWords(block, target, words); else restore(block);
      });
      var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), node;
      while ((node = walker.nextNode())) {
        if (seen.has(node) || skipped(node.parentElement)) continue;
        seen.add(node);
        var own = scriptOfLang(nearestLang(node.parentElement));
        if (own === from && /[\u3400-\u9fff]/.test(originalText(node))) convertLoose(node, target, words);
        else if (originals.has(node)) setText(node, originals.get(node));
      }
    }
    convertElement(document.body);
    markShown(target);
    todo.forEach(function (element) {
      if (!langs.has(element)) langs.set(element, element.getAttribute("lang"));
      var own = scriptOfLang(langs.get(element));
      if (own) element.setAttribute("lang", own === target ? langs.get(element) : target === "hant" ? "zh-Hant" : "zh-Hans");
    });
  }
  function restore(element) { baseTextNodes(element).forEach(function (node) { if (originals.has(node)) setText(node, originals.get(node)); }); }
  function nearestLang(element) {
    var holder = element.closest("[lang]");
    if (!holder) return "";
    return langs.has(holder) ? langs.get(holder) : holder.getAttribute("lang");
  }
  function markShown(target) {
    root.setAttribute("data-shown-script", target);
    if (!langs.has(root)) langs.set(root, root.getAttribute("lang"));
    if (scriptOfLang(langs.get(root))) root.setAttribute("lang", target === "hant" ? "zh-Hant" : "zh-Hans");
    document.querySelectorAll('[data-action="switch-script"]').forEach(function (button) {
      button.setAttribute("aria-pressed", target !== (root.getAttribute("data-script") || "hans") ? "true" : "false");
    });
  }
  // Keep the paragraph at the top of the window where it was while the text changes.
  function keepingPlace(change) {
    var anchor = null, offset = 0;
    document.querySelectorAll("[data-w]").forEach(function (element) {
      if (anchor) return;
      var rect = element.getBoundingClientRect();
      if (rect.bottom > 0) { anchor = element; offset = rect.top; }
    });
    loadTables(function () {
      change();
      if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - offset);
    });
  }
  function setUpScripts() {
    var wanted = wantedScript();
    if (wanted && wanted !== shownScript()) loadTables(function () { showScript(wanted); });
    else markShown(shownScript());
  }

  // Paragraph numbers: each numbered paragraph gets a control that copies it
  // with a citation (title, date, source, link to the paragraph).
  function citationFor(paragraph) {
    var article = paragraph.closest("[data-document-title]");
    var holder = document.createElement("div");
    holder.appendChild(paragraph.cloneNode(true));
    holder.querySelectorAll("rt, rp").forEach(function (node) { node.remove(); });
    // The title as the page shows it now (the breadcrumb is converted with the page), else as built.
    var crumb = document.querySelector(".breadcrumbs li:nth-child(2)");
    var title = crumb ? crumb.textContent.trim() : article ? article.getAttribute("data-document-title") : document.title;
    var url = window.location.href.split("#")[0] + "#" + paragraph.id;
    var parts = ["《" + title + "》"];
    if (article && article.getAttribute("data-date")) parts.push(article.getAttribute("data-date"));
    if (article && article.getAttribute("data-source")) parts.push(article.getAttribute("data-source"));
    parts.push("¶" + paragraph.id.slice(1));
    return holder.textContent.trim().replace(/\s+/g, " ") + "\n—— " + parts.join("，") + "\n" + url;
  }
  function copyText(text, done) {
    if (navigator.clipboard && window.isSecureContext) { navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); }); return; }
    fallbackCopy(text, done);
  }
  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", ""); area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    try { document.execCommand("copy"); done(); } catch (e) { /* nothing to do */ }
    area.remove();
  }
  function setUpCitations() {
    var label = root.getAttribute("lang") === "en" ? "Copy paragraph with citation" : "复制本段及引用";
    document.querySelectorAll(".reading [id^='p'][data-w]").forEach(function (paragraph) {
      if (!/^p\d+$/.test(paragraph.id)) return;
      var button = document.createElement("button");
      button.type = "button"; button.className = "cite"; button.setAttribute("data-no-convert", "");
      button.textContent = paragraph.id.slice(1);
      button.setAttribute("aria-label", label + " " + paragraph.id.slice(1));
      button.title = label;
      button.addEventListener("click", function (event) {
        event.stopPropagation();
        copyText(citationFor(paragraph), function () {
          button.classList.add("copied");
          if (history.replaceState) history.replaceState(null, "", "#" + paragraph.id);
          window.setTimeout(function () { button.classList.remove("copied"); }, 1500);
        });
      });
      // Beside the paragraph, never inside it: its text (and data-w's count) stays the paragraph's own.
      paragraph.parentNode.insertBefore(button, paragraph);
    });
  }

  function start() { setUpControls(); setUpCopy(); setUpTooltips(); setUpScripts(); setUpCitations(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
