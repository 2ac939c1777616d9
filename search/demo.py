"""Search demo: synonyms and the colloquial layer, name readings, then the whole index.

Runs after every other app's loader (search is the last local app), so it sees all
demo content. Rebuilding is idempotent: the same pages give the same documents.
"""

from .indexing import rebuild
from .models import NameReading, Synonym

# Two-way groups say the same thing; "=>" rules send what visitors say (扫墓, 吵架) to the
# words the portal's pages use (祭扫, 调解) without the reverse.
DEFAULT_SYNONYMS = [
    (
        "老兵，退役军人，复员军人，转业军人，退伍军人",
        "群众常说“老兵”“退伍军人”，公文多写“退役军人”",
    ),
    ("退伍，退役", "口语“退伍”即“退役”"),
    ("军嫂，军属，军人家属", "军人家属的不同说法"),
    ("烈士，英烈，先烈", "褒扬纪念栏目的常用称呼"),
    ("优待证，退役军人优待证", "证件的简称与全称"),
    ("志愿者，志愿服务队", "志愿服务相关称呼"),
    ("服务站，退役军人服务站", "服务站的简称与全称"),
    ("抗美援朝，朝鲜战争", "同一场战争的两种说法"),
    ("扫墓，祭奠，祭拜，上坟，悼念 => 祭扫", "口语说法找到“祭扫”"),
    ("网上扫墓，网上祭奠，网络祭扫，云祭扫 => 网上祭扫", "网上祭扫的口语说法"),
    ("献花，点蜡烛，鞠躬 => 网上祭扫，英烈纪念馆", "想献花的访客找到纪念馆"),
    ("吵架，吵嘴，闹矛盾，纠纷，邻里纠纷 => 调解，矛盾纠纷", "遇到纠纷的访客找到调解"),
    ("调解 => 枫桥式，老兵调解", "调解找到“枫桥式”服务站和老兵调解工作室"),
    ("抚恤，抚恤金，补助，补贴 => 优抚，优抚对象", "口语的“抚恤金”找到优抚政策"),
    ("对越反击战，对越作战，对越自卫还击战 => 对越自卫反击战", "战争名称的简称"),
    ("找工作，上班，就业岗位 => 就业，招聘会", "求职的口语说法"),
    ("当兵，参军 => 入伍，征兵", "参军的口语说法"),
    ("陵园，墓地，公墓 => 烈士陵园", "纪念设施的口语说法"),
    ("视频，录像 => 口述历史", "想看视频的访客找到口述历史"),
    ("上课，学生，学校 => 红色教育", "老师和学生找到红色教育课程"),
]
# Pinyin the machine may read wrongly; editors add more in 设置 → 姓名读音.
DEFAULT_READINGS = [
    ("韩长城", "han chang cheng", "“长城”的“长”读 cháng"),
    ("李援朝", "li yuan chao", "“援朝”的“朝”读 cháo"),
]


def load(ctx):
    for terms, note in DEFAULT_SYNONYMS:
        _, created = Synonym.objects.get_or_create(terms=terms, defaults={"note": note})
        if created:
            ctx.step(f"同义词：{terms}")
    for word, pinyin, note in DEFAULT_READINGS:
        NameReading.objects.get_or_create(word=word, defaults={"pinyin": pinyin, "note": note})
    count = rebuild(progress=lambda done, total: ctx.progress("建立搜索索引", done, total))
    ctx.step(f"搜索索引已建立：{count} 条文档")
