"""The kinds the events app itself brings (events.kinds). Job fairs, course sessions and council
meetings are registered here until the incubator and civility apps that own them take them over
(they then register the same codes, with their detail models and panels)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from threecenters.events.kinds import EventKind, register

ACTIVITY = "activity"
JOB_FAIR = "job_fair"
COURSE_SESSION = "course_session"
COUNCIL_MEETING = "council_meeting"
LECTURE = "lecture"
CEREMONY = "ceremony"
PERFORMANCE = "performance"
OTHER = "other"


def register_kinds() -> None:
    register(EventKind(ACTIVITY, pgettext_lazy("event kind", "活动"), order=10))
    register(EventKind(JOB_FAIR, _("招聘会"), organisation_participants=True, order=20))
    register(EventKind(COURSE_SESSION, _("课程"), order=30))
    register(EventKind(COUNCIL_MEETING, _("议事会议"), order=40))
    register(EventKind(LECTURE, _("宣讲"), order=50))
    register(EventKind(CEREMONY, _("表彰仪式"), order=60))
    register(EventKind(PERFORMANCE, _("文艺演出"), order=70))
    register(EventKind(OTHER, _("其他"), order=1000))
