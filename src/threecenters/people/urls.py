from django.urls import path

from threecenters.people import views

app_name = "people"

urlpatterns = [
    path("accounts/signin/", views.signin, name="signin"),
    path("accounts/signin/code/", views.signin_code, name="signin-code"),
    path("accounts/signin/verify/", views.signin_2fa, name="signin-2fa"),
    path("accounts/register/", views.register, name="register"),
    path("accounts/reset/", views.password_reset, name="reset"),
    path("privacy/", views.privacy, name="privacy"),
    path("me/", views.profile, name="profile"),
    path("me/password/", views.password_change, name="password"),
    path("me/signout-everywhere/", views.signout_everywhere, name="signout-everywhere"),
    path("me/consents/", views.consents, name="consents"),
    path("me/consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent-withdraw"),
    path("me/data.json", views.data_download, name="data"),
    path("me/deletion/", views.deletion_request, name="deletion"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("me/two-factor/", views.two_factor, name="two-factor"),
    path("staff/residents/", views.staff_residents, name="staff-residents"),
    path("staff/residents/import/", views.staff_import, name="staff-import"),
    path(
        "staff/residents/import/<str:token>/confirm/",
        views.staff_import_confirm,
        name="staff-import-confirm",
    ),
    path("staff/residents/<str:token>/", views.staff_resident, name="staff-resident"),
    path(
        "staff/residents/<str:token>/reveal/",
        views.staff_resident_reveal,
        name="staff-resident-reveal",
    ),
    path("staff/accounts/", views.staff_accounts, name="staff-accounts"),
    path("staff/accounts/<str:number>/", views.staff_account, name="staff-account"),
    path(
        "staff/accounts/<str:number>/roles/<int:pk>/remove/",
        views.staff_role_remove,
        name="staff-role-remove",
    ),
    path(
        "staff/accounts/<str:number>/signout/",
        views.staff_account_signout,
        name="staff-account-signout",
    ),
    path(
        "staff/accounts/<str:number>/reset-2fa/",
        views.staff_account_reset_2fa,
        name="staff-account-reset-2fa",
    ),
    path("staff/deletions/", views.staff_deletions, name="staff-deletions"),
    path(
        "staff/deletions/<int:pk>/decide/",
        views.staff_deletion_decide,
        name="staff-deletion-decide",
    ),
    path("staff/audit/", views.staff_audit, name="staff-audit"),
    path("staff/audit/export.csv", views.staff_audit_export, name="staff-audit-export"),
]
