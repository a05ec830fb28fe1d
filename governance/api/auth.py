"""API authentication: exchange a username and password for a token."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import audit_record


class TokenObtainApi(APIView):
    """POST a username and password; receive the user's API token (send it as `Authorization: Token …`)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=AuthTokenSerializer,
                   responses=inline_serializer("TokenOutput", {"token": serializers.CharField()}))
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        with transaction.atomic():
            token, _ = Token.objects.get_or_create(user=user)
            audit_record("governance.token.issued", obj=user, actor_id=user.pk)
        return Response({"token": token.key})
