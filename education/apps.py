from django.apps import AppConfig


class EducationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "education"
    label = "education"
    verbose_name = "红色教育"

    def ready(self):
        from django.db.models.signals import post_save

        from .models import LessonIndexPage
        from .permissions import grant_teachers_on_section

        post_save.connect(
            grant_teachers_on_section,
            sender=LessonIndexPage,
            dispatch_uid="education-teachers-on-section",
        )
