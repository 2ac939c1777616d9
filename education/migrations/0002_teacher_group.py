"""The 教师 group: admin access, uploading and choosing images and handouts, and (once
the 红色教育 section exists) adding and editing lesson packs inside it."""

from django.db import migrations

TEACHERS = "教师"
PAGE_PERMS = ["add_page", "change_page", "lock_page", "unlock_page"]
COLLECTION_PERMS = {
    ("wagtailimages", "image"): ["add_image", "choose_image"],
    ("wagtaildocs", "document"): ["add_document", "choose_document"],
}


def get_perm(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def create_teachers(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    LessonIndexPage = apps.get_model("education.LessonIndexPage")

    group, _ = Group.objects.get_or_create(name=TEACHERS)
    group.permissions.add(get_perm(apps, "wagtailadmin", "admin", "access_admin"))
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection:
        for (app_label, model), codenames in COLLECTION_PERMS.items():
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root_collection,
                    permission=get_perm(apps, app_label, model, codename),
                )
    for section in LessonIndexPage.objects.all():
        for codename in PAGE_PERMS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page_id=section.pk,
                permission=get_perm(apps, "wagtailcore", "page", codename),
            )


def remove_teachers(apps, schema_editor):
    apps.get_model("auth.Group").objects.filter(name=TEACHERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("education", "0001_lesson_pages"),
        ("home", "0002_editorial_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(create_teachers, remove_teachers)]
