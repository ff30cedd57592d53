// Sortable tables (data-sortable): each column heading becomes a button; numbers sort highest
// first, text A to Z; a second press reverses. Cells with no figure always go last.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    var headings = table.querySelectorAll("thead th");
    var body = table.tBodies[0];
    Array.prototype.forEach.call(headings, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) button.appendChild(th.firstChild);
      th.appendChild(button);
      button.addEventListener("click", function () { sortBy(column, th); });
    });

    function value(row, column, numeric) {
      var text = row.cells[column].dataset.value;
      if (text === undefined) return null;
      return numeric ? Number(text) : text;
    }

    function sortBy(column, th) {
      var numeric = th.dataset.type === "number";
      var current = th.getAttribute("aria-sort");
      var ascending = current ? current === "descending" : !numeric;
      Array.prototype.forEach.call(headings, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (x, y) {
        var a = value(x, column, numeric), b = value(y, column, numeric);
        if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
        var order = numeric ? a - b : a.localeCompare(b);
        return ascending ? order : -order;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    }
  });
})();
