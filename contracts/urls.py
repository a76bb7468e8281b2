from django.urls import path

from .views import (
    attachments,
    contracts,
    corrections,
    family,
    guardians,
    read_log,
    steps,
    todo,
    transfers,
    tutor,
    youth_list,
    youths,
)

app_name = "contracts"

urlpatterns = [
    path("jeunes/", youth_list.youth_list, name="youth_list"),
    path(
        "jeunes/export.<str:extension>",
        youth_list.youth_list_export,
        name="youth_list_export",
    ),
    path("jeunes/nouveau/", youths.youth_create, name="youth_create"),
    path("jeunes/<int:youth_id>/", youths.youth_detail, name="youth_detail"),
    path("jeunes/<int:youth_id>/modifier/", youths.youth_update, name="youth_update"),
    path(
        "jeunes/<int:youth_id>/representants/ajouter/",
        guardians.guardian_add,
        name="guardian_add",
    ),
    path(
        "jeunes/<int:youth_id>/representants/<int:guardian_id>/modifier/",
        guardians.guardian_update,
        name="guardian_update",
    ),
    path(
        "jeunes/<int:youth_id>/representants/<int:guardian_id>/retirer/",
        guardians.guardian_remove,
        name="guardian_remove",
    ),
    path("jeunes/<int:youth_id>/premier-contact/", steps.first_contact, name="first_contact"),
    path("jeunes/<int:youth_id>/bilan/", steps.assessment_create, name="assessment_create"),
    path(
        "jeunes/<int:youth_id>/propositions/nouvelle/",
        steps.proposal_create,
        name="proposal_create",
    ),
    path(
        "jeunes/<int:youth_id>/propositions/<int:proposal_id>/reponse/",
        steps.proposal_decide,
        name="proposal_decide",
    ),
    path(
        "jeunes/<int:youth_id>/propositions/<int:proposal_id>/contrat/",
        contracts.contract_create,
        name="contract_create",
    ),
    path("jeunes/<int:youth_id>/sortie/", steps.youth_exit, name="youth_exit"),
    path(
        "jeunes/<int:youth_id>/bilans/<int:assessment_id>/corriger/",
        corrections.assessment_correct,
        name="assessment_correct",
    ),
    path(
        "jeunes/<int:youth_id>/bilans/<int:assessment_id>/annuler/",
        corrections.assessment_cancel,
        name="assessment_cancel",
    ),
    path("jeunes/<int:youth_id>/sortie/corriger/", corrections.exit_correct, name="exit_correct"),
    path("jeunes/<int:youth_id>/sortie/annuler/", corrections.exit_cancel, name="exit_cancel"),
    path("contrats/<int:contract_id>/", contracts.contract_detail, name="contract_detail"),
    path("contrats/<int:contract_id>/modifier/", contracts.contract_update, name="contract_update"),
    path("contrats/<int:contract_id>/signer/", contracts.signature_create, name="signature_create"),
    path(
        "contrats/<int:contract_id>/pieces-jointes/ajouter/",
        attachments.attachment_add,
        name="attachment_add",
    ),
    path(
        "contrats/<int:contract_id>/pieces-jointes/<int:attachment_id>/",
        attachments.attachment_download,
        name="attachment_download",
    ),
    path(
        "contrats/<int:contract_id>/pieces-jointes/<int:attachment_id>/retirer/",
        attachments.attachment_delete,
        name="attachment_delete",
    ),
    path("contrats/<int:contract_id>/projet.pdf", contracts.contract_draft_pdf, name="draft_pdf"),
    path(
        "contrats/<int:contract_id>/versions/<int:version>.pdf",
        contracts.document_pdf,
        name="document_pdf",
    ),
    path(
        "contrats/<int:contract_id>/versions/<int:version>/envoyer/",
        contracts.document_send,
        name="document_send",
    ),
    path(
        "contrats/<int:contract_id>/avenants/nouveau/",
        contracts.amendment_create,
        name="amendment_create",
    ),
    path(
        "contrats/<int:contract_id>/avenants/<int:number>/signer/",
        contracts.amendment_sign,
        name="amendment_sign",
    ),
    path(
        "jeunes/<int:youth_id>/donnees.zip",
        read_log.youth_data_export,
        name="youth_data_export",
    ),
    path(
        "reseaux/<int:network_id>/journal-des-acces/",
        read_log.network_read_log,
        name="network_read_log",
    ),
    path("protection-des-donnees/journal/", read_log.read_log, name="read_log"),
    path("protection-des-donnees/journal.csv", read_log.read_log_csv, name="read_log_csv"),
    path("tuteur/", tutor.tutor_home, name="tutor_home"),
    path("a-faire/", todo.todo, name="todo"),
    path("jeunes/<int:youth_id>/transfert/", transfers.transfer_create, name="transfer_create"),
    path("transferts/<int:transfer_id>/", transfers.transfer_decide, name="transfer_decide"),
    path(
        "transferts/<int:transfer_id>/annuler/",
        transfers.transfer_cancel_view,
        name="transfer_cancel",
    ),
    path("famille/<str:token>/", family.family_document, name="family_document"),
    path("famille/<str:token>/contrat.pdf", family.family_pdf, name="family_pdf"),
]
