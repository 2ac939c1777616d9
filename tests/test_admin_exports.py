"""Every admin export, not only the join applications: the site-history report an editor
downloads keeps a formula-like page title as text and survives a control character."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model

from home.models import NewsPage

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("x.cn")'
URL = "/admin/reports/site-history/"


def download(client, export_format):
    response = client.get(URL, {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_site_history_exports_keep_titles_as_text(client):
    editor = get_user_model().objects.get(username="bianji")
    first, second = NewsPage.objects.live()[:2]
    # Titles as an editor could have typed them; saving logs them in the site history.
    for page, title in ((first, TITLE), (second, "通知\x1b正文")):
        page.title = title
        page.save_revision(user=editor, log_action=True)
    client.force_login(editor)

    sheet = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx"))).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row}
    assert cells[TITLE].data_type == "s" and cells[TITLE].quotePrefix
    assert "通知正文" in cells

    text = download(client, "csv").decode("utf-8-sig")
    values = [value for row in csv.reader(io.StringIO(text)) for value in row]
    assert "'" + TITLE in values and "通知正文" in values
