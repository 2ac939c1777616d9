"""The dashboard gives each role somewhere to start: what came back, and 新建… buttons."""

import re

import pytest
from django.contrib.auth import get_user_model

from home.models import NewsIndexPage, NewsPage

pytestmark = pytest.mark.django_db


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client.get("/admin/").content.decode()


def create_buttons(html):
    return dict(re.findall(r'href="([^"]+)" data-create="([\w.]+)"', html))


def test_an_editor_can_start_every_kind_of_content_in_one_click(client):
    buttons = create_buttons(login(client, "bianji"))
    kinds = set(buttons.values())
    assert {"home.newspage", "honors.honorprofilepage", "honors.oralhistorypage"} <= kinds
    assert {"memorial.martyrpage", "volunteers.stationpage", "volunteers.activitypage"} <= kinds
    for url in buttons:
        assert client.get(url).status_code == 200, url
    html = client.get("/admin/").content.decode()
    news_add = f"/admin/pages/add/home/newspage/{NewsIndexPage.objects.get().pk}/"
    assert f'<a class="button button-small button-secondary" href="{news_add}" ' in html
    assert 'data-create="home.newspage">新建工作动态</a>' in html


def test_a_teacher_is_offered_only_lesson_packs(client):
    buttons = create_buttons(login(client, "jiaoshi"))
    assert set(buttons.values()) == {"education.lessonpage"}


def test_a_page_sent_back_by_the_reviewer_waits_on_the_editors_dashboard(client):
    editor = get_user_model().objects.get(username="bianji")
    reviewer = get_user_model().objects.get(username="shenhe")
    index = NewsIndexPage.objects.get()
    page = index.add_child(
        instance=NewsPage(title="待修改的动态", slug="needs-changes", date="2026-11-20", live=False)
    )
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    task_state = workflow_state.current_task_state
    task_state.task.specific.on_action(task_state, reviewer, "reject")
    html = login(client, "bianji")
    assert "有 <strong>1</strong> 个页面被退回给您修改" in html
    assert f'href="/admin/pages/{page.pk}/edit/">待修改的动态</a>' in html
    assert "被退回给您修改" not in login(client, "shenhe")


def test_while_under_review_the_editors_main_button_saves_rather_than_cancels(client):
    editor = get_user_model().objects.get(username="bianji")
    index = NewsIndexPage.objects.get()
    page = index.add_child(
        instance=NewsPage(title="审核中的动态", slug="in-review", date="2026-11-20", live=False)
    )
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    client.force_login(editor)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    footer = html[html.index('aria-label="操作（页脚）"') :]
    main_button = footer[: footer.index('data-controller="w-dropdown"')]
    menu = footer[footer.index('data-controller="w-dropdown"') : footer.index("</nav>")]
    assert "取消工作流" not in main_button
    assert "页面已锁定" in main_button or "保存草稿" in main_button
    assert 'name="action-cancel-workflow"' in menu  # still offered, one step further away
