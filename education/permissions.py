"""The 教师 group: teachers write lesson packs, and nothing else, in the admin.

Their page permissions sit on the 红色教育 section so that they reach every pack in it;
on the section page itself those rights only let them add packs, not edit the section.
Packs go through the site's review workflow like any other page.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission, PagePermissionTester

TEACHERS = "教师"
TEACHER_PAGE_PERMISSIONS = ["add_page", "change_page", "lock_page", "unlock_page"]


def grant_teachers_on_section(sender, instance, created, raw=False, **kwargs):
    """A new 红色教育 section opens to the 教师 group (post_save receiver)."""
    group = Group.objects.filter(name=TEACHERS).first()
    if not created or raw or group is None:
        return
    for codename in TEACHER_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=instance,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


class LessonSectionPermissionTester(PagePermissionTester):
    def __init__(self, user, page):
        super().__init__(user, page)
        if not hasattr(self, "permissions"):  # superusers and inactive users
            return
        teachers = Group.objects.filter(name=TEACHERS).values_list("pk", flat=True).first()
        self.permissions = {
            perm.permission.codename.rsplit("_", maxsplit=1)[0]
            for perm in self.permission_policy.get_cached_permissions_for_user(user)
            if page.path.startswith(perm.page.path)
            and not (
                perm.page_id == page.pk
                and perm.group_id == teachers
                and perm.permission.codename != "add_page"
            )
        }
