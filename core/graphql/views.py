from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView


def _csrf_reason(request):
    """CSRF check for cookie-authenticated requests; None when it passes."""
    middleware = CsrfViewMiddleware(lambda req: None)
    return middleware.process_view(request, None, (), {})


@method_decorator(csrf_exempt, name="dispatch")
class ShopGraphQLView(GraphQLView):
    """The API endpoint. Clients sending `Authorization: Bearer …` need no CSRF token (no cookie
    authenticates them); a request that relies on the session cookie must pass the CSRF check,
    so another site cannot make a signed-in shopper's browser call mutations."""

    def dispatch(self, request, *args, **kwargs):
        uses_bearer = request.headers.get("Authorization", "").startswith("Bearer ")
        if request.method == "POST" and not uses_bearer and request.user.is_authenticated:
            refused = _csrf_reason(request)
            if refused is not None:
                return refused
        return super().dispatch(request, *args, **kwargs)
