from rest_framework import serializers


class ResidentContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    given_name = serializers.CharField()
    family_name_prefix = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    email = serializers.EmailField(allow_blank=True)
    phone = serializers.CharField()
    street = serializers.CharField()
    house_number = serializers.CharField()
    postcode = serializers.CharField()
    place = serializers.CharField()
    bsn = serializers.CharField(source="masked_bsn", help_text="Only the last three digits")


class RefusalSerializer(serializers.Serializer):
    detail = serializers.CharField()
    reason = serializers.CharField()
