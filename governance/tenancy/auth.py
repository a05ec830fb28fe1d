"""Authentication backend: password login, with permissions granted by the user's roles."""

from django.contrib.auth.backends import ModelBackend

from governance.tenancy.roles import ROLE_PERMISSIONS


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_role_perm_cache"):
            roles = set(user_obj.memberships.values_list("role", flat=True))
            user_obj._role_perm_cache = set().union(*(ROLE_PERMISSIONS[r] for r in roles)) if roles else set()
        return super().get_all_permissions(user_obj, obj) | user_obj._role_perm_cache
