"""Give the 审核 group what moderating the memorial needs, and 编辑 the campaigns.

审核: moderate and view visitors' messages, edit the sensitive-word list and the
campaigns, see martyrs' family contacts. 编辑: edit campaigns.
"""

from django.db import migrations

REVIEWER = "审核"
EDITOR = "编辑"
PERMISSIONS = {
    REVIEWER: [
        ("tributemessage", "moderate_tributemessage", "审核祭扫留言"),
        ("tributemessage", "view_tributemessage", "Can view 祭扫留言"),
        ("sensitiveword", "add_sensitiveword", "Can add 敏感词"),
        ("sensitiveword", "change_sensitiveword", "Can change 敏感词"),
        ("sensitiveword", "delete_sensitiveword", "Can delete 敏感词"),
        ("sensitiveword", "view_sensitiveword", "Can view 敏感词"),
        ("campaign", "add_campaign", "Can add 祭扫活动"),
        ("campaign", "change_campaign", "Can change 祭扫活动"),
        ("campaign", "delete_campaign", "Can delete 祭扫活动"),
        ("campaign", "view_campaign", "Can view 祭扫活动"),
        ("martyrpage", "view_martyr_family", "查看和编辑英烈亲属联系方式"),
    ],
    EDITOR: [
        ("campaign", "add_campaign", "Can add 祭扫活动"),
        ("campaign", "change_campaign", "Can change 祭扫活动"),
        ("campaign", "view_campaign", "Can view 祭扫活动"),
    ],
}


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    for group_name, perms in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for model, codename, name in perms:
            content_type, _ = ContentType.objects.get_or_create(app_label="memorial", model=model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for group_name, perms in PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group:
            codenames = [codename for _, codename, _ in perms]
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="memorial", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("memorial", "0001_initial"),
        ("home", "0002_editorial_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
