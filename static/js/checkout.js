/* Checkout pages. Everything works without this file except paying by card; it adds:
   - on the delivery step, a summary that follows the ticked shipping method and a submit button
     that says what it will do (and cannot be pressed twice);
   - on the payment page, the Stripe card field and the call to stripe.confirmCardPayment. */
(function () {
  "use strict";

  function enhanceDeliveryForm(form) {
    var shipping = document.querySelector("[data-summary-shipping]");
    var total = document.querySelector("[data-summary-total]");
    var vat = document.querySelector("[data-summary-vat]");
    var submit = form.querySelector("[data-submit]");

    form.addEventListener("change", function (event) {
      var input = event.target;
      if (!input.checked) return;
      if (input.dataset.shipping !== undefined) {
        if (shipping) shipping.textContent = input.dataset.shipping;
        if (total) total.textContent = input.dataset.total;
        if (vat) vat.textContent = input.dataset.vat;
      }
      if (input.hasAttribute("data-gateway") && submit) {
        var label = input.value === "stripe" ? submit.dataset.labelStripe : submit.dataset.labelOffline;
        if (label) submit.textContent = label;
      }
    });

    form.addEventListener("submit", function () {
      // After the browser has taken the form's values: a second click would place a second call.
      window.setTimeout(function () { if (submit) submit.disabled = true; }, 0);
    });
  }

  function enhanceCardPayment(form) {
    var errors = form.querySelector("[data-card-errors]");
    var button = form.querySelector("[data-pay-button]");
    var buttonLabel = button.textContent;
    var genericError = form.dataset.genericError;

    function fail(message) {
      errors.textContent = message || genericError;
      button.disabled = false;
      button.textContent = buttonLabel;
    }

    var stripe, card;
    try {
      stripe = window.Stripe(form.dataset.publishableKey);
      card = stripe.elements().create("card", { hidePostalCode: true });
      card.mount("#card-element");
    } catch (error) {
      // Stripe.js did not load (blocked, offline) or refused the key: say so, keep Pay off.
      fail();
      button.disabled = true;
      return;
    }
    card.on("change", function (event) {
      errors.textContent = event && event.error ? event.error.message : "";
    });
    button.disabled = false;

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      button.textContent = form.dataset.processingLabel;
      errors.textContent = "";
      stripe
        .confirmCardPayment(form.dataset.clientSecret, { payment_method: { card: card } })
        .then(function (result) {
          if (result.error) {
            fail(result.error.message);
            return;
          }
          // The return page checks the payment with Stripe before it places the order.
          window.location.assign(form.action);
        })
        .catch(function () {
          fail();
        });
    });
  }

  function start() {
    var delivery = document.querySelector("[data-delivery-form]");
    if (delivery) enhanceDeliveryForm(delivery);
    var payment = document.querySelector("[data-card-payment]");
    if (payment) enhanceCardPayment(payment);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
