"""Error pages of the tenant urlconf that answer JSON under /api/ (a path that matches no API route, a crash),
the usual Vietnamese pages elsewhere. Mounted as handler404/handler500 in config/urls_tenants.py."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def _api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "Không tìm thấy.", "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return JsonResponse({"detail": "Đã có lỗi xảy ra. Vui lòng thử lại sau.", "code": "server_error"}, status=500)
    return defaults.server_error(request)
