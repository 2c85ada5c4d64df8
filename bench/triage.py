"""Triage-help benchmark: near-duplicate grouping of Chinese submissions, and one new submission's
suggestions.

    python bench/triage.py --n 100000

generates submissions from 40 concerns, each written in several paraphrases (different wording, same
concern), wrapped in random openings, units and closings; times `participation.triage.group_labels`
(prints `seconds=X` and the peak memory), then fits a `SimilarityIndex` on them and times one new
submission's top-3 suggestions. The concern is the truth: pairwise precision and recall of the
grouping, and how often a true duplicate is among the top 3. Targets: 100,000 grouped in ≤ 60 s;
one new in ≤ 50 ms. Pure functions on texts: no database.
"""

import argparse
import random
import resource
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench")]

from participation.triage import SimilarityIndex, group_labels  # noqa: E402

# Each concern: paraphrases that share the concern, not the wording.
CONCERNS = [
    ["门诊挂号排队太久", "挂号要等一个多小时，太慢了", "早上挂个号排长队，等得人心焦", "挂号窗口人太多，半天挂不上号"],
    ["医院停车位太少", "开车来看病找不到地方停车", "停车场总是满的，车没处停", "院内车位紧张，停车难"],
    ["食堂饭菜价格太贵", "职工食堂一份菜要二十多元，吃不起", "饭堂的菜价偏高", "食堂伙食贵还不好吃"],
    ["护士态度冷淡", "病房护士说话很冲，不耐烦", "问护士问题爱答不理", "护理人员服务态度生硬"],
    ["医生开大处方", "大夫开药太多，很多用不上", "看个感冒开了几百块的药", "医生乱开检查和药品"],
    ["收受患者红包", "做手术前医生暗示要送红包", "主刀大夫收病人家属的钱", "有医生私下收礼金"],
    ["候诊厅空调不制冷", "等候区夏天热得受不了，冷气没开", "门诊大厅闷热，空调坏了", "候诊区温度太高"],
    ["厕所卫生差", "卫生间又脏又臭", "洗手间没人打扫，地上有积水", "病区公厕异味很重"],
    ["检查报告出得太慢", "做完CT三天了还拿不到结果", "化验单要等好几天才出来", "影像报告迟迟不出"],
    ["医保报销手续繁琐", "报销医药费要跑好几趟", "异地就医结算太麻烦", "医保结算材料要求太多"],
    ["夜间急诊没有医生", "晚上来急诊，值班医生找不到人", "半夜看急诊等了很久没人接诊", "急诊科夜里无人值守"],
    ["预约挂号系统经常崩溃", "网上预约总是登不上去", "手机挂号程序老是出错", "线上预约平台卡顿打不开"],
    ["药房缺药", "医院药房经常没有常用药", "开了处方却拿不到药，说是断货", "慢病用药总是缺货"],
    ["收费不透明", "住院费用清单看不懂，有乱收费", "多收了检查费也不解释", "账单上有没做过的项目"],
    ["村卫生室经常关门", "村医不在岗，卫生室锁着门", "去村诊所看病常常没人", "村里卫生室开门时间不固定"],
    ["家庭医生签约不履约", "签了家庭医生一年没见过人", "家庭医生签约后没有上门服务", "签约医生从不随访"],
    ["疫苗接种排队时间长", "带孩子打预防针要等一上午", "接种门诊人满为患", "打疫苗排队排到中午"],
    ["电梯太少太挤", "住院楼电梯要等十几分钟", "坐电梯挤不上去", "病房楼电梯不够用"],
    ["医生看病时间太短", "大夫问两句就打发走了", "看诊不到一分钟就开单", "医生不听病人说完就开药"],
    ["病房太吵休息不好", "住院病房晚上吵得睡不着", "病区夜里喧哗，影响休息", "病房里噪音大，病人没法睡觉"],
    ["陪护床收费高", "租一张陪护床一晚要五十元", "陪床折叠椅收费太贵", "家属陪护费用不合理"],
    ["院内指示标识不清", "医院里找科室像走迷宫", "导诊标牌看不明白，经常走错", "楼层指引不清楚"],
    ["办事推诿扯皮", "去窗口办事被踢来踢去", "几个科室互相推责任，没人管", "问题反映了好几次都说不归他们管"],
    ["公务接待超标准", "单位招待吃饭上高档酒", "接待检查组大吃大喝", "公款宴请标准过高"],
    ["公车私用", "领导周末开公车去钓鱼", "单位的车被拿去接送孩子上学", "公务用车办私事"],
    ["会议太多太长", "一周开好几次会，没时间干活", "会议冗长，内容空洞", "文山会海，基层疲于应付"],
    ["填表报材料太多", "基层天天填各种表格", "重复报送材料，同一份数据要报几次", "报表负担太重"],
    ["考勤造假", "有人上班打卡后就离岗", "代打卡现象严重", "签到后人就不见了"],
    ["采购设备价格虚高", "医疗设备采购比市场价贵很多", "买的器械价格明显偏高", "设备招标有猫腻"],
    ["职称评审不公平", "评职称看关系不看水平", "职称名额被内定", "晋升评审暗箱操作"],
    ["绩效分配不合理", "奖金分配向领导倾斜", "一线医护绩效太低", "绩效工资分配不透明"],
    ["救护车出车慢", "打了120半小时才到", "急救车来得太晚", "呼叫救护车迟迟不来"],
    ["体检中心服务差", "体检等候时间长，流程混乱", "健康体检中心工作人员不耐烦", "体检报告解释不清楚"],
    ["中药代煎质量差", "代煎的中药味道很淡，像没放药", "医院煎的汤药分量不足", "中药煎煮不规范"],
    ["康复科设备陈旧", "理疗仪器老化，经常坏", "康复训练器材太旧", "康复治疗设备不够用"],
    ["出院结算等待久", "办出院手续排了两个小时", "出院结账窗口太少", "结算出院要等大半天"],
    ["老年人不会用自助机", "老人看病全靠手机，不会操作", "自助机对老年人不友好", "没有人工窗口，老年人办不了"],
    ["饮用水供应不足", "病区没有热水可打", "开水房经常没水", "住院楼饮水机坏了没人修"],
    ["医疗废物处理不规范", "医疗垃圾随意堆放", "用过的针头混在生活垃圾里", "医废转运不及时"],
    ["保安态度粗暴", "门口保安对病人家属大呼小叫", "保安推搡来访群众", "安保人员说话难听"],
]
OPENINGS = ["", "我想反映一下，", "您好，", "建议领导重视：", "作为患者家属，", "多次遇到这个问题：", "本人反映，"]
UNITS = ["县人民医院", "中医院", "妇幼保健院", "城关镇卫生院", "东街社区卫生服务中心", "河西乡卫生院", ""]
CLOSINGS = ["", "希望尽快解决。", "请有关部门管一管。", "群众意见很大。", "希望改进。", "谢谢！", "盼回复。"]


def generate(n: int, seed: int = 1) -> tuple[list[str], np.ndarray]:
    rng = random.Random(seed)
    texts, labels = [], []
    for _ in range(n):
        concern = rng.randrange(len(CONCERNS))
        unit = rng.choice(UNITS)
        core = rng.choice(CONCERNS[concern])
        texts.append(f"{rng.choice(OPENINGS)}{unit}{'的' if unit else ''}{core}，{rng.choice(CLOSINGS)}")
        labels.append(concern)
    return texts, np.array(labels)


def pair_counts(truth: np.ndarray, found: np.ndarray) -> tuple[int, int, int]:
    """(pairs in the same found group and the same concern, pairs found, true pairs) from counts."""

    def pairs(counts):
        counts = counts.astype(np.int64)
        return int((counts * (counts - 1) // 2).sum())

    _, joint = np.unique(truth.astype(np.int64) * (found.max() + 1) + found, return_counts=True)
    return pairs(joint), pairs(np.unique(found, return_counts=True)[1]), pairs(np.unique(truth, return_counts=True)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    texts, truth = generate(args.n)

    started = time.perf_counter()
    found = group_labels(texts, threshold=args.threshold)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    both, found_pairs, true_pairs = pair_counts(truth, found)
    print(f"grouping n={args.n} seconds={seconds:.1f} peak_rss_mb={peak_mb:.0f} groups={len(set(found.tolist()))}")
    print(
        f"pairwise precision={both / max(found_pairs, 1):.3f} recall={both / max(true_pairs, 1):.3f} "
        f"(true pairs={true_pairs}, found pairs={found_pairs})"
    )

    started = time.perf_counter()
    index = SimilarityIndex(items=[("submission", i, text) for i, text in enumerate(texts)])
    print(f"index fit seconds={time.perf_counter() - started:.1f}")
    new_texts, new_truth = generate(args.queries, seed=2)
    times, hits = [], 0
    for text, concern in zip(new_texts, new_truth, strict=True):
        started = time.perf_counter()
        top = index.similar(text)
        times.append((time.perf_counter() - started) * 1000)
        hits += any(truth[s.pk] == concern for s in top)
    print(
        f"one new submission: median_ms={statistics.median(times):.1f} max_ms={max(times):.1f} "
        f"top3_recall={hits / len(new_texts):.3f} (queries={len(new_texts)})"
    )


if __name__ == "__main__":
    main()
