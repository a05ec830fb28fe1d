"""API authentication: exchange a username, a password and (for staff roles) a second-factor code for a token."""

from django.db import transaction
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from audit.services import audit_record
from common.errors import Forbidden
from governance.security.lockout import client_address, login_failure_record
from governance.security.second_factor import second_factor_required, second_factor_verify, totp_device_confirmed


class TokenInput(AuthTokenSerializer):
    code = serializers.CharField(required=False, allow_blank=True, write_only=True,
                                 help_text="The authenticator's code (or a recovery code); staff roles need it")


class TokenObtainApi(APIView):
    """POST a username, a password and, for every role but guardian, the second-factor `code`; receive the
    user's API token (send it as `Authorization: Token …`). A wrong code counts toward the lockout."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=TokenInput,
                   responses=inline_serializer("TokenOutput", {"token": serializers.CharField()}))
    def post(self, request):
        serializer = TokenInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if second_factor_required(user):
            if totp_device_confirmed(user) is None:
                raise Forbidden("Set up your authenticator by logging in on the web first", field="code")
            with transaction.atomic():
                verified = second_factor_verify(user=user, code=serializer.validated_data.get("code", ""))
            if verified is None:
                login_failure_record(username=user.username, ip_address=client_address(request))
                raise Forbidden("The second-factor code is missing or wrong", field="code")
        with transaction.atomic():
            token, _ = Token.objects.get_or_create(user=user)
            audit_record("governance.token.issued", obj=user, actor_id=user.pk)
        return Response({"token": token.key})
