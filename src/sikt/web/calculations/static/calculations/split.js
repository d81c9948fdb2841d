// The running sum under each split table of the outcome form: the per cent typed in the row
// (Swedish decimal comma and spaces accepted), shown as e.g. "100 %".
(function () {
  function parse(text) {
    var clean = text.replace(/[\s\u00a0\u202f%]/g, "").replace("\u2212", "-").replace(",", ".");
    var value = parseFloat(clean);
    return isNaN(value) ? 0 : value;
  }
  function update(table) {
    var total = 0;
    table.querySelectorAll("tbody input").forEach(function (input) {
      total += parse(input.value);
    });
    var rounded = Math.round(total * 10000) / 10000;
    table.querySelector("[data-split-sum]").textContent =
      String(rounded).replace(".", ",") + "\u00a0%";
  }
  document.addEventListener("input", function (event) {
    var table = event.target.closest && event.target.closest("table.split");
    if (table) {
      update(table);
    }
  });
})();
