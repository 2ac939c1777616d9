"""Editors and reviewers can enter the people and videos their pages need.

Without these, an editor could not finish a profile (the person chooser offered only
existing people) or an oral history (the video chooser found nothing to choose and its
upload link answered 没有权限). Private person fields stay behind
``honors.view_private_person``, which neither group gets.
"""

from django.db import migrations

GROUPS = ["编辑", "审核"]
MODEL_PERMS = [("honors", "person", ["add_person", "change_person", "view_person"])]
COLLECTION_PERMS = [("wagtailmedia", "media", ["add_media", "change_media"])]


def get_perm(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": codename}
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    for group in Group.objects.filter(name__in=GROUPS):
        for app_label, model, codenames in MODEL_PERMS:
            for codename in codenames:
                group.permissions.add(get_perm(apps, app_label, model, codename))
        if root_collection:
            for app_label, model, codenames in COLLECTION_PERMS:
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=get_perm(apps, app_label, model, codename),
                    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    for group in Group.objects.filter(name__in=GROUPS):
        for app_label, model, codenames in MODEL_PERMS:
            for codename in codenames:
                group.permissions.remove(get_perm(apps, app_label, model, codename))
        for app_label, model, codenames in COLLECTION_PERMS:
            GroupCollectionPermission.objects.filter(
                group=group,
                permission__content_type__app_label=app_label,
                permission__codename__in=codenames,
            ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0005_root_page_title"),
        ("honors", "0003_default_honor_titles"),
        ("wagtailmedia", "0005_alter_media_options"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
