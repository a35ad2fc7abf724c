"""Base class for every tenant API view.

`TenantAPIView` refuses to serve outside a tenant schema, and its subclasses cannot switch off
authentication or permissions by accident: setting `authentication_classes` / `permission_classes` to an
empty list raises at import time unless the class is named `Dangerously…` on purpose (PostHog's pattern).
"""

from typing import Any

from django.http import Http404
from rest_framework.request import Request
from rest_framework.views import APIView

from billing_free.throttling import TenantPlanThrottle
from core.tasks import non_tenant_schemas
from tenants.db.schema import current_schema


class TenantAPIView(APIView):
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__name__.startswith("Dangerously"):
            return
        if "permission_classes" in cls.__dict__ and not cls.permission_classes:
            raise TypeError(f"{cls.__name__} has no permission classes; name it Dangerously… if intended")
        if "authentication_classes" in cls.__dict__ and not cls.authentication_classes:
            raise TypeError(f"{cls.__name__} has no authentication; name it Dangerously… if intended")

    def get_throttles(self) -> list[Any]:
        """The view's own throttles plus the tenant's plan limit (API requests per minute), always."""
        return [*super().get_throttles(), TenantPlanThrottle()]

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        if current_schema() in non_tenant_schemas():
            raise Http404
        super().initial(request, *args, **kwargs)
