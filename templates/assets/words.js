// jiedu word popup: click, tap or focus a word of the reading text to see its entry.
// Self-contained, no library. Reads the page markup: [data-w] elements list the
// lengths of their words (base 36, one digit a word); a Han character's reading
// is the <rt> after it; glossary terms are a.term. Dictionary entries come from
// assets/dict/NN.js, loaded on demand with <script src> (works from file://) and
// calling window.jieduDict. Entries: [simplified, traditional, pinyin, senses],
// a headword equal to the key written "", senses joined with "/".
(function () {
  "use strict";
  var html = document.documentElement;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
  var words = {};       // headword -> entries, from the shards loaded so far
  var shards = {};      // "3c" -> "loading" | "loaded" | "failed"
  var waiting = {};     // "3c" -> callbacks
  var popup = null, live = null, highlight = null;
  var current = null;   // {element, index, start, end, word}

  window.jieduDict = function (mapping) {
    for (var key in mapping) if (Object.prototype.hasOwnProperty.call(mapping, key)) words[key] = mapping[key];
  };

  function siteRoot() {
    var meta = document.querySelector('meta[name="jiedu-root"]');
    return html.getAttribute("data-root") || (meta && meta.getAttribute("content")) || "";
  }
  function shardOf(text) { var n = text.codePointAt(0) % 64; return (n < 16 ? "0" : "") + n.toString(16); }
  function loadShard(shard, done) {
    if (shards[shard] === "loaded" || shards[shard] === "failed") { done(); return; }
    (waiting[shard] = waiting[shard] || []).push(done);
    if (shards[shard] === "loading") return;
    shards[shard] = "loading";
    var script = document.createElement("script");
    script.src = siteRoot() + "assets/dict/" + shard + ".js";
    function finish(state) {
      shards[shard] = state;
      var callbacks = waiting[shard] || [];
      waiting[shard] = [];
      callbacks.forEach(function (callback) { callback(); });
      script.remove();
    }
    script.onload = function () { finish("loaded"); };
    script.onerror = function () { finish("failed"); };
    document.head.appendChild(script);
  }
  function loadAll(keys, done) {
    var left = keys.length;
    if (!left) { done(); return; }
    keys.forEach(function (key) { loadShard(shardOf(key), function () { if (--left === 0) done(); }); });
  }

  // --- the words of a [data-w] element --------------------------------------
  function isSkipped(node, element) {
    for (var n = node.parentNode; n && n !== element; n = n.parentNode) {
      if (n.nodeName === "RT" || n.nodeName === "RP") return true;
    }
    return false;
  }
  // Base-text characters with where they are in the DOM and their readings.
  function indexElement(element) {
    var chars = [], readings = [];
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === 1) {
        if (node.nodeName === "RT" && chars.length && readings[chars.length - 1] == null) readings[chars.length - 1] = node.textContent.trim();
        continue;
      }
      if (isSkipped(node, element)) continue;
      var text = node.data;
      for (var i = 0; i < text.length; ) {
        var size = text.codePointAt(i) > 0xffff ? 2 : 1;
        chars.push({ node: node, offset: i, size: size, text: text.substr(i, size) });
        readings.push(null);
        i += size;
      }
    }
    var lengths = [];
    (element.getAttribute("data-w") || "").split("").forEach(function (digit) { lengths.push(parseInt(digit, 36) || 1); });
    var spans = [], start = 0;
    lengths.forEach(function (length) { spans.push([start, Math.min(start + length, chars.length)]); start += length; });
    return { element: element, chars: chars, readings: readings, spans: spans };
  }
  function spanText(index, span) { return index.chars.slice(span[0], span[1]).map(function (c) { return c.text; }).join(""); }
  function isWord(index, span) { return HAN.test(spanText(index, span)); }
  function wordAt(index, position) {
    for (var k = 0; k < index.spans.length; k++) if (position >= index.spans[k][0] && position < index.spans[k][1]) return k;
    return -1;
  }
  function rangeOf(index, span) {
    var range = document.createRange(), first = index.chars[span[0]], last = index.chars[span[1] - 1];
    range.setStart(first.node, first.offset);
    range.setEnd(last.node, last.offset + last.size);
    return range;
  }

  // The base character under a point (a click on a reading counts for its character).
  function charAtPoint(index, x, y, target) {
    var rt = target && target.closest && target.closest("rt");
    if (rt) {
      for (var k = index.chars.length - 1; k >= 0; k--) {
        if (index.chars[k].node.compareDocumentPosition(rt) & Node.DOCUMENT_POSITION_FOLLOWING) return k;
      }
    }
    for (var i = 0; i < index.chars.length; i++) {
      var c = index.chars[i], range = document.createRange();
      range.setStart(c.node, c.offset);
      range.setEnd(c.node, c.offset + c.size);
      var rects = range.getClientRects();
      for (var r = 0; r < rects.length; r++) {
        var b = rects[r];
        if (x >= b.left - 1 && x <= b.right + 1 && y >= b.top - 1 && y <= b.bottom + 1) return i;
      }
    }
    return -1;
  }

  // --- the popup -------------------------------------------------------------
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }
  function ensurePopup() {
    if (popup) return;
    popup = el("div", "word-popup");
    popup.id = "word-popup";
    popup.setAttribute("role", "dialog");
    popup.setAttribute("aria-label", "Dictionary entry");
    popup.hidden = true;
    popup.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.stopPropagation(); closePopup(true); }
    });
    live = el("div", "word-live");
    live.setAttribute("aria-live", "polite");
    highlight = el("div", "word-highlight");
    document.body.appendChild(highlight);
    document.body.appendChild(popup);
    document.body.appendChild(live);
  }
  function entriesFor(word) {
    var found = words[word];
    if (found) return [[word, found]];
    var out = [];
    Array.from(word).forEach(function (char) { if (words[char]) out.push([char, words[char]]); });
    return out;
  }
  function glossaryPart(term) {
    var part = el("section", "word-term");
    var note = el("p", "word-term-note");
    note.appendChild(document.createTextNode("Glossary term · "));
    var link = el("a", null, "glossary entry");
    link.href = term.getAttribute("href");
    note.appendChild(link);
    part.appendChild(note);
    var tip = document.getElementById("tip-" + term.getAttribute("data-term"));
    if (tip) {
      Array.from(tip.childNodes).forEach(function (node) { if (!(node.classList && node.classList.contains("tip-more"))) part.appendChild(node.cloneNode(true)); });
    }
    return part;
  }
  function entryPart(headword, entries) {
    var part = el("section", "word-entry");
    var first = entries[0];
    var simplified = first[0] || headword, traditional = first[1] || headword;
    var head = el("p", "word-head");
    head.appendChild(el("span", "word-hans", simplified)).setAttribute("lang", "zh-Hans");
    if (traditional !== simplified) head.appendChild(el("span", "word-hant", traditional)).setAttribute("lang", "zh-Hant");
    part.appendChild(head);
    var list = el("ol", "word-senses");
    entries.forEach(function (entry) {
      var item = el("li");
      item.appendChild(el("span", "word-pinyin", entry[2])).setAttribute("lang", "zh-Latn-pinyin");
      item.appendChild(document.createTextNode(" " + entry[3].split("/").join("; ")));
      list.appendChild(item);
    });
    part.appendChild(list);
    return part;
  }
  function fillPopup(word, reading, term) {
    popup.textContent = "";
    var top = el("p", "word-context");
    top.appendChild(el("span", "word-shown", word)).setAttribute("lang", html.getAttribute("lang") || "zh");
    if (reading) top.appendChild(el("span", "word-reading", reading)).setAttribute("lang", "zh-Latn-pinyin");
    popup.appendChild(top);
    if (term) popup.appendChild(glossaryPart(term));
    var found = entriesFor(word);
    if (!found.length) popup.appendChild(el("p", "word-missing", "Not in the dictionary."));
    else if (found[0][0] !== word) popup.appendChild(el("p", "word-note", "Not in the dictionary as a word; its characters:"));
    found.forEach(function (pair) { popup.appendChild(entryPart(pair[0], pair[1])); });
    var close = el("button", "word-close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { closePopup(true); });
    popup.appendChild(close);
    var summary = found.length && found[0][1][0] ? found[0][1][0][3].split("/").slice(0, 3).join("; ") : "";
    live.textContent = word + " " + (reading || "") + (summary ? ": " + summary : "");
  }

  // Below the word, or above it when there is no room below; never over it.
  function placePopup(range) {
    var rects = Array.from(range.getClientRects());
    if (!rects.length) return;
    var top = Math.min.apply(null, rects.map(function (r) { return r.top; }));
    var bottom = Math.max.apply(null, rects.map(function (r) { return r.bottom; }));
    var left = rects[0].left, viewWidth = html.clientWidth, viewHeight = window.innerHeight;
    popup.style.maxHeight = "";
    popup.style.left = "0px";
    popup.style.top = "0px";
    var width = popup.offsetWidth, height = popup.offsetHeight, gap = 6;
    var roomBelow = viewHeight - bottom - gap - 8, roomAbove = top - gap - 8;
    var below = height <= roomBelow || roomBelow >= roomAbove;
    if (height > (below ? roomBelow : roomAbove)) popup.style.maxHeight = Math.max(80, below ? roomBelow : roomAbove) + "px";
    height = popup.offsetHeight;
    var x = Math.max(8, Math.min(left, viewWidth - width - 8));
    var y = below ? bottom + gap : top - gap - height;
    popup.style.left = (window.scrollX + x) + "px";
    popup.style.top = (window.scrollY + y) + "px";
  }
  function drawHighlight(range) {
    highlight.textContent = "";
    Array.from(range.getClientRects()).forEach(function (r) {
      var box = el("div", "word-highlight-box");
      box.style.left = (window.scrollX + r.left) + "px";
      box.style.top = (window.scrollY + r.top) + "px";
      box.style.width = r.width + "px";
      box.style.height = r.height + "px";
      highlight.appendChild(box);
    });
  }

  function openWord(element, k) {
    ensurePopup();
    var index = indexElement(element), span = index.spans[k];
    if (!span || span[1] <= span[0]) return;
    var word = spanText(index, span);
    var reading = index.readings.slice(span[0], span[1]).filter(Boolean).join(" ");
    var term = index.chars[span[0]].node.parentNode.closest && index.chars[span[0]].node.parentNode.closest("a.term");
    current = { element: element, index: k, word: word };
    var keys = [word].concat(Array.from(word).filter(function (c) { return HAN.test(c); }));
    html.classList.add("word-popup-open");
    loadAll(keys, function () {
      if (!current || current.element !== element || current.index !== k) return;
      var range = rangeOf(index, span);
      fillPopup(word, reading, term);
      popup.hidden = false;
      element.setAttribute("aria-controls", "word-popup");
      element.setAttribute("aria-expanded", "true");
      drawHighlight(range);
      placePopup(range);
    });
  }
  function closePopup(refocus) {
    if (!current) return;
    var element = current.element;
    current = null;
    html.classList.remove("word-popup-open");
    popup.hidden = true;
    highlight.textContent = "";
    live.textContent = "";
    element.setAttribute("aria-expanded", "false");
    if (refocus) element.focus({ preventScroll: true });
  }

  // --- events ----------------------------------------------------------------
  function onClick(event) {
    if (event.target.closest(".word-popup")) return;
    var element = event.target.closest("[data-w]");
    if (!element) { closePopup(false); return; }
    var index = indexElement(element);
    var position = charAtPoint(index, event.clientX, event.clientY, event.target);
    var k = position < 0 ? -1 : wordAt(index, position);
    if (k < 0 || !isWord(index, index.spans[k])) { closePopup(false); return; }
    if (event.target.closest("a.term")) event.preventDefault();  // the popup leads to the entry
    if (current && current.element === element && current.index === k) { closePopup(false); return; }
    openWord(element, k);
  }
  function step(element, from, direction) {
    var index = indexElement(element);
    for (var k = from + direction; k >= 0 && k < index.spans.length; k += direction) {
      if (isWord(index, index.spans[k])) return k;
    }
    return -1;
  }
  function onKeydown(event) {
    var element = event.target.closest && event.target.closest("[data-w]");
    if (event.key === "Escape" && current) { closePopup(true); return; }
    if (!element || event.target !== element || event.altKey || event.ctrlKey || event.metaKey) return;
    var at = current && current.element === element ? current.index : -1;
    var k = -1;
    if (event.key === "ArrowRight") k = step(element, at, 1);
    else if (event.key === "ArrowLeft") k = step(element, at < 0 ? indexElement(element).spans.length : at, -1);
    else if ((event.key === "Enter" || event.key === " ") && at < 0) k = step(element, -1, 1);
    else if (event.key === "Tab" && !event.shiftKey && at >= 0 && !popup.hidden) {
      var link = popup.querySelector("a[href]");
      if (link) { event.preventDefault(); link.focus(); }
      return;
    } else return;
    event.preventDefault();
    if (k >= 0) openWord(element, k);
  }

  function start() {
    var elements = document.querySelectorAll("[data-w]");
    if (!elements.length) return;
    elements.forEach(function (element) {
      if (!element.hasAttribute("tabindex")) element.setAttribute("tabindex", "0");
      element.classList.add("has-words");
    });
    document.addEventListener("click", onClick);
    document.addEventListener("keydown", onKeydown);
    window.addEventListener("resize", function () { closePopup(false); });
    document.addEventListener("focusout", function (event) {
      // Focus leaving both the text and the popup closes it (never leaving focus behind in a hidden popup).
      window.setTimeout(function () {
        var active = document.activeElement;
        if (current && popup.contains(event.target) && !popup.contains(active) && active !== current.element) closePopup(false);
      }, 0);
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
