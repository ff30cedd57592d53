// The 404 page: sends /compare/b-vs-a/ to /compare/a-vs-b/ when that page exists, and
// otherwise suggests the roles whose names are nearest to the address asked for.
(function () {
  "use strict";
  var box = document.getElementById("suggest");
  if (!box || !window.versusLoadIndex) return;
  var base = box.dataset.base;
  var SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*";
  var COMPARE = new RegExp("(?:^|/)compare/(" + SLUG + ")/?(?:index\\.html)?$");
  var path = location.pathname;
  try { path = decodeURIComponent(path); } catch (error) { /* keep it as it came */ }
  path = path.toLowerCase();

  function pairOf(name) {  // a slug never holds the word "vs": the first one splits the two
    var at = name.indexOf("-vs-");
    return at === -1 ? null : [name.slice(0, at), name.slice(at + 4)];
  }

  function bigrams(text) {
    var found = new Map();
    var padded = " " + text.replace(/[^a-z0-9]+/g, " ").trim() + " ";
    for (var i = 0; i < padded.length - 1; i++) {
      var pair = padded.slice(i, i + 2);
      found.set(pair, (found.get(pair) || 0) + 1);
    }
    return found;
  }

  function likeness(a, b) {  // Dice's coefficient over letter pairs: 0 to 1
    var shared = 0, total = 0;
    a.forEach(function (n, pair) { shared += Math.min(n, b.get(pair) || 0); total += n; });
    b.forEach(function (n) { total += n; });
    return total ? 2 * shared / total : 0;
  }

  function nearest(index, text, count) {
    var asked = bigrams(window.versusFold(text).replace(/-/g, " "));
    return index.roles.map(function (role) {
      var score = Math.max(likeness(asked, bigrams(role.slug.replace(/-/g, " "))),
                           likeness(asked, bigrams(window.versusFold(role.title))));
      return {role: role, score: score};
    }).filter(function (s) { return s.score > 0.3; }).sort(function (x, y) {
      return y.score - x.score || x.role.title.localeCompare(y.role.title);
    }).slice(0, count).map(function (s) { return s.role; });
  }

  function item(text, url) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    li.appendChild(a);
    return li;
  }

  function suggest(index, roles) {
    var list = box.querySelector("ul");
    var seen = new Set();
    roles.forEach(function (role) {
      if (seen.has(role.slug)) return;
      seen.add(role.slug);
      list.appendChild(item(role.title, base + "roles/" + role.slug + "/"));
    });
    box.hidden = seen.size === 0;
  }

  function words(text) {  // the last meaningful part of an address
    var parts = text.split("/").filter(function (p) { return p && p !== "index.html"; });
    return (parts[parts.length - 1] || "").replace(/\.html?$/, "");
  }

  window.versusLoadIndex(box.dataset.json, null).then(function (index) {
    var match = path.match(COMPARE);
    var pair = match && pairOf(match[1]);
    if (pair) {
      var a = index.bySlug.get(pair[0]), b = index.bySlug.get(pair[1]);
      if (a && b && index.hasPair(a.index, b.index)) {
        var slugs = [a.slug, b.slug].sort();
        location.replace(base + "compare/" + slugs[0] + "-vs-" + slugs[1] + "/" + location.search + location.hash);
        return;
      }
      suggest(index, [a || nearest(index, pair[0], 3), b || nearest(index, pair[1], 3)].flat());
      return;
    }
    suggest(index, nearest(index, words(path), 6));
  }).catch(function () { /* no suggestions: the link to every role stays */ });
})();
