"""The footer's legal links and the shop's contact block, on every storefront page."""

from django.conf import settings

from content.selectors import footer_pages


def footer(request):
    return {
        # A callable: the query runs only when a page's footer lists the links (not in the
        # admin, not in emails).
        "footer_pages": footer_pages,
        "shop_contact": {
            "email": settings.SHOP_CONTACT_EMAIL,
            "phone": settings.SHOP_CONTACT_PHONE,
            "hours": settings.SHOP_OPENING_HOURS,
        },
    }
