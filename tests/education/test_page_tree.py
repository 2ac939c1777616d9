"""Where lesson packs may live in the page tree, as editors meet it in the admin."""

from wagtail.test.utils import WagtailPageTestCase

from education.models import LessonIndexPage, LessonPage
from home.models import HomePage, NewsIndexPage, StandardPage
from honors.models import OralHistoryIndexPage


class LessonTreeRules(WagtailPageTestCase):
    def test_the_section_sits_under_the_home_page_once(self):
        self.assertAllowedParentPageTypes(LessonIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(LessonIndexPage, {LessonPage})
        self.assertEqual(LessonIndexPage.max_count, 1)

    def test_packs_live_only_in_the_section_and_have_no_children(self):
        self.assertAllowedParentPageTypes(LessonPage, {LessonIndexPage})
        self.assertAllowedSubpageTypes(LessonPage, set())
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(NewsIndexPage, LessonPage)
        self.assertCanNotCreateAt(OralHistoryIndexPage, LessonPage)
        self.assertCanNotCreateAt(StandardPage, LessonIndexPage)
