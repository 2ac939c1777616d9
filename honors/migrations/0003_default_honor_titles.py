from django.db import migrations

TITLES = [
    ("最美退役军人", "veteran", False),
    ("最美退役军人工作者", "worker", False),
    ("最美退役军人工作团队", "team", True),
    ("最美拥军人物", "army-supporter", False),
    ("最美军嫂", "military-spouse", False),
    ("就业创业之星", "entrepreneur", False),
    ("模范退役军人", "model-veteran", False),
]


def add_titles(apps, schema_editor):
    HonorTitle = apps.get_model("honors", "HonorTitle")
    for order, (name, slug, is_team) in enumerate(TITLES):
        HonorTitle.objects.get_or_create(
            slug=slug, defaults={"name": name, "is_team": is_team, "sort_order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("honors", "0002_profiles_and_oral_histories")]

    operations = [migrations.RunPython(add_titles, migrations.RunPython.noop)]
