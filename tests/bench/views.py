"""The view both routing benchmarks serve: one query, a small JSON body."""

from django.http import HttpRequest, JsonResponse

from core.org.models import OrgUnit


def org_units(request: HttpRequest) -> JsonResponse:
    rows = list(OrgUnit.objects.order_by("path").values_list("code", "name")[:20])
    return JsonResponse({"units": rows})
