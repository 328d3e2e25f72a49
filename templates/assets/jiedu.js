// jiedu reader: pinyin toggle, text size, glossary tooltips, copy without pinyin.
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
      if (action === "toggle-pinyin") {
        var on = !root.classList.contains("pinyin-on");
        applyPinyin(on);
        store.set("pinyin", on ? "on" : "off");
      } else {
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
      if (!holder.querySelector("rt")) return;
      holder.querySelectorAll("rt, rp").forEach(function (node) { node.remove(); });
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

  function start() { setUpControls(); setUpCopy(); setUpTooltips(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
