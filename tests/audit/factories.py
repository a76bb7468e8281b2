"""Factories of the audit app: a data protection officer with their grant in place."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from audit.enums import ReadKind, Role
from audit.grants import refresh_dpo_grants
from audit.models import DataProtectionOfficer, ReadLog
from tests.factories import AcademyFactory, UserFactory


class DataProtectionOfficerFactory(DjangoModelFactory):
    class Meta:
        model = DataProtectionOfficer
        skip_postgeneration_save = True

    academy = factory.SubFactory(AcademyFactory)
    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create:
            refresh_dpo_grants(obj.academy)


class ReadLogFactory(DjangoModelFactory):
    class Meta:
        model = ReadLog

    at = factory.LazyFunction(timezone.now)
    user = factory.SubFactory(UserFactory)
    role = Role.LEAD
    kind = ReadKind.YOUTH
    path = "/jeunes/1/"
