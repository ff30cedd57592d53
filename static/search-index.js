// Loads the site's search index (search.json) once, when a page first needs it. From disk
// (file:) browsers refuse to fetch files, so there it loads the same index as a script.
(function () {
  "use strict";
  var pending = null;

  function fromScript(url) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { resolve(window.versusSearchIndex); };
      script.onerror = function () { reject(new Error("cannot load " + url)); };
      document.head.appendChild(script);
    });
  }

  function fromJson(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("cannot load " + url);
      return response.json();
    });
  }

  // Returns {roles: [{slug, title, family, names, index}], families, partners(i) -> Set}.
  function unpack(data) {
    var roles = data.roles.map(function (row, i) {
      return {slug: row[0], title: row[1], family: row[2] === null ? "" : data.families[row[2]],
              names: row[3] || [], index: i};
    });
    var lists = null;
    var groups = data.pairs.groups || null;
    var sizes = new Map();
    (groups || []).forEach(function (g) { sizes.set(g, (sizes.get(g) || 0) + 1); });
    if (!groups) {
      lists = roles.map(function () { return new Set(); });
      data.pairs.lists.forEach(function (later, i) {
        later.forEach(function (j) { lists[i].add(j); lists[j].add(i); });
      });
    }
    return {
      roles: roles,
      bySlug: new Map(roles.map(function (r) { return [r.slug, r]; })),
      hasPair: function (i, j) {
        if (i === j) return false;
        return groups ? groups[i] === groups[j] : lists[i].has(j);
      },
      hasPartners: function (i) {
        return groups ? sizes.get(groups[i]) > 1 : lists[i].size > 0;
      }
    };
  }

  window.versusLoadIndex = function (jsonUrl, scriptUrl) {
    if (!pending) {
      var load = location.protocol === "file:" && scriptUrl ? fromScript(scriptUrl) : fromJson(jsonUrl);
      pending = load.then(unpack);
    }
    return pending;
  };

  // Letters folded for matching: case and accents ignored.
  window.versusFold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
})();
