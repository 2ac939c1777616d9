"""Where each page type may live in the tree, as editors meet it in the admin."""

from django.contrib.auth import get_user_model
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage, NewsIndexPage, NewsPage, StandardPage


class PageTreeRules(WagtailPageTestCase):
    def login(self):
        # django-axes needs the request at authenticate(); force_login bypasses that.
        user = get_user_model().objects.create_superuser("tree-admin", password="x")
        self.client.force_login(user)
        return user

    def test_home_page_sits_at_the_root_only(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertEqual(HomePage.max_count, 1)

    def test_standard_pages_under_home_or_other_standard_pages(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanCreateAt(HomePage, StandardPage)
        self.assertCanCreateAt(StandardPage, StandardPage)
        self.assertCanNotCreateAt(NewsIndexPage, StandardPage)

    def test_news_lives_only_in_the_news_section(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedSubpageTypes(NewsPage, set())
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_editor_can_create_a_news_page_through_the_admin_form(self):
        root = Page.get_first_root_node()
        home = HomePage(title="首页", slug="tree-home")
        root.add_child(instance=home)
        index = NewsIndexPage(title="工作动态", slug="news")
        home.add_child(instance=index)
        self.login()
        self.assertCanCreate(
            index,
            NewsPage,
            nested_form_data(
                {
                    "title": "社区服务站开展政策宣讲",
                    "slug": "policy-talk",
                    "date": "2026-11-20",
                    "lead": "政策宣讲走进社区。",
                    "body": streamfield([("paragraph", rich_text("<p>宣讲会现场气氛热烈。</p>"))]),
                }
            ),
        )
        created = NewsPage.objects.get(slug="policy-talk")
        self.assertEqual(created.get_parent().specific, index)
