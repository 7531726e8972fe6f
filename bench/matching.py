"""Matching precision on realistic Chinese phrasing: requests as residents say them against a district's
service menu. Prints the precision of the top suggestion and how well gaps are found.

The menu is modelled on a district's seven platforms; the requests are written the way village
coordinators take them down, including a homophone slip (犁 for 梨) and needs no offering covers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from desktop.services.demand.matching import Matcher, MenuItem

#: (key, title, platform, what it covers, keywords)
MENU = [
    (
        "fruit",
        "果树栽培与修剪技术培训",
        "science",
        "梨树、柑橘、李子等果树的整形修剪、疏花疏果、嫁接和病虫害防治",
        "梨 果树 修剪 病虫害 嫁接",
    ),
    (
        "herbs",
        "中药材种植技术",
        "science",
        "黄精、前胡、金银花等中药材的育苗、栽培、采收和初加工",
        "中药材 中草药 种植 育苗",
    ),
    (
        "pigs",
        "生猪科学养殖与防疫",
        "science",
        "生猪饲养管理、非洲猪瘟防控、圈舍消毒",
        "养猪 生猪 猪瘟 防疫 兽医",
    ),
    (
        "ecommerce",
        "电商直播带货实训",
        "education",
        "农产品网店开设、短视频拍摄、直播带货、快递发货",
        "电商 直播 网店 短视频",
    ),
    (
        "phones",
        "老年人智能手机课堂",
        "education",
        "微信视频通话、手机缴费、健康码、识别网络谣言",
        "智能手机 微信 老年人 缴费",
    ),
    (
        "fraud",
        "防范电信网络诈骗宣讲",
        "law",
        "冒充公检法、养老诈骗、刷单返利等电信网络诈骗的识别与防范",
        "诈骗 反诈 电话 派出所",
    ),
    (
        "legal",
        "法律援助进村",
        "law",
        "土地承包、婚姻家庭、拖欠工资等纠纷的法律咨询和援助",
        "法律 纠纷 工资 律师 维权",
    ),
    (
        "doctor",
        "家庭医生签约与慢病随访",
        "health",
        "高血压、糖尿病随访，量血压测血糖，老年人免费体检",
        "高血压 糖尿病 体检 慢病 医生",
    ),
    (
        "tcm",
        "中医适宜技术进乡村",
        "health",
        "颈肩腰腿痛的针灸、推拿、艾灸和拔罐",
        "中医 针灸 推拿 腰腿痛",
    ),
    (
        "dance",
        "广场舞与健身气功辅导",
        "health",
        "广场舞编排、八段锦、太极拳教学",
        "广场舞 八段锦 太极 健身",
    ),
    (
        "linen",
        "夏布编织技艺传承",
        "culture",
        "荣昌夏布的绩麻、织布和夏布制品制作",
        "夏布 编织 非遗 手艺",
    ),
    (
        "opera",
        "川剧坐唱与地方戏曲辅导",
        "culture",
        "川剧唱腔、锣鼓和坐唱表演辅导",
        "川剧 戏曲 唱戏 剧团",
    ),
    (
        "electric",
        "农村电工与家电维修技能培训",
        "education",
        "低压电工证考试辅导、家用电器维修，帮助就业",
        "电工 维修 技能 就业 考证",
    ),
    (
        "housekeeping",
        "家政服务与育婴员培训",
        "education",
        "家政保洁、月嫂、育婴员技能培训和就业推荐",
        "家政 月嫂 育婴 保姆 打工",
    ),
    (
        "childcare",
        "留守儿童暑期托管与课业辅导",
        "education",
        "暑假托管班、作业辅导、亲情陪伴",
        "留守儿童 托管 暑假 作业",
    ),
    (
        "housing",
        "农村危房改造政策宣讲",
        "theory",
        "危房鉴定、改造补助申请流程",
        "危房 改造 房子 补助 漏雨",
    ),
    (
        "insurance",
        "养老保险与医保政策解读",
        "theory",
        "城乡居民养老保险和医疗保险的缴费档次、报销比例",
        "养老保险 医保 报销 社保 缴费",
    ),
    (
        "waste",
        "垃圾分类与人居环境整治",
        "science",
        "垃圾分类投放、厕所改造、房前屋后环境卫生",
        "垃圾 分类 卫生 环境",
    ),
    (
        "rice_fish",
        "稻渔综合种养",
        "science",
        "稻田养鱼、稻田养小龙虾的生态种养技术",
        "稻田 养鱼 龙虾",
    ),
    (
        "pepper",
        "花椒栽培与病虫害防治",
        "science",
        "花椒修剪、施肥和叶片发黄等病虫害防治",
        "花椒 林业",
    ),
    (
        "rescue",
        "应急救护与防溺水",
        "law",
        "心肺复苏、止血包扎、防溺水安全教育",
        "急救 溺水 心肺复苏 游泳",
    ),
]

#: (need as recorded, category, the offering that should come first; None when nothing fits)
REQUESTS = [
    ("我们村梨园去年产量下降，想请专家来教修剪和防治病虫害", "income", "fruit"),
    ("梨树开花后老是掉果，想学疏花疏果", "income", "fruit"),
    ("犁树修剪怎么弄，想请人来教", "income", "fruit"),
    ("想种黄精，不知道怎么育苗", "income", "herbs"),
    ("村里几户想种金银花增收", "income", "herbs"),
    ("猪场消毒和防猪瘟，想请兽医来讲讲", "income", "pigs"),
    ("养猪户想学科学喂养", "income", "pigs"),
    ("年轻人想学直播卖我们的血橙", "income", "ecommerce"),
    ("想开网店卖土鸡蛋", "income", "ecommerce"),
    ("老人不会用微信视频跟孙子聊天", "education", "phones"),
    ("想学用智能手机交电费", "education", "phones"),
    ("最近有人接到冒充公检法的电话，想请派出所来讲讲", "law", "fraud"),
    ("邻居为土地承包的事吵了好几年，想找律师咨询", "law", "legal"),
    ("外出务工被拖欠工资，不知道怎么维权", "schooling_jobs", "legal"),
    ("村里高血压老人多，希望医生定期来量血压", "health_care", "doctor"),
    ("想给老人做免费体检", "health_care", "doctor"),
    ("腰腿痛的老人多，想请中医来推拿针灸", "health_care", "tcm"),
    ("大妈们想学新的广场舞", "culture", "dance"),
    ("想学八段锦锻炼身体", "health", "dance"),
    ("想把夏布手艺传下去，有年轻人愿意学", "culture", "linen"),
    ("老年人喜欢川剧，想请剧团来辅导", "culture", "opera"),
    ("想学电工，考个证好找工作", "schooling_jobs", "electric"),
    ("妇女想学当月嫂出去打工", "schooling_jobs", "housekeeping"),
    ("暑假留守儿童没人管，希望有托管班", "schooling_jobs", "childcare"),
    ("房子漏雨开裂，想问危房改造怎么申请补助", "housing_elderly", "housing"),
    ("医保报销比例是多少，想有人来讲讲", "health_care", "insurance"),
    ("养老保险每年交多少档次划算", "housing_elderly", "insurance"),
    ("垃圾乱堆乱放，想学垃圾分类", "science", "waste"),
    ("想在稻田里养小龙虾", "income", "rice_fish"),
    ("花椒叶子发黄，想请林业站来看看", "income", "pepper"),
    ("夏天孩子下河游泳，想学防溺水和急救", "law", "rescue"),
    ("柑橘树生虫了怎么办", "income", "fruit"),
    ("村里老人想学跳舞", "culture", "dance"),
    ("孩子放假在家没人辅导作业", "schooling_jobs", "childcare"),
    ("想了解新农合怎么报销", "health_care", "insurance"),
    ("手机上怎么挂号看病", "education", "phones"),
    ("想学养鸡", "income", None),
    ("想学无人机植保飞防", "income", None),
    ("村里想修一条通组公路", "housing_elderly", None),
    ("想学做豆腐乳拿去卖", "income", None),
]


@dataclass(frozen=True)
class Result:
    cases: int
    correct: int
    gaps: int
    gaps_found: int
    false_suggestions: int
    misses: list[tuple[str, str | None, str | None]]

    @property
    def precision(self) -> float:
        return self.correct / self.cases if self.cases else 0.0


def build() -> tuple[Matcher, dict[uuid.UUID, str]]:
    keys = {}
    items = []
    for key, title, platform, covers, keywords in MENU:
        oid = uuid.uuid5(uuid.NAMESPACE_OID, key)
        keys[oid] = key
        items.append(MenuItem(oid, title, platform, covers, keywords))
    return Matcher(items), keys


def evaluate() -> Result:
    matcher, keys = build()
    correct = gaps = found = false = 0
    misses = []
    cases = 0
    for need, category, expected in REQUESTS:
        top = matcher.suggest(need, category, 1)
        got = keys[top[0].offering_id] if top else None
        if expected is None:
            gaps += 1
            found += got is None
            false += got is not None
        else:
            cases += 1
            correct += got == expected
        if got != expected:
            misses.append((need, expected, got))
    return Result(cases, correct, gaps, found, false, misses)


def run() -> None:
    result = evaluate()
    print("Matching requests to the service menu")
    print(
        f"  menu: {len(MENU)} offerings; requests: {len(REQUESTS)} ({result.gaps} with no fitting offering)"
    )
    print(
        f"  precision of the top suggestion: {result.correct}/{result.cases} = {result.precision:.0%}"
    )
    print(
        f"  gaps found: {result.gaps_found}/{result.gaps}; suggestions made for a gap: {result.false_suggestions}"
    )
    for need, expected, got in result.misses:
        print(f"  miss: {need} → {got or '(gap)'} (expected {expected or '(gap)'})")


if __name__ == "__main__":
    run()
