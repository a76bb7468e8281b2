"""django-guardian's direct foreign-key tables for the objects networks grants on.

Grants are derived from memberships (`networks.grants`, `referents.grants`); never write
these tables by hand.
"""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from .organisation import Academy, Network, NetworkEstablishment


class NetworkUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Network, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "droit d’un utilisateur sur un réseau"
        verbose_name_plural = "droits des utilisateurs sur les réseaux"


class NetworkGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Network, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "droit d’un groupe sur un réseau"
        verbose_name_plural = "droits des groupes sur les réseaux"


class AcademyUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Academy, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "droit d’un utilisateur sur une académie"
        verbose_name_plural = "droits des utilisateurs sur les académies"


class AcademyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Academy, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "droit d’un groupe sur une académie"
        verbose_name_plural = "droits des groupes sur les académies"


class NetworkEstablishmentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(NetworkEstablishment, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = "droit d’un utilisateur sur un établissement membre"
        verbose_name_plural = "droits des utilisateurs sur les établissements membres"


class NetworkEstablishmentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(NetworkEstablishment, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = "droit d’un groupe sur un établissement membre"
        verbose_name_plural = "droits des groupes sur les établissements membres"
