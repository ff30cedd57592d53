// The index's "compare two roles" picker: opens the comparison page of the chosen pair.
(function () {
  "use strict";
  var form = document.getElementById("picker");
  if (!form) return;
  var message = form.querySelector(".picker-message");
  form.hidden = false;
  function category(select) {
    return select.options[select.selectedIndex].dataset.category;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var a = form.elements.a.value;
    var b = form.elements.b.value;
    if (a === b) {
      message.textContent = "Pick two different roles.";
      return;
    }
    if (form.dataset.pairs === "category" && category(form.elements.a) !== category(form.elements.b)) {
      message.textContent = "This site compares roles within one job family: pick two from the same one.";
      return;
    }
    if (form.dataset.pairs === "listed") {
      // Each role is compared with its most related roles only: the first role lists them.
      var partners = form.elements.a.options[form.elements.a.selectedIndex].dataset.partners;
      if (partners.split(" ").indexOf(String(form.elements.b.selectedIndex)) < 0) {
        message.textContent = "This site compares each role with its most related roles, and " +
          "these two are not among each other's. Open a role to see its comparisons.";
        return;
      }
    }
    var pair = [a, b].sort();
    window.location.href = form.dataset.link.replace("A-vs-B", pair[0] + "-vs-" + pair[1]);
  });
})();
