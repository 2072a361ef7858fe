// The product page's pickers: one radio group per attribute. Reads the map of combinations
// (value ids joined by "-", sorted → variant, stock, price) that the page embeds, fills the
// hidden variant input, greys out values that make no buyable combination with the other
// choices, updates the price and the stock message, and shows the chosen colour's photos.
// Without this script the form posts the chosen values and the server resolves them.
(function () {
  "use strict";
  var form = document.querySelector("form[data-options]");
  if (!form) return;
  var map = JSON.parse(document.getElementById(form.dataset.options).textContent);
  var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-attribute]"));
  var variantInput = form.querySelector("[data-variant]");
  var priceOut = form.querySelector("[data-choice-price]");
  var stockOut = form.querySelector("[data-choice-stock]");
  var submit = form.querySelector("button[type=submit]");

  function keyOf(ids) {
    return ids.slice().sort(function (a, b) { return a - b; }).join("-");
  }

  function chosenIds(except) {
    return groups.map(function (group) {
      if (group === except) return null;
      var checked = group.querySelector("input:checked");
      return checked ? Number(checked.dataset.valueId) : null;
    });
  }

  function buyableWith(ids) {
    // Is there an in-stock combination holding every id given (nulls are free)?
    var wanted = ids.filter(function (id) { return id !== null; });
    return Object.keys(map).some(function (key) {
      if (map[key].stock <= 0) return false;
      var parts = key.split("-").map(Number);
      return wanted.every(function (id) { return parts.indexOf(id) !== -1; });
    });
  }

  function showImages(ids) {
    var figures = document.querySelectorAll(".gallery [data-value]");
    var matching = Array.prototype.filter.call(figures, function (figure) {
      return ids.indexOf(Number(figure.dataset.value)) !== -1;
    });
    if (!matching.length) return;
    Array.prototype.forEach.call(figures, function (figure) {
      figure.hidden = matching.indexOf(figure) === -1;
    });
  }

  function update() {
    groups.forEach(function (group) {
      var others = chosenIds(group);
      group.querySelectorAll("input[type=radio]").forEach(function (input) {
        var ids = others.concat([Number(input.dataset.valueId)]);
        var ok = buyableWith(ids);
        input.disabled = !ok;
        input.closest(".picker__value").classList.toggle("picker__value--unavailable", !ok);
      });
    });
    var ids = chosenIds(null);
    showImages(ids);
    var complete = ids.every(function (id) { return id !== null; });
    var entry = complete ? map[keyOf(ids)] : null;
    var buyable = Boolean(entry && entry.stock > 0);
    variantInput.value = buyable ? entry.variant : "";
    if (priceOut) priceOut.textContent = entry ? entry.price_display : "";
    if (stockOut) {
      stockOut.textContent = entry ? entry.label : "";
      stockOut.className = "stock" + (entry ? " stock--" + entry.state : "");
    }
    if (submit) submit.disabled = complete && !buyable;
  }

  form.addEventListener("change", update);
  update();
})();
