"""What the search service stores: the documents, the indexing outbox and the synonyms."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel


class SearchDocument(models.Model):
    """One searchable unit: a page, or one moment of an oral-history transcript.

    The embedded engine searches these rows (FTS5 table on SQLite, tsvector columns on
    PostgreSQL, both created by migration 0002); they are also the fallback when
    Elasticsearch is down, so they are kept up to date whatever the active engine.
    """

    key = models.CharField("文档标识", max_length=60, unique=True)
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name="页面"
    )
    kind = models.CharField("类型", max_length=30)
    kind_label = models.CharField("类型名称", max_length=30)
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("摘要", blank=True)
    body = models.TextField("正文", blank=True)
    url = models.CharField("链接", max_length=500)
    image_url = models.CharField("图片", max_length=500, blank=True)
    date = models.DateField("日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    street = models.CharField("镇街", max_length=30, blank=True)
    honour = models.CharField("荣誉称号", max_length=60, blank=True)
    era = models.CharField("年代", max_length=30, blank=True)
    tags = models.CharField("标签", max_length=300, blank=True)
    seconds = models.PositiveIntegerField("片段起点（秒）", null=True, blank=True)
    title_norm = models.CharField("规范化标题", max_length=300, db_index=True)
    # Facet columns have no B-tree index on purpose: filtering happens on the rows the
    # full-text index returns, never by scanning a facet value's rows and rechecking text.
    # jieba-segmented text (space-separated tokens) that the full-text index reads.
    title_seg = models.TextField(blank=True)
    summary_seg = models.TextField(blank=True)
    body_seg = models.TextField(blank=True)
    pinyin = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "搜索文档"
        verbose_name_plural = "搜索文档"

    def __str__(self):
        return self.title


class IndexQueue(models.Model):
    """The outbox: a page whose index entries must be brought up to date.

    Rows are written in the publishing transaction and applied after commit; a row that
    fails stays here with its error and is retried (``process_search_queue``, next publish).
    """

    page_id = models.IntegerField("页面 ID", db_index=True)
    reason = models.CharField("原因", max_length=20)
    created_at = models.DateTimeField("加入时间", auto_now_add=True)
    attempts = models.PositiveIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    last_attempt_at = models.DateTimeField("最近尝试", null=True, blank=True)

    class Meta:
        verbose_name = "待更新索引"
        verbose_name_plural = "待更新索引"
        ordering = ["pk"]

    REASON_LABELS = {
        "publish": "发布",
        "unpublish": "下线",
        "move": "移动",
        "slug": "修改地址",
        "delete": "删除",
        "restrict": "访问限制变更",
    }

    def __str__(self):
        return f"{self.page_id} ({self.reason})"

    @property
    def reason_label(self):
        return self.REASON_LABELS.get(self.reason, self.reason)


class Synonym(models.Model):
    """A group of words a visitor may use for the same thing (老兵 = 退役军人).

    Applied when searching, so editing the list needs no reindex.
    """

    terms = models.CharField(
        "同义词组",
        max_length=200,
        unique=True,
        help_text="用逗号分隔的同义词，例如：老兵，退役军人。搜索其中任一词时，其余词也会命中。",
    )
    note = models.CharField("说明", max_length=100, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = "搜索同义词"
        verbose_name_plural = "搜索同义词"
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @property
    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        terms = self.term_list
        if len(terms) < 2:
            raise ValidationError({"terms": "至少填写两个词，用逗号分隔。"})
        self.terms = "，".join(terms)


def split_terms(value):
    seen = []
    for part in value.replace("，", ",").replace("、", ",").replace("\n", ",").split(","):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen
