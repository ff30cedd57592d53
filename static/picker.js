// The index's "compare two roles" picker: two WAI-ARIA comboboxes that offer only pairs with
// a page, and open that page whichever order the roles are picked in.
(function () {
  "use strict";
  var form = document.getElementById("picker");
  if (!form || !window.versusLoadIndex) return;
  var SHOWN = 100;  // options listed at once: typing narrows the rest
  var message = form.querySelector(".picker-message");
  var index = null;
  var boxes = ["a", "b"].map(function (key) {
    var input = document.getElementById("pick-" + key);
    return {key: key, input: input, list: document.getElementById(input.getAttribute("aria-controls")),
            chosen: null, options: [], active: -1};
  });
  form.hidden = false;

  function other(box) { return boxes[box.key === "a" ? 1 : 0]; }

  function load() {
    return window.versusLoadIndex(form.dataset.json, form.dataset.script).then(function (found) {
      index = found;
      return found;
    });
  }

  // The roles whose names have every word typed in `box` and that have a page with the role
  // picked in the other box (with some role, if none is; pages or none, if `anyRole`), best
  // matches first.
  function matches(box, anyRole) {
    var words = window.versusFold(box.input.value).split(/\s+/).filter(Boolean);
    var partner = other(box).chosen;
    var found = index.roles.filter(function (role) {
      var paired = partner ? index.hasPair(role.index, partner.index) : index.hasPartners(role.index);
      if (!paired && !anyRole) return false;
      var text = window.versusFold([role.title].concat(role.names).join(" "));
      return words.every(function (w) { return text.indexOf(w) !== -1; });
    });
    var ranks = new Map(found.map(function (role) {  // the finder's order: whole words first
      return [role, window.versusRank(window.versusFold(role.title),
                                      role.names.map(window.versusFold), words)];
    }));
    return found.sort(function (x, y) {
      return ranks.get(x) - ranks.get(y) || x.title.localeCompare(y.title);
    });
  }

  function show(box) {
    box.options = matches(box);
    box.active = -1;
    box.list.textContent = "";
    box.options.slice(0, SHOWN).forEach(function (role, i) {
      var li = document.createElement("li");
      li.id = box.input.id + "-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = role.title;
      if (role.family) {
        var family = document.createElement("span");
        family.className = "option-family";
        family.textContent = role.family;
        li.appendChild(family);
      }
      li.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keep the focus in the input
        choose(box, role);
      });
      box.list.appendChild(li);
    });
    var more = box.options.length - SHOWN;
    var partner = other(box).chosen;
    var elsewhere = box.options.length === 0 && partner &&  // roles that match, not with it
      matches(box, true).some(function (role) { return role !== partner; });
    message.textContent = elsewhere
      ? "No role that matches is compared with " + partner.title + "."
      : box.options.length === 0 ? "No role matches: try fewer letters."
      : more > 0 ? box.options.length + " roles match; type more letters to narrow them." : "";
    open(box, box.options.length > 0);
  }

  function open(box, yes) {
    box.list.hidden = !yes;
    box.input.setAttribute("aria-expanded", yes ? "true" : "false");
    if (!yes) {
      box.active = -1;
      box.input.removeAttribute("aria-activedescendant");
    }
  }

  function move(box, step) {
    var count = Math.min(box.options.length, SHOWN);
    if (!count) return;
    box.active = (box.active + step + count) % count;
    Array.prototype.forEach.call(box.list.children, function (li, i) {
      li.setAttribute("aria-selected", i === box.active ? "true" : "false");
    });
    var li = box.list.children[box.active];
    box.input.setAttribute("aria-activedescendant", li.id);
    li.scrollIntoView({block: "nearest"});
  }

  function choose(box, role) {
    box.chosen = role;
    box.input.value = role.title;
    open(box, false);
    var partner = other(box).chosen;
    message.textContent = partner && !index.hasPair(role.index, partner.index)
      ? role.title + " and " + partner.title + " are not compared on this site: pick another role."
      : "";
  }

  function byTitle(box) {
    var typed = window.versusFold(box.input.value.trim());
    return index.roles.find(function (role) { return window.versusFold(role.title) === typed; }) || null;
  }

  boxes.forEach(function (box) {
    box.input.addEventListener("focus", function () {
      // With a role picked in the other box, the roles it is compared with are listed before
      // anything is typed: a site of related pairs compares each role with a few dozen.
      load().then(function () {
        if (!box.input.value.trim() && other(box).chosen && document.activeElement === box.input) show(box);
      }).catch(failed);
    });
    box.input.addEventListener("input", function () {
      box.chosen = null;
      load().then(function () { show(box); }).catch(failed);
    });
    box.input.addEventListener("blur", function () { open(box, false); });
    box.input.addEventListener("keydown", function (event) {
      var expanded = !box.list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        if (expanded && !event.altKey) move(box, step);
        else load().then(function () { show(box); if (!event.altKey) move(box, step); }).catch(failed);
      } else if (event.key === "Enter" && expanded && box.active >= 0) {
        event.preventDefault();
        choose(box, box.options[box.active]);
      } else if (event.key === "Escape") {
        if (expanded) open(box, false);
        else { box.input.value = ""; box.chosen = null; }
      }
    });
  });

  function failed() {
    message.textContent = "The list of roles could not be loaded. Every role is listed below.";
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    load().then(function () {
      var picked = boxes.map(function (box) { return box.chosen || byTitle(box); });
      if (!picked[0] || !picked[1]) {
        message.textContent = "Pick two roles from the lists.";
      } else if (picked[0].index === picked[1].index) {
        message.textContent = "Pick two different roles.";
      } else if (!index.hasPair(picked[0].index, picked[1].index)) {
        message.textContent = picked[0].title + " and " + picked[1].title + " are not compared on this site.";
      } else {
        var pair = [picked[0].slug, picked[1].slug].sort();
        window.location.href = form.dataset.link.replace("A-vs-B", pair[0] + "-vs-" + pair[1]);
      }
    }).catch(failed);
  });
})();
