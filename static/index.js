// The index's role finder: search as you type, filter by job family, sort by a key figure.
// It reads the grouped list the page already has; without JavaScript that list stays.
(function () {
  "use strict";
  window.versusRank = rank;  // the picker orders its options so too (see rank below)
  var finder = document.getElementById("finder");
  var groups = document.getElementById("groups");
  if (!finder || !groups) return;
  var PAGE = 60;  // results shown before "Show more": a phone's screen or two
  var query = document.getElementById("find-q");
  var family = document.getElementById("find-family");
  var sort = document.getElementById("find-sort");
  var count = document.getElementById("find-count");
  var results = document.getElementById("find-results");
  var more = document.getElementById("find-more");
  var shown = PAGE;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function figure(text) { return text === undefined ? null : Number(text); }

  var roles = Array.prototype.map.call(groups.querySelectorAll("li[data-title]"), function (li) {
    var d = li.dataset;
    var node = li.cloneNode(true);
    if (d.family) {
      var name = document.createElement("span");
      name.className = "family";
      name.textContent = d.family;
      node.insertBefore(name, node.children[1] || null);
    }
    if (d.aka) {
      var aka = document.createElement("span");
      aka.className = "aka";
      aka.textContent = "Also: " + d.aka;
      node.appendChild(aka);
    }
    return {node: node, title: d.title, folded: fold(d.title), aka: fold(d.aka || ""),
            text: fold([d.title, d.family || "", d.aka || ""].join(" ")), family: d.family || "",
            pay: figure(d.pay), growth: figure(d.growth), jobs: figure(d.jobs)};
  });

  function compare(key) {
    if (key === "name") return function (x, y) { return x.title.localeCompare(y.title); };
    return function (x, y) {  // highest first; a role whose figure is not known goes last
      if (x[key] === y[key]) return x.title.localeCompare(y.title);
      if (x[key] === null) return 1;
      if (y[key] === null) return -1;
      return y[key] - x[key];
    };
  }

  // How well a role matches the words typed (folded), here and in the picker (picker.js):
  // its title starts with them (0); each is a word of its title (1: "nurse" finds Registered
  // Nurse) or starts one (2); one of its other names does (3: "rn"); or the words are only
  // somewhere in its text (4). `title` and each of `names` are folded.
  function plain(text) { return " " + text.replace(/[^a-z0-9]+/g, " ") + " "; }
  function rank(title, names, words) {
    if (title.indexOf(words.join(" ")) === 0) return 0;
    var spaced = plain(title);
    if (words.every(function (w) { return spaced.indexOf(" " + w + " ") !== -1; })) return 1;
    if (words.every(function (w) { return spaced.indexOf(" " + w) !== -1; })) return 2;
    if (names.map(plain).some(function (n) { return words.every(function (w) {
      return n.indexOf(" " + w) !== -1; }); })) {
      return 3;
    }
    return 4;
  }

  function update() {
    var words = fold(query.value).split(/\s+/).filter(Boolean);
    var chosen = family ? family.value : "";
    var found = roles.filter(function (role) {
      return (!chosen || role.family === chosen) &&
        words.every(function (w) { return role.text.indexOf(w) !== -1; });
    }).sort(compare(sort.value));
    if (words.length && sort.value === "name") {  // the best matches first, stably
      var ranks = new Map(found.map(function (role) {
        return [role, rank(role.folded, role.aka.split(/\s*·\s*/), words)];
      }));
      found.sort(function (x, y) { return ranks.get(x) - ranks.get(y); });
    }
    results.textContent = "";
    found.slice(0, shown).forEach(function (role) { results.appendChild(role.node); });
    count.textContent = found.length === 0 ? "No role matches."
      : found.length === 1 ? "1 role" : found.length.toLocaleString("en") + " roles";
    more.hidden = found.length <= shown;
    more.textContent = "Show " + Math.min(PAGE, found.length - shown) + " more";
  }

  function restart() { shown = PAGE; update(); }
  query.addEventListener("input", restart);
  sort.addEventListener("change", restart);
  if (family) family.addEventListener("change", restart);
  more.addEventListener("click", function () { shown += PAGE; update(); });
  finder.hidden = false;
  groups.hidden = true;
  update();
})();
