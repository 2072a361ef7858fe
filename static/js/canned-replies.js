/* The agent's canned-reply picker: "Insert" puts the chosen reply, its placeholders already
   filled by the server from the ticket's order (a <template id="canned-ID"> per reply), into
   the reply box at the cursor, without reloading the page (which would lose a draft). Without
   this script the picker's form reloads the page with ?canned=ID and the box holds the reply. */
(function () {
  "use strict";

  function insertAtCursor(box, text, touched) {
    // Where the agent left the cursor; at the end of a draft the agent never clicked into.
    var start = touched ? box.selectionStart : box.value.length;
    var end = touched ? box.selectionEnd : box.value.length;
    var before = box.value.slice(0, start), after = box.value.slice(end);
    // Keep a blank line between the draft and the inserted reply.
    if (before && !/\n\n$/.test(before)) text = (/\n$/.test(before) ? "\n" : "\n\n") + text;
    if (after && !/^\n/.test(after)) text += "\n\n";
    box.value = before + text + after;
    var caret = before.length + text.length;
    box.setSelectionRange(caret, caret);
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.querySelectorAll("[data-canned-picker]").forEach(function (picker) {
    var box = document.getElementById(picker.dataset.cannedTarget);
    var select = picker.querySelector("select");
    if (!box || !select) return;
    var touched = false;
    box.addEventListener("focus", function () { touched = true; });
    picker.addEventListener("submit", function (event) {
      var reply = document.getElementById("canned-" + select.value);
      if (!reply) return; // let the form reload the page with the reply
      event.preventDefault();
      insertAtCursor(box, reply.content.textContent, touched);
      box.focus();
    });
  });
})();
