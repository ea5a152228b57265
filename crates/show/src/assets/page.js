// Clicking a person (in the panel, a quote's badge, or a mention) highlights every
// mention, quote and cue of theirs; clicking again clears it. No libraries, nothing fetched.
(function () {
  "use strict";
  var current = null;

  // The person's mentions, quotes and cues in the article (not the panel).
  function selector(pid) {
    var e = CSS.escape(pid);
    return '#article [data-person="' + e + '"], #article [data-speaker="' + e + '"]';
  }

  function select(pid) {
    current = current === pid ? null : pid;
    document.querySelectorAll(".hl").forEach(function (el) { el.classList.remove("hl"); });
    document.querySelectorAll(".person-name").forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.dataset.pid === current));
    });
    if (current === null) {
      delete document.body.dataset.focus;
      return [];
    }
    document.body.dataset.focus = current;
    var hits = document.querySelectorAll(selector(current));
    hits.forEach(function (el) { el.classList.add("hl"); });
    return hits;
  }

  document.addEventListener("click", function (ev) {
    var inPanel = ev.target.closest(".person-name");
    var badge = ev.target.closest(".qbadge[data-pid]");
    var mention = ev.target.closest("mark[data-person]");
    if (inPanel) {
      var hits = select(inPanel.dataset.pid);
      if (hits.length && hits[0].scrollIntoView) hits[0].scrollIntoView({ block: "center", behavior: "smooth" });
    } else if (badge || mention) {
      ev.preventDefault();
      var pid = badge ? badge.dataset.pid : mention.dataset.person;
      select(pid);
      var entry = document.getElementById("person-" + pid);
      if (entry && entry.scrollIntoView) entry.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  });

  // For tests and bookmarks: page.html#person-p1 opens with that person selected.
  var m = /^#person-(.+)$/.exec(location.hash);
  if (m) select(decodeURIComponent(m[1]));
})();
