from django.urls import path

from .views import (
    contracts,
    corrections,
    esign,
    esign_manage,
    family,
    read_log,
    steps,
    tutor,
    verify,
    youths,
)

app_name = "contracts"

urlpatterns = [
    path("jeunes/", youths.youth_list, name="youth_list"),
    path("jeunes/nouveau/", youths.youth_create, name="youth_create"),
    path("jeunes/<int:youth_id>/", youths.youth_detail, name="youth_detail"),
    path("jeunes/<int:youth_id>/modifier/", youths.youth_update, name="youth_update"),
    path(
        "jeunes/<int:youth_id>/representants/ajouter/",
        youths.guardian_add,
        name="guardian_add",
    ),
    path(
        "jeunes/<int:youth_id>/representants/<int:guardian_id>/retirer/",
        youths.guardian_remove,
        name="guardian_remove",
    ),
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
    path(
        "contrats/<int:contract_id>/faire-signer/",
        esign_manage.signing_channels,
        name="signing_channels",
    ),
    path(
        "contrats/<int:contract_id>/avenants/<int:number>/faire-signer/",
        esign_manage.signing_channels,
        name="amendment_signing_channels",
    ),
    path("contrats/<int:contract_id>/signer-en-ligne/", esign_manage.tutor_sign, name="tutor_sign"),
    path(
        "contrats/<int:contract_id>/avenants/<int:number>/signer-en-ligne/",
        esign_manage.tutor_sign,
        name="amendment_sign_online",
    ),
    path("signature/merci/", esign.esign_done, name="esign_done"),
    path("signature/refus-enregistre/", esign.esign_declined, name="esign_declined"),
    path("signature/<str:token>/", esign.esign_page, name="esign_page"),
    path("signature/<str:token>/contrat.pdf", esign.esign_pdf, name="esign_pdf"),
    path("signature/<str:token>/refuser/", esign.esign_decline, name="esign_decline"),
    path("verifier-un-contrat/", verify.contract_verify, name="contract_verify"),
    path("tuteur/", tutor.tutor_home, name="tutor_home"),
    path("famille/<str:token>/", family.family_document, name="family_document"),
    path("famille/<str:token>/contrat.pdf", family.family_pdf, name="family_pdf"),
]
