"""API authentication: exchange a username, a password and (for staff roles) a second-factor code for a token;
log out by revoking it."""

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from knox.auth import TokenAuthentication
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from common.errors import Forbidden
from governance.security.lockout import client_address, login_failure_record
from governance.security.second_factor import second_factor_required, second_factor_verify, totp_device_confirmed
from governance.security.tokens import Revocation, api_token_issue, api_token_revoke, api_tokens_revoke


class TokenInput(serializers.Serializer):
    username = serializers.CharField(write_only=True)
    password = serializers.CharField(write_only=True, trim_whitespace=False, style={"input_type": "password"})
    code = serializers.CharField(required=False, allow_blank=True, write_only=True,
                                 help_text="The authenticator's code (or a recovery code); staff roles need it")

    def validate(self, attrs):
        # The authentication backends run as on the web: a locked account or address is refused first.
        user = authenticate(request=self.context["request"], username=attrs["username"], password=attrs["password"])
        if user is None:
            raise serializers.ValidationError(_("The username or password is not correct."), code="authorization")
        attrs["user"] = user
        return attrs


class TokenOutput(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token …`; shown only this once")
    expiry = serializers.DateTimeField(help_text="When the token stops working; log in again for a new one")


class TokenRevokeInput(serializers.Serializer):
    all = serializers.BooleanField(default=False, help_text="Revoke every token of the user, not only this one")


class TokenObtainApi(APIView):
    """POST a username, a password and, for every role but guardian, the second-factor `code`; receive a new
    API token and its expiry. A wrong code counts toward the lockout."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=TokenInput, responses=TokenOutput)
    def post(self, request):
        serializer = TokenInput(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        if second_factor_required(user):
            if totp_device_confirmed(user) is None:
                raise Forbidden(_("Set up your authenticator by logging in on the web first"), field="code")
            with transaction.atomic():
                verified = second_factor_verify(user=user, code=serializer.validated_data.get("code", ""))
            if verified is None:
                login_failure_record(username=user.username, ip_address=client_address(request))
                raise Forbidden(_("The second-factor code is missing or wrong"), field="code")
        token, key = api_token_issue(user=user)
        return Response(TokenOutput({"token": key, "expiry": token.expiry}).data)


class TokenRevokeApi(APIView):
    """POST with the token to log out: the token stops working. With `all`, every token of the user does."""

    authentication_classes = [TokenAuthentication]

    @extend_schema(request=TokenRevokeInput, responses={204: None})
    def post(self, request):
        serializer = TokenRevokeInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        if serializer.validated_data["all"]:
            api_tokens_revoke(user=request.user, reason=Revocation.LOGOUT)
        else:
            api_token_revoke(token=request.auth)
        return Response(status=204)
