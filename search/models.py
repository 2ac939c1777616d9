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
    # Engines that have not received this change yet (space-separated names). A row
    # leaves the queue only when every one of them has.
    pending = models.CharField("待送达的引擎", max_length=60, default="database")

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
        "reading": "姓名读音修改",
        "synonyms": "同义词表（Elasticsearch）",
        "rebuild": "重建索引进行中",
    }

    def __str__(self):
        return f"{self.page_id} ({self.reason})"

    ENGINE_LABELS = {"database": "数据库", "elasticsearch": "Elasticsearch"}

    @property
    def reason_label(self):
        return self.REASON_LABELS.get(self.reason, self.reason)

    @property
    def pending_label(self):
        return "、".join(self.ENGINE_LABELS.get(n, n) for n in self.pending.split())


class Synonym(models.Model):
    """A group of words a visitor may use for the same thing (老兵 = 退役军人), or a one-way
    rule from what visitors say to the portal's terms (扫墓 => 祭扫).

    Applied when searching, so editing the list needs no reindex.
    """

    terms = models.CharField(
        "同义词组",
        max_length=200,
        unique=True,
        help_text=(
            "用逗号分隔的同义词，例如：老兵，退役军人。搜索其中任一词时，其余词也会命中。"
            "单向规则用“=>”：扫墓，上坟 => 祭扫，表示搜索“扫墓”时也找“祭扫”，反之不然。"
        ),
    )
    note = models.CharField("说明", max_length=100, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True, null=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = "搜索同义词"
        verbose_name_plural = "搜索同义词"
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @property
    def one_way(self):
        return "=>" in self.terms

    @property
    def term_list(self):
        return split_terms(self.terms.replace("=>", ","))

    @property
    def rule(self):
        """(words that trigger the rule, words then searched as well)."""
        if self.one_way:
            left, _, right = self.terms.partition("=>")
            return split_terms(left), split_terms(right)
        return self.term_list, self.term_list

    def clean(self):
        if self.terms.count("=>") > 1:
            raise ValidationError({"terms": "单向规则只能有一个“=>”。"})
        left, right = self.rule
        if self.one_way and (not left or not right):
            raise ValidationError({"terms": "“=>”两边都要填写词语，例如：扫墓 => 祭扫。"})
        if not self.one_way and len(left) < 2:
            raise ValidationError({"terms": "至少填写两个词，用逗号分隔。"})
        self.terms = f"{'，'.join(left)} => {'，'.join(right)}" if self.one_way else "，".join(left)


class NameReading(models.Model):
    """The right pinyin of a name or word when the machine reading is wrong
    (曾德胜 is zeng de sheng, not ceng), so visitors find the person by its pinyin."""

    word = models.CharField(
        "姓名或词语", max_length=40, unique=True, help_text="例如：曾德胜、长津湖。"
    )
    pinyin = models.CharField(
        "拼音",
        max_length=200,
        help_text="每个字一个音节，用空格分隔，不标声调，例如：zeng de sheng。",
    )
    note = models.CharField("说明", max_length=100, blank=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("pinyin"), FieldPanel("note")]

    class Meta:
        verbose_name = "姓名读音"
        verbose_name_plural = "姓名读音"
        ordering = ["word"]

    def __str__(self):
        return f"{self.word}（{self.pinyin}）"

    @property
    def syllables(self):
        return self.pinyin.lower().split()

    def clean(self):
        from . import text

        self.word = text.normalize(self.word).strip()
        self.pinyin = " ".join(self.pinyin.lower().replace("'", " ").split())
        syllables = self.syllables
        if not self.word:
            raise ValidationError({"word": "请填写姓名或词语。"})
        if not all(s.isascii() and s.isalpha() for s in syllables):
            raise ValidationError({"pinyin": "拼音只能包含字母和空格，例如：zeng de sheng。"})
        if len(syllables) != len(self.word):
            raise ValidationError(
                {
                    "pinyin": f"“{self.word}”有 {len(self.word)} 个字，请填写 {len(self.word)} 个音节。"
                }
            )


def table_version(model):
    """A value that changes whenever a row of ``model`` is added, edited or deleted, read
    from the database itself so every process sees a change at once."""
    from django.db.models import Count, Max

    row = model.objects.aggregate(n=Count("pk"), top=Max("pk"), at=Max("updated_at"))
    return (row["n"], row["top"], row["at"])


_readings = {"version": None, "value": {}}


def reading_overrides():
    """{word: [syllables]} of every NameReading, reloaded when the table changes."""
    version = table_version(NameReading)
    if _readings["version"] != version:
        _readings["value"] = {
            r.word: r.syllables
            for r in NameReading.objects.all()
            if len(r.syllables) == len(r.word)
        }
        _readings["version"] = version
    return _readings["value"]


def split_terms(value):
    seen = []
    for part in value.replace("，", ",").replace("、", ",").replace("\n", ",").split(","):
        part = part.strip()
        if part and part not in seen:
            seen.append(part)
    return seen
