// Injected into a copy of a `qawl show` page by tests/show_browser.rs. Once the page's own
// script has run and fonts are in, it measures the rendered DOM and writes the findings as
// JSON into a pre element (id qawl-test), which `chromium --dump-dom` brings back to the test.
(function () {
  "use strict";
  function run() {
    var article = document.getElementById("article");
    var out = { errors: [] };
    out.lang = document.documentElement.lang;
    out.direction = getComputedStyle(document.body).direction;
    var paras = article.querySelectorAll("p.para");
    out.paragraphs = paras.length;
    out.paragraph_directions = Array.from(new Set(Array.from(paras).map(function (p) { return getComputedStyle(p).direction; })));

    // Right-aligned: each paragraph's first line starts at the paragraph's right edge.
    out.right_aligned = 0;
    paras.forEach(function (p) {
      var r = document.createRange();
      var walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT, { acceptNode: function (n) { return n.data.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT; } });
      var t = walker.nextNode();
      if (!t) return;
      var i = t.data.search(/\S/);
      r.setStart(t, i);
      r.setEnd(t, i + 1);
      var c = r.getBoundingClientRect(), pr = p.getBoundingClientRect();
      var style = getComputedStyle(p);
      var right = pr.right - parseFloat(style.paddingRight);
      // The first character may sit inside a mark (padding, border) or after a badge.
      if (right - c.right < 60) out.right_aligned++;
      else out.errors.push("paragraph starts " + Math.round(right - c.right) + "px from its right edge: " + t.data.slice(0, 20));
    });

    var marks = Array.from(article.querySelectorAll("mark.ent"));
    out.marks = marks.filter(function (m) { return !m.hasAttribute("data-part"); }).map(function (m) { return m.dataset.e; });
    out.mark_pieces = marks.length;
    out.nested_marks = marks.filter(function (m) { return m.parentElement.closest("mark.ent"); }).length;

    // Labels: whole (not clipped, one box) and at the end of the mark, i.e. its left side.
    out.labels = 0;
    out.labels_clipped = 0;
    out.labels_misplaced = 0;
    article.querySelectorAll(".lbl, .qbadge").forEach(function (l) {
      out.labels++;
      if (l.scrollWidth > l.clientWidth + 1 || l.getClientRects().length !== 1) {
        out.labels_clipped++;
        out.errors.push("label cut: " + l.textContent);
      }
    });
    marks.forEach(function (m) {
      var l = m.querySelector(":scope > .lbl");
      if (!l || m.getClientRects().length !== 1) return;
      var mr = m.getBoundingClientRect(), lr = l.getBoundingClientRect();
      if (lr.left - mr.left > 8 || lr.right > mr.right) {
        out.labels_misplaced++;
        out.errors.push("label not at the left end of " + m.dataset.e);
      }
    });

    // Quotes: one element each, a badge naming the speaker that links to the panel entry.
    var quotes = Array.from(article.querySelectorAll(".quote")).filter(function (q) { return !q.hasAttribute("data-part"); });
    out.quotes = quotes.map(function (q) {
      var badge = q.querySelector(":scope > .qbadge");
      var speaker = q.dataset.speaker || null;
      var entry = speaker ? document.getElementById("person-" + speaker) : null;
      var name = entry ? entry.querySelector(".person-name").textContent.trim() : null;
      return {
        id: q.dataset.q,
        kind: q.classList.contains("quote-direct") ? "direct" : q.classList.contains("quote-indirect") ? "indirect" : "other",
        speaker: speaker,
        badge_pid: badge ? badge.dataset.pid || null : null,
        badge_names_speaker: !!(badge && name && badge.querySelector(".speaker").textContent.trim() === name),
        badge_first: badge === q.firstElementChild,
      };
    });
    out.cues = Array.from(article.querySelectorAll(".cue")).filter(function (c) { return !c.hasAttribute("data-part"); }).map(function (c) { return c.dataset.cueOf; });
    out.persons = Array.from(document.querySelectorAll("li.person")).map(function (li) { return li.id.replace(/^person-/, ""); });

    // Clicking each person highlights exactly their mentions, quotes and cues.
    out.highlight = [];
    document.querySelectorAll(".person-name").forEach(function (b) {
      var pid = b.dataset.pid;
      b.click();
      var expected = article.querySelectorAll('[data-person="' + CSS.escape(pid) + '"], [data-speaker="' + CSS.escape(pid) + '"]');
      var hl = article.querySelectorAll(".hl");
      var wrong = Array.from(hl).filter(function (el) { return el.dataset.person !== pid && el.dataset.speaker !== pid; }).length;
      out.highlight.push({ pid: pid, expected: expected.length, highlighted: hl.length, wrong: wrong, pressed: b.getAttribute("aria-pressed") });
      b.click();
    });
    out.cleared = article.querySelectorAll(".hl").length === 0;

    var pre = document.createElement("pre");
    pre.id = "qawl-test";
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  window.addEventListener("load", function () {
    (document.fonts ? document.fonts.ready : Promise.resolve()).then(function () {
      try { run(); } catch (e) {
        var pre = document.createElement("pre");
        pre.id = "qawl-test";
        pre.textContent = JSON.stringify({ crashed: String(e && e.stack || e) });
        document.body.appendChild(pre);
      }
    });
  });
})();
