"""The API's write schema covers every content field an editor fills in the admin, and
the OpenAPI document gives every computed field a real shape."""

import pytest
from wagtail.api.v3.registry import registry
from wagtail.models import get_page_models

pytestmark = pytest.mark.django_db

PORTAL_APPS = {"home", "honors", "memorial", "volunteers", "education"}
# Publishing schedule and admin comments are not content; private contact details never
# leave the admin (see README “后台中的保密信息”).
NOT_CONTENT = {"go_live_at", "expire_at", "comment_notifications", "wagtail_admin_comments"}
PRIVATE = {"family_contact", "family_phone", "family_address"}
PAGE_MODELS = [m for m in get_page_models() if m._meta.app_label in PORTAL_APPS]


@pytest.mark.parametrize("model", PAGE_MODELS, ids=lambda m: m._meta.label)
def test_every_field_of_the_admin_form_is_writable_through_the_api(model):
    import portal.api  # noqa: F401 - builds the API's schemas

    options = model.get_edit_handler().get_form_options()
    admin_fields = set(options["fields"]) | set(options.get("formsets", {}))
    schema = registry.get(model._meta.label).create_schema
    api_fields = {name.removesuffix("_id") for name in schema.model_fields}
    assert admin_fields - api_fields - NOT_CONTENT == (PRIVATE & admin_fields)
    assert not PRIVATE & api_fields


def test_no_page_field_is_left_untyped_in_the_openapi_document(client):
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    untyped = []
    for name in {f"{m._meta.object_name}Schema" for m in PAGE_MODELS}:
        for field, spec in schemas[name]["properties"].items():
            if not set(spec) - {"title", "description", "default"}:
                untyped.append(f"{name}.{field}")
    assert untyped == []
    transcript = schemas["OralHistoryPageSchema"]["properties"]["transcript"]
    array = next(option for option in transcript["anyOf"] if option.get("type") == "array")
    line = schemas[array["items"]["$ref"].rsplit("/", 1)[-1]]
    assert set(line["required"]) == {"number", "start", "end", "speaker", "text"}
    person = schemas["PersonPublic"]["properties"]
    assert "phone" not in person and "id_number" not in person and "name" in person


def test_child_rows_have_their_own_write_schemas(client):
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    segment = schemas["TranscriptSegmentCreateSchema"]
    assert set(segment["required"]) == {"start", "end", "text"}
    assert "id" in schemas["TranscriptSegmentPatchSchema"]["properties"]
    assert "person_id" in schemas["StationMasterCreateSchema"]["properties"]


def test_openapi_lists_conflicts_rate_limits_and_scopes_of_the_new_operations(client):
    paths = client.get("/api/v3/openapi.json").json()["paths"]
    submit = paths["/api/v3/workflow/pages/{page_id}/submit/"]["post"]
    approve = paths["/api/v3/workflow/pages/{page_id}/approve/"]["post"]
    upload = paths["/api/v3/videos/"]["post"]
    assert {"403", "409", "429"} <= set(submit["responses"]) | set(map(str, submit["responses"]))
    assert "令牌需要的权限范围：`write`" in submit["description"]
    assert "令牌需要的权限范围：`publish`" in approve["description"]
    assert "令牌需要的权限范围：`upload`" in upload["description"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    state = paths["/api/v3/workflow/pages/{page_id}/"]["get"]
    assert "429" not in set(map(str, state["responses"]))


def test_choice_fields_list_their_values_and_meanings(client, api, editor):
    schemas = client.get("/api/v3/openapi.json").json()["components"]["schemas"]
    era = schemas["OralHistoryPageCreateSchema"]["properties"]["era"]
    assert "korea" in era["enum"] and "`korea` 抗美援朝" in era["description"]
    gender = schemas["MartyrPageCreateSchema"]["properties"]["gender"]
    assert next(o for o in gender["anyOf"] if o.get("type") == "string")["enum"] == [
        "male",
        "female",
        "",
    ]

    from tests.api_writes.test_page_writes import oral_history_body

    response = api.post("/api/v3/pages/", oral_history_body(era="moon"), editor)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"] == ["era"]
    assert "moon" in response.json()["errors"][0]["msg"]
