/* iso20000-prm site search: no library, no network. The index (search-index.js, written when the
   site is built) sets window.PRM_SEARCH to [[kind, title, path, text], ...] with paths relative
   to the site root; search.html sits at the root, so the paths are its links. Every word of the
   query must occur in the title or the text; title hits rank first. */
(function () {
  "use strict";
  var index = window.PRM_SEARCH || [];
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var out = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!form || !input || !out) return;

  function norm(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  var prepared = index.map(function (e) {
    return { kind: e[0], title: e[1], path: e[2], text: e[3], t: norm(e[1]), x: norm(e[3]) };
  });

  function search(query) {
    var words = norm(query).split(/\s+/).filter(Boolean);
    if (!words.length) return [];
    var hits = [];
    prepared.forEach(function (e, i) {
      var score = 0;
      for (var k = 0; k < words.length; k++) {
        var w = words[k];
        if (e.t.indexOf(w) >= 0) score += 3;
        else if (e.x.indexOf(w) >= 0) score += 1;
        else return;
      }
      hits.push({ e: e, score: score, i: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits.map(function (h) { return h.e; });
  }

  function snippet(text, query) {
    var words = norm(query).split(/\s+/).filter(Boolean);
    var low = norm(text), at = -1;
    for (var k = 0; k < words.length && at < 0; k++) at = low.indexOf(words[k]);
    var start = Math.max(0, at - 60);
    return (start > 0 ? "…" : "") + text.slice(start, start + 180) + (text.length > start + 180 ? "…" : "");
  }

  function show(query) {
    out.textContent = "";
    var hits = search(query);
    status.textContent = query ? hits.length + " result" + (hits.length === 1 ? "" : "s") + " for “" + query + "”" : "";
    hits.slice(0, 200).forEach(function (e) {
      var li = document.createElement("li");
      li.className = "hit " + e.kind;
      var a = document.createElement("a");
      a.href = e.path;
      a.textContent = e.title;
      var kind = document.createElement("span");
      kind.className = "badge";
      kind.textContent = e.kind;
      var p = document.createElement("div");
      p.className = "muted";
      p.textContent = snippet(e.text, query);
      li.appendChild(a);
      li.appendChild(kind);
      li.appendChild(p);
      out.appendChild(li);
    });
  }

  var params = new URLSearchParams(window.location.search);
  var q = params.get("q") || "";
  input.value = q;
  show(q);
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var value = input.value.trim();
    if (window.history && window.history.replaceState) {
      try { window.history.replaceState(null, "", "?q=" + encodeURIComponent(value)); } catch (err) { /* file: URLs */ }
    }
    show(value);
  });
})();
