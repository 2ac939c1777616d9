"""Teachers may add lesson packs under every lesson section, including new ones."""

from django.db.models.signals import post_save

from .models import LessonIndexPage
from .permissions import grant_teachers_on_section


def connect():
    post_save.connect(
        grant_teachers_on_section,
        sender=LessonIndexPage,
        dispatch_uid="education-teachers-on-section",
    )
