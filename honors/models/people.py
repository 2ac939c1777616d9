"""The people the portal honours, recorded once and pointed to everywhere."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from home.vocabulary import GENDERS

from ..panels import private_fields_panel


class Person(index.Indexed, models.Model):
    """One veteran or honoured person. Profiles, oral histories and rosters point here,
    so nothing about a person is typed twice. Private fields never leave the admin."""

    BRANCHES = [
        ("army", "陆军"),
        ("navy", "海军"),
        ("air_force", "空军"),
        ("rocket_force", "火箭军"),
        ("armed_police", "武警部队"),
        ("other", "其他"),
    ]

    name = models.CharField("姓名", max_length=40)
    gender = models.CharField("性别", max_length=10, choices=GENDERS, blank=True)
    portrait = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="肖像",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    birth_year = models.PositiveSmallIntegerField("出生年份", null=True, blank=True)
    enlisted_year = models.PositiveSmallIntegerField("入伍年份", null=True, blank=True)
    discharged_year = models.PositiveSmallIntegerField("退役年份", null=True, blank=True)
    branch = models.CharField("军种", max_length=20, choices=BRANCHES, blank=True)
    street = models.ForeignKey(
        "home.Street",
        verbose_name="所在镇街",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    community = models.CharField("所在村社", max_length=40, blank=True)
    bio = models.TextField("简介", max_length=600, blank=True)

    # Private: staff only, never in public HTML, the public API or the search index.
    phone = models.CharField("联系电话（保密）", max_length=30, blank=True)
    id_number = models.CharField("身份证号（保密）", max_length=18, blank=True)
    home_address = models.CharField("家庭住址（保密）", max_length=200, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("gender")]),
        FieldPanel("portrait"),
        FieldRowPanel(
            [FieldPanel("birth_year"), FieldPanel("enlisted_year"), FieldPanel("discharged_year")]
        ),
        FieldPanel("branch"),
        FieldRowPanel([FieldPanel("street"), FieldPanel("community")]),
        FieldPanel("bio"),
        private_fields_panel(
            ["phone", "id_number", "home_address"],
            heading="保密信息（仅工作人员可见）",
            permission="honors.view_private_person",
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "人物"
        verbose_name_plural = "人物"
        ordering = ["name"]
        permissions = [("view_private_person", "查看和编辑人物保密信息")]

    def __str__(self):
        return self.name

    @property
    def portrait_url(self):
        return self.portrait.get_rendition("fill-480x600").url if self.portrait else None

    @property
    def service_years(self):
        """Service years such as 1951—1956, or an empty string when unknown."""
        if self.enlisted_year and self.discharged_year:
            return f"{self.enlisted_year}—{self.discharged_year}"
        return str(self.enlisted_year or "")

    def public_data(self):
        """What the public may know about this person: never phone, ID number or address."""
        return {
            "id": self.pk,
            "name": self.name,
            "gender": self.get_gender_display(),
            "birth_year": self.birth_year,
            "enlisted_year": self.enlisted_year,
            "discharged_year": self.discharged_year,
            "branch": self.get_branch_display(),
            "street": self.street.name if self.street else "",
            "community": self.community,
            "bio": self.bio,
            "portrait_url": self.portrait_url,
            "portrait_alt": f"{self.name}的肖像" if self.portrait else "",
        }
