/* FAQ suggestions while a question is typed. Without this file the form still works: the page
   offers a "Check the help pages" link that renders the same suggestions on the server.
   Markup: <div data-faq-suggestions data-url="/help/suggestions/?source=contact"
   data-input="#id_subject"></div>; the fragment comes from the server, already escaped. */
(function () {
  "use strict";

  function enhance(box) {
    var input = document.querySelector(box.dataset.input);
    if (!input) return;
    var timer = null;
    var last = "";
    var controller = null;

    function refresh() {
      var text = input.value.trim();
      if (text === last || text.length < 3) return;
      last = text;
      if (controller) controller.abort();
      controller = "AbortController" in window ? new AbortController() : null;
      var url = box.dataset.url + (box.dataset.url.indexOf("?") < 0 ? "?" : "&") +
        "q=" + encodeURIComponent(text);
      fetch(url, {
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin",
        signal: controller ? controller.signal : undefined
      }).then(function (response) {
        return response.ok ? response.text() : "";
      }).then(function (html) {
        box.innerHTML = html;
      }).catch(function () { /* offline or aborted: keep what is shown */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(refresh, 600);
    });
    box.setAttribute("aria-live", "polite");
  }

  document.querySelectorAll("[data-faq-suggestions]").forEach(enhance);
})();
