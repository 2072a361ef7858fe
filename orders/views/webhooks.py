"""The Stripe webhook endpoint: verify the signature, then hand the event to the service."""

import json
import logging

import stripe
from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from orders.checkout.webhooks import stripe_event_handle, stripe_event_redelivery_wanted

logger = logging.getLogger(__name__)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """400 when the signature or the payload is wrong (nothing stored); 500 when processing
    failed, so that Stripe delivers the event again, up to STRIPE_WEBHOOK_MAX_ATTEMPTS times
    (then the event waits in the admin, see orders.checkout.webhooks); 200 otherwise, also
    for a redelivery."""
    try:
        stripe.Webhook.construct_event(
            request.body,
            request.headers.get("Stripe-Signature"),
            settings.STRIPE_WEBHOOK_SECRET,
        )
        event = json.loads(request.body)
        if not isinstance(event.get("id"), str) or not isinstance(event.get("type"), str):
            raise ValueError("not a Stripe event")
    except (ValueError, AttributeError, stripe.SignatureVerificationError) as exc:
        logger.warning("Refused a Stripe webhook: %s", type(exc).__name__)
        return HttpResponseBadRequest()
    stored = stripe_event_handle(event=event)
    if stripe_event_redelivery_wanted(stored):
        return HttpResponse(status=500)
    return HttpResponse()
