from django.urls import path

from threecenters.proposals import views

app_name = "proposals"

urlpatterns = [
    path("proposals/mine/", views.mine, name="mine"),
    path("proposals/new/", views.edit, name="new"),
    path("proposals/queue/", views.queue, name="queue"),
    path("proposals/saved-cost/", views.saved_cost, name="saved-cost"),
    path("proposals/<int:pk>/", views.detail, name="detail"),
    path("proposals/<int:pk>/edit/", views.edit, name="edit"),
    path("proposals/<int:pk>/submit/", views.submit, name="submit"),
    path("proposals/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("proposals/<int:pk>/files/", views.upload, name="upload"),
    path("proposals/<int:pk>/assign/", views.assign, name="assign"),
    path("proposals/<int:pk>/visit/", views.visit, name="visit"),
    path("proposals/<int:pk>/score/", views.score, name="score"),
    path("proposals/<int:pk>/decide/", views.decide, name="decide"),
    path("proposals/<int:pk>/start/", views.start, name="start"),
    path("proposals/<int:pk>/milestones/new/", views.milestone_new, name="milestone-new"),
    path(
        "proposals/<int:pk>/milestones/<int:milestone>/done/",
        views.milestone_done,
        name="milestone-done",
    ),
    path("proposals/<int:pk>/updates/new/", views.update_new, name="update-new"),
    path("proposals/<int:pk>/close/", views.close, name="close"),
    path("proposals/<int:pk>/case/", views.make_case, name="make-case"),
    path("staff/proposals/", views.board, name="board"),
    path("staff/experts/", views.experts, name="experts"),
]
