"""Search demo: default synonyms, then the whole index built from every live page.

Runs after every other app's loader (search is the last local app), so it sees all
demo content. Rebuilding is idempotent: the same pages give the same documents.
"""

from .indexing import rebuild
from .models import Synonym

DEFAULT_SYNONYMS = [
    ("老兵，退役军人，复员军人，转业军人", "群众常说“老兵”，公文多写“退役军人”"),
    ("军嫂，军属，军人家属", "军人家属的不同说法"),
    ("烈士，英烈，先烈", "褒扬纪念栏目的常用称呼"),
    ("优待证，退役军人优待证", "证件的简称与全称"),
    ("志愿者，志愿服务队", "志愿服务相关称呼"),
    ("服务站，退役军人服务站", "服务站的简称与全称"),
]


def load(ctx):
    for terms, note in DEFAULT_SYNONYMS:
        _, created = Synonym.objects.get_or_create(terms=terms, defaults={"note": note})
        if created:
            ctx.step(f"同义词：{terms}")
    count = rebuild(progress=lambda done, total: ctx.progress("建立搜索索引", done, total))
    ctx.step(f"搜索索引已建立：{count} 条文档")
