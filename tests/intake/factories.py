import factory
from factory.django import DjangoModelFactory

from intake.grants import refresh_list_manager_grants
from intake.models import ListManager
from tests.factories import PlatformFactory, UserFactory


class ListManagerFactory(DjangoModelFactory):
    """A gestionnaire des listes of a platform, with the grant in place."""

    class Meta:
        model = ListManager
        skip_postgeneration_save = True

    platform = factory.SubFactory(PlatformFactory)
    user = factory.SubFactory(UserFactory)

    @factory.post_generation
    def _grants(obj, create, extracted, **kwargs):
        if create:
            refresh_list_manager_grants(obj.platform_id)
