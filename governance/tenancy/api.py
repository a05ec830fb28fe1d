"""Who the caller is and what they act for."""

from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from governance.tenancy.selectors import membership_list


class MembershipOutput(serializers.Serializer):
    municipality = serializers.CharField(source="municipality.name")
    role = serializers.CharField()
    department = serializers.CharField(allow_null=True)
    facility = serializers.CharField(allow_null=True)
    party = serializers.CharField(allow_null=True)


class MeApi(APIView):
    @extend_schema_serializer(component_name="Me")
    class OutputSerializer(serializers.Serializer):
        username = serializers.CharField()
        memberships = MembershipOutput(many=True)

    @extend_schema(responses=OutputSerializer)
    def get(self, request):
        me = {"username": request.user.username, "memberships": membership_list(user=request.user)}
        return Response(self.OutputSerializer(me).data)
