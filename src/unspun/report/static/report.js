/* unspun report: client-side search over the index embedded in index.html, and linked passages. */
(function () {
  "use strict";

  function norm(s) { return (s || "").toLowerCase(); }

  function snippet(text, term) {
    var i = norm(text).indexOf(term);
    if (i < 0) { return text.slice(0, 160); }
    var start = Math.max(0, i - 70);
    return (start > 0 ? "…" : "") + text.slice(start, i + term.length + 90) + "…";
  }

  function setupSearch() {
    var data = document.getElementById("search-index");
    var box = document.getElementById("q");
    var form = box && box.form;
    if (!data || !box) { return; }  // other pages: the form goes to index.html?q=...
    var index = JSON.parse(data.textContent);
    var section = document.getElementById("results");
    var list = document.getElementById("result-list");
    var count = document.getElementById("result-count");

    function run() {
      var terms = norm(box.value).split(/\s+/).filter(Boolean);
      list.textContent = "";
      if (!terms.length) { section.hidden = true; return; }
      var hits = index.filter(function (a) {
        var hay = norm(a.t + " " + a.s + " " + a.x + " " + a.id);
        return terms.every(function (t) { return hay.indexOf(t) >= 0; });
      });
      function inTitle(a) { return terms.every(function (t) { return norm(a.t + " " + a.s).indexOf(t) >= 0; }); }
      hits.sort(function (x, y) { return inTitle(y) - inTitle(x); });  // stable: title or site matches first
      hits.forEach(function (a) {  // textContent only: article data never becomes markup
        var li = document.createElement("li");
        li.className = "result";
        var link = document.createElement("a");
        link.href = a.u;
        link.textContent = a.t;
        li.appendChild(link);
        if (a.s) {
          var site = document.createElement("span");
          site.className = "site";
          site.textContent = " " + a.s;
          li.appendChild(site);
        }
        var p = document.createElement("p");
        p.className = "snippet";
        p.textContent = snippet(a.x, terms[0]);
        li.appendChild(p);
        list.appendChild(li);
      });
      count.textContent = "(" + hits.length + ")";
      section.hidden = false;
    }

    box.addEventListener("input", run);
    if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); run(); }); }
    var q = new URLSearchParams(window.location.search).get("q");
    if (q) { box.value = q; run(); }
  }

  function setupPassages() {
    var marks = document.querySelectorAll(".passage[data-p]");
    function each(p, fn) {
      document.querySelectorAll('.passage[data-p="' + p + '"]').forEach(fn);
    }
    marks.forEach(function (m) {
      m.addEventListener("mouseenter", function () { each(m.dataset.p, function (x) { x.classList.add("active"); }); });
      m.addEventListener("mouseleave", function () { each(m.dataset.p, function (x) { x.classList.remove("active"); }); });
      if (m.tagName === "A") {
        m.addEventListener("click", function (e) {
          var target = document.getElementById(m.getAttribute("href").slice(1));
          if (!target) { return; }
          e.preventDefault();
          target.scrollIntoView({ block: "center", behavior: "smooth" });
          target.classList.add("flash");
          window.setTimeout(function () { target.classList.remove("flash"); }, 1200);
        });
      }
    });
  }

  setupSearch();
  setupPassages();
})();
