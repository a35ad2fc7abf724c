"""Notifications API: my centre (list with the unread count, mark read), my preferences per kind, my push
devices (register this browser's subscription, remove one) and the deployment's VAPID public key."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from api.pagination import ValidatedLimitOffsetPagination
from core.notifications import services, subscriptions
from core.notifications.models import Kind, Mode, Notification, PushSubscription
from core.notifications.push import push_configured
from core.notifications.selectors import devices_of, notifications_of, preferences_of, unread_count

PAGE_SIZE = 50


def _user(request: Request) -> User:
    assert isinstance(request.user, User)
    return request.user


class NotificationOutput(serializers.ModelSerializer):
    text = serializers.CharField(source="notice.text")
    url = serializers.CharField(source="notice.url")
    kind = serializers.ChoiceField(source="notice.kind", choices=Kind.choices)
    created_at = serializers.DateTimeField(source="notice.created_at")
    read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "url", "created_at", "read_at", "read"]

    def get_read(self, note: Notification) -> bool:
        return note.read_at is not None


class NotificationListOutput(serializers.Serializer):
    unread = serializers.IntegerField()
    count = serializers.IntegerField()
    results = NotificationOutput(many=True)


class NotificationReadInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), required=False, max_length=500
    )


class NotificationReadOutput(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


class NotificationListApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        parameters=[
            OpenApiParameter("offset", int, description="bỏ qua bao nhiêu thông báo / how many to skip"),
            OpenApiParameter("limit", int, description="tối đa bao nhiêu (≤ 500) / at most how many"),
        ],
        responses=NotificationListOutput,
        summary="Thông báo của tôi / My notifications",
    )
    def get(self, request: Request) -> Response:
        paging = ValidatedLimitOffsetPagination()
        offset, limit = paging.get_offset(request), paging.get_limit(request) or PAGE_SIZE
        mine = notifications_of(request.user)
        data = {
            "unread": unread_count(request.user),
            "count": mine.count(),
            "results": list(mine[offset : offset + limit]),
        }
        return Response(NotificationListOutput(data).data)


class NotificationReadApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=NotificationReadInput,
        responses=NotificationReadOutput,
        summary="Đánh dấu đã đọc (tất cả, hoặc các id) / Mark notifications read (all, or ids)",
    )
    def post(self, request: Request) -> Response:
        payload = NotificationReadInput(data=request.data)
        payload.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(user=_user(request), ids=payload.validated_data.get("ids"))
        return Response({"marked": marked, "unread": unread_count(request.user)})


class NotificationPreferenceItem(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    mode = serializers.ChoiceField(choices=Mode.choices)


class NotificationPreferences(serializers.Serializer):
    preferences = serializers.ListField(child=NotificationPreferenceItem(), max_length=len(Kind.values))


class PreferencesApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=NotificationPreferences, summary="Cách nhận thông báo theo loại / My preferences per kind")
    def get(self, request: Request) -> Response:
        prefs = preferences_of(_user(request))
        return Response({"preferences": [{"kind": k, "mode": m} for k, m in prefs.items()]})

    @extend_schema(
        request=NotificationPreferences,
        responses=NotificationPreferences,
        summary="Đổi cách nhận thông báo (push / inapp / digest) / Set my preferences",
    )
    def put(self, request: Request) -> Response:
        payload = NotificationPreferences(data=request.data)
        payload.is_valid(raise_exception=True)
        modes = {item["kind"]: item["mode"] for item in payload.validated_data["preferences"]}
        services.preferences_set(user=_user(request), modes=modes)
        return self.get(request)


class PushDeviceInput(serializers.Serializer):
    endpoint = serializers.URLField(max_length=1000)
    p256dh = serializers.CharField(max_length=200)
    auth = serializers.CharField(max_length=100)
    user_agent = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PushDeviceOutput(serializers.ModelSerializer):
    class Meta:
        model = PushSubscription
        fields = ["id", "user_agent", "created_at", "last_success_at"]


class PushDeviceDeleteInput(serializers.Serializer):
    endpoint = serializers.URLField(max_length=1000)


class DevicesApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=PushDeviceOutput(many=True), summary="Thiết bị nhận thông báo đẩy / My push devices")
    def get(self, request: Request) -> Response:
        return Response(PushDeviceOutput(devices_of(_user(request)), many=True).data)

    @extend_schema(
        request=PushDeviceInput,
        responses={201: PushDeviceOutput},
        summary="Đăng ký thiết bị (PushSubscription của trình duyệt) / Register this browser for Web Push",
    )
    def post(self, request: Request) -> Response:
        payload = PushDeviceInput(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            sub = subscriptions.subscription_save(user=_user(request), **payload.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError({"endpoint": exc.messages}) from None
        return Response(PushDeviceOutput(sub).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=PushDeviceDeleteInput,
        responses={204: None},
        summary="Bỏ đăng ký thiết bị / Unregister a browser",
    )
    def delete(self, request: Request) -> Response:
        payload = PushDeviceDeleteInput(data=request.data)
        payload.is_valid(raise_exception=True)
        subscriptions.subscription_delete(user=_user(request), endpoint=payload.validated_data["endpoint"])
        return Response(status=status.HTTP_204_NO_CONTENT)


class VapidKeyOutput(serializers.Serializer):
    public_key = serializers.CharField(allow_blank=True, help_text="empty when push is not configured")


class VapidKeyApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=VapidKeyOutput, summary="Khóa công khai VAPID / The deployment's VAPID public key")
    def get(self, request: Request) -> Response:
        return Response({"public_key": settings.WEBPUSH_VAPID_PUBLIC_KEY if push_configured() else ""})
