"""My annual quality rating (phone client): the open year, whether I am rated, my results; my self-assessment."""

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import TenantAPIView
from core.members.selectors import member_of
from core.ratings.models import Level, MemberRating
from core.ratings.rules import is_rated
from core.ratings.selectors import my_ratings, rating_policy
from core.ratings.services import rating_self_assess


class MyRatingOutput(serializers.ModelSerializer):
    stage = serializers.CharField()

    class Meta:
        model = MemberRating
        fields = ["year", "stage", "self_level", "self_note", "proposed_level", "approved_level"]


class MyRatingsOutput(serializers.Serializer):
    open_year = serializers.IntegerField(allow_null=True, help_text="năm đang đánh giá (null: chưa mở)")
    rated = serializers.BooleanField(help_text="đồng chí thuộc diện đánh giá năm đang mở")
    ratings = MyRatingOutput(many=True)


class SelfAssessmentInput(serializers.Serializer):
    level = serializers.ChoiceField(choices=Level.choices)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class RatingErrorOutput(serializers.Serializer):
    detail = serializers.CharField()


class MyRatingsApi(TenantAPIView):
    permission_classes = [IsAuthenticated]

    def _data(self, user: User) -> dict[str, Any]:
        member = member_of(user)
        year = rating_policy().open_year
        return {
            "open_year": year,
            "rated": bool(member and year and is_rated(member, year)),
            "ratings": my_ratings(member) if member else [],
        }

    @extend_schema(responses=MyRatingsOutput, summary="Xếp loại chất lượng của tôi / My quality ratings")
    def get(self, request: Request) -> Response:
        assert isinstance(request.user, User)
        return Response(MyRatingsOutput(self._data(request.user)).data)

    @extend_schema(
        request=SelfAssessmentInput,
        responses={
            200: MyRatingsOutput,
            404: OpenApiResponse(RatingErrorOutput),
        },
        summary="Gửi bản tự đánh giá / Submit my self-assessment",
    )
    def post(self, request: Request) -> Response:
        user = request.user
        assert isinstance(user, User)
        member = member_of(user)
        if member is None:
            return Response({"detail": "Tài khoản không gắn với đảng viên nào."}, status=404)
        payload = SelfAssessmentInput(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            data = payload.validated_data
            rating_self_assess(member=member, level=data["level"], note=data["note"], actor=user)
        except DjangoValidationError as exc:
            return Response({"detail": " ".join(exc.messages)}, status=400)
        return Response(MyRatingsOutput(self._data(user)).data)
