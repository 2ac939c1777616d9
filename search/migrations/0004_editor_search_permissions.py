"""Let the 编辑 group maintain the search vocabulary: synonyms and name readings."""

from django.db import migrations

EDITOR = "编辑"
MODELS = {"synonym": "搜索同义词", "namereading": "姓名读音"}
ACTIONS = ("add", "change", "delete", "view")


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")
    group, _ = Group.objects.get_or_create(name=EDITOR)
    for model, label in MODELS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="search", model=model)
        for action in ACTIONS:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {label}"},
            )
            group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=EDITOR).first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="search",
                codename__in=[f"{a}_{m}" for m in MODELS for a in ACTIONS],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_namereading_synonym_updated_at_alter_synonym_terms"),
        ("home", "0002_editorial_groups_and_workflow"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
