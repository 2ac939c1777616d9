"""Admin and site hooks of the red-education room."""

from wagtail import hooks

from .models import LessonPage


@hooks.register("register_stats_figures", order=30)
def education_stats_figures():
    return [
        {
            "key": "lessons",
            "label": "红色教育课",
            "count": LessonPage.objects.live().public().count(),
        },
        {"key": "lesson_clips", "label": "教学片段", "count": LessonPage.public_clip_total()},
    ]
