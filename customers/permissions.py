"""The staff groups of DESIGN.md, with the model permissions each one needs."""

from django.contrib.auth.models import Group, Permission

SELLERS = "Sellers"
SUPPORT_AGENTS = "Support agents"

# app label -> the permission codenames each group gets in it ("*" = every permission of the app).
GROUP_PERMISSIONS = {
    SELLERS: {"shop": "*", "orders": "*", "content": "*"},
    SUPPORT_AGENTS: {
        "support": "*",
        "shop": ["view_*"],
        "orders": ["view_*", "add_returnrequest", "add_refund"],
    },
}


def _permissions_for(app_label, spec):
    qs = Permission.objects.filter(content_type__app_label=app_label)
    if spec == "*":
        return list(qs)
    prefixes = tuple(pattern.rstrip("*") for pattern in spec)
    return [perm for perm in qs if perm.codename.startswith(prefixes)]


def ensure_staff_groups(**kwargs):
    """Create the staff groups and give them their permissions; safe to run any number of times."""
    for group_name, apps in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        permissions = []
        for app_label, spec in apps.items():
            permissions += _permissions_for(app_label, spec)
        group.permissions.add(*permissions)
