"""Invented problem texts for the demo ledger, in the words health commissions and hospitals use.

Each problem template names where it belongs (a hospital department, a hospital, a township health
centre, the commission, or anywhere), the campaign category (one of the seven "冰" of the 思想破冰
template, by position), the sources it typically comes from, its root cause and two or three
measures; `dept` is a department code as demo.py names them. `{unit}`, `{dept}`, `{n}`, `{m}`, `{p}`, `{k}`, `{minutes}`, `{month}` and `{topic}` are
filled in per problem so that every problem on the list reads differently.
"""

from dataclasses import dataclass

from ledger.choices import MajorKind, MeasureKind, ProblemSource

IMMEDIATE, DEADLINE, LONG_TERM = MeasureKind.IMMEDIATE, MeasureKind.DEADLINE, MeasureKind.LONG_TERM
S = ProblemSource

# The seven "冰" of the 思想破冰 template, by position in its category list.
POLITICS, IDEAS, DUTY, STANDARDS, SPIRIT, SERVICE, STYLE = range(7)

TOPICS = [
    "分级诊疗",
    "医保支付方式改革",
    "公立医院绩效考核",
    "基层服务能力提升",
    "老年友善医疗机构创建",
    "健康乡村建设",
]


@dataclass(frozen=True)
class MeasureText:
    content: str
    standard: str
    kind: str
    milestones: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProblemText:
    scope: str  # "department", "hospital", "township", "commission" or "any"
    dept: str  # the department code it belongs to, "" for the unit itself
    category: int
    sources: tuple[str, ...]
    description: str
    root_cause: str
    measures: tuple[MeasureText, ...]
    major_kind: str = ""


def m(content: str, standard: str, kind: str, *milestones: str) -> MeasureText:
    return MeasureText(content, standard, kind, milestones)


PROBLEMS = [
    # --- hospital departments ----------------------------------------------------------------
    ProblemText(
        "department",
        "MZB",
        SERVICE,
        (S.PUBLIC, S.GRASSROOTS),
        "{unit}门诊高峰时段挂号、缴费排队时间长，{month}月抽查高峰期平均排队{minutes}分钟，群众通过意见箱反映{k}次。",
        "服务流程仍按“以科室为中心”设计，自助设备和诊间结算推广不力，对群众就医体验关注不够。",
        (
            m(
                "增设自助挂号缴费机，推行诊间结算和分时段预约挂号。",
                "高峰期排队时间不超过15分钟；分时段预约就诊率达到60%以上。",
                DEADLINE,
                "完成自助机选型采购",
                "诊间结算覆盖全部门诊诊室",
            ),
            m(
                "高峰时段增开收费窗口，安排导医分区引导、帮助老年人使用自助设备。",
                "每日7:30—10:00各楼层导医到岗，抽查到岗率100%。",
                IMMEDIATE,
            ),
            m(
                "每月开展门诊就医体验调查，排队时长纳入门诊部绩效考核。",
                "连续三个月门诊满意度不低于90%。",
                LONG_TERM,
            ),
        ),
    ),
    ProblemText(
        "department",
        "MZB",
        STYLE,
        (S.PUBLIC, S.SUPERVISION),
        "{unit}部分医生门诊迟到早退、随意停诊，{month}月停诊{k}次未提前公告，患者白跑。",
        "门诊出诊管理制度执行不严，考勤与绩效脱钩，科室负责人对本科室医生出诊情况失管失察。",
        (
            m(
                "修订《门诊出诊管理规定》，停诊须提前3个工作日报批并在官网、公众号公示。",
                "制度印发并上墙；停诊提前公示率100%。",
                LONG_TERM,
                "完成制度修订稿",
                "制度印发实施",
            ),
            m("对{month}月未公示停诊的医生逐一约谈并扣减当月绩效。", "约谈记录和绩效扣减明细齐全。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "department",
        "MZB",
        SERVICE,
        (S.PUBLIC, S.RESEARCH),
        "{unit}专家号源线上“一号难求”，线下有号贩子倒号，{month}月接到相关投诉{k}起。",
        "号源管理粗放，实名制挂号、就诊核验落实不严，对号贩子打击不力。",
        (
            m("专家号全部实行实名预约，就诊时核验身份证件。", "抽查专家门诊实名核验率100%。", IMMEDIATE),
            m(
                "联合辖区派出所开展打击号贩子专项行动，在门诊大厅安装人脸识别监控。",
                "专项行动期间查处倒号行为并公开通报；投诉量较整改前下降80%。",
                DEADLINE,
            ),
        ),
    ),
    ProblemText(
        "department",
        "MZB",
        SERVICE,
        (S.GRASSROOTS, S.PUBLIC),
        "{unit}院内导视标识不清，门诊楼科室调整后{k}处标识未更新，老年患者找科室困难。",
        "后勤与门诊职责交叉，无人牵头；对老年人就医需求考虑不周。",
        (
            m("全面更新院内导视标识，制作门诊楼层分布图。", "标识与科室布局一致，经第三方暗访无错误指引。", DEADLINE),
            m("在门诊大厅设立助老服务岗和老年人绿色通道。", "助老服务岗工作日全天有人值守。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "department",
        "YWK",
        STANDARDS,
        (S.SELF, S.SUPERVISION),
        "{unit}运行病历书写不及时，{month}月抽查{n}份病历中{m}份首次病程记录超过8小时时限。",
        "科室质控员履职不到位，病历质控“重终末、轻环节”，对超时书写缺乏约束。",
        (
            m("实行运行病历环节质控周检查，问题病历当周反馈整改。", "每周抽查不少于30份，检查记录完整。", LONG_TERM),
            m("对超时病历按病历质量管理办法扣分并纳入科室绩效。", "扣分结果已在院周会通报。", IMMEDIATE),
            m(
                "在电子病历系统设置书写时限提醒和超时锁定。",
                "系统上线运行；复查首次病程记录超时率低于2%。",
                DEADLINE,
                "完成系统需求确认",
            ),
        ),
    ),
    ProblemText(
        "department",
        "YWK",
        DUTY,
        (S.SELF, S.RESEARCH, S.COLLECTIVE),
        "{unit}院内急会诊响应慢，{month}月{n}次急会诊中{m}次到位时间超过10分钟。",
        "会诊响应无记录、无考核，部分科室对会诊存在推诿思想。",
        (
            m(
                "上线电子会诊系统，自动记录申请、响应和到位时间。",
                "系统上线；急会诊10分钟到位率达到95%以上。",
                DEADLINE,
                "完成系统部署",
            ),
            m("会诊到位情况每月在医疗质量分析会上通报。", "每月通报材料齐全。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "YWK",
        STANDARDS,
        (S.AUDIT, S.SUPERVISION),
        "{unit}临床路径“入径不执行”，{k}个病种入径率达标但变异记录缺失，路径管理流于形式。",
        "重指标、轻实效，临床路径管理只看入径率，对完成质量缺乏监管。",
        (
            m("逐病种复核临床路径执行情况，补全变异分析。", "复核覆盖全部入径病种，形成分析报告。", DEADLINE),
            m("修订临床路径考核办法，增加完成率、变异率指标。", "新办法印发并执行一个季度。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "YWK",
        DUTY,
        (S.PUBLIC, S.INSPECTION),
        "{unit}医疗投诉处理推诿，患者投诉在科室间来回转办，{month}月{k}件投诉超过5个工作日未答复。",
        "投诉首接负责制没有落到实处，投诉办理无时限、无督办。",
        (
            m("落实投诉首接负责制，建立投诉台账，限时办结。", "投诉5个工作日内答复率100%。", IMMEDIATE),
            m("每季度分析投诉热点，向相关科室发整改通知。", "季度分析报告和整改通知齐全。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "JJJCS",
        POLITICS,
        (S.PUBLIC, S.INSPECTION),
        "{unit}医德医风教育针对性不强，个别医务人员有收受患者“红包”苗头，{month}月群众来信反映{k}起。",
        "廉洁从业教育“大水漫灌”，警示教育不足，监督手段单一，对苗头性问题发现不及时。",
        (
            m(
                "全员签订《医务人员廉洁从业承诺书》，召开警示教育大会。",
                "承诺书签订率100%；警示教育会议记录完整。",
                IMMEDIATE,
            ),
            m("开展医疗行业“九不准”专项检查，畅通院内举报渠道。", "专项检查报告；举报电话、信箱公示到位。", DEADLINE),
            m("建立医务人员医德考评档案，考评结果与职称晋升、评优挂钩。", "医德考评档案建档率100%。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "JJJCS",
        STYLE,
        (S.SUPERVISION, S.SELF),
        "{unit}对医药代表进院管理不严，{month}月明察暗访发现医药代表{k}次在诊区推销。",
        "医药代表接待登记制度形同虚设，科室负责人把关不严。",
        (
            m("医药代表实行定时、定点、预约接待，全程登记。", "接待登记本完整；暗访未再发现诊区推销。", IMMEDIATE),
            m("诊区设置门禁，非工作人员刷卡进入。", "门禁系统投入使用。", DEADLINE),
        ),
    ),
    ProblemText(
        "department",
        "JJJCS",
        STYLE,
        (S.SUPERVISION, S.SUPERIOR),
        "{unit}作风建设监督检查以听汇报、看资料为主，今年以来{k}次检查未发现实质问题，“走过场”。",
        "监督方式单一，不敢较真碰硬，存在“老好人”思想。",
        (
            m("改进检查方式，每月至少开展一次“四不两直”明察暗访。", "暗访记录和问题清单齐全。", LONG_TERM),
            m("对检查发现的问题建立台账，逐项跟踪销号。", "问题台账建立，销号率达到90%。", DEADLINE),
        ),
    ),
    ProblemText(
        "department",
        "XCK",
        SERVICE,
        (S.GRASSROOTS, S.PUBLIC),
        "{unit}官方公众号更新不及时，{month}月仅发布{k}条信息，医保、预约等政策解读照搬文件，群众看不懂。",
        "宣传工作“等稿子”，缺乏策划，对群众关心的问题了解不深。",
        (
            m("开设“看病指南”栏目，用图解、短视频解读就医和医保政策。", "栏目每周至少更新一期。", LONG_TERM),
            m("建立公众号留言限时回复制度。", "留言48小时内回复率100%。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "department",
        "XCK",
        DUTY,
        (S.SUPERIOR, S.SELF, S.COLLECTIVE),
        "{unit}网络舆情响应慢，{month}月{k}条涉院网络投诉超过48小时才回应，引发二次传播。",
        "舆情监测靠人工翻看，没有分级处置流程，责任不清。",
        (
            m("制定网络舆情分级处置预案，明确各环节责任人。", "预案印发；开展一次舆情处置演练。", DEADLINE),
            m("安排专人每日监测涉院舆情并登记。", "舆情监测日志完整。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "department",
        "YZBGS",
        STYLE,
        (S.SELF, S.COLLECTIVE),
        "{unit}“文山会海”依然存在，{month}月全院性会议{n}次，部分会议议而不决、以会议落实会议。",
        "以会议落实会议的思维惯性，会议计划管理缺失。",
        (
            m("实行会议计划审批，能合并的会议合并召开，能发通知的不开会。", "全院性会议数量较上月减少40%。", IMMEDIATE),
            m("修订《会议管理办法》，规定会议时长和议题准备要求。", "办法印发执行。", LONG_TERM, "征求各科室意见"),
        ),
    ),
    ProblemText(
        "department",
        "YZBGS",
        POLITICS,
        (S.INSPECTION, S.AUDIT),
        "{unit}“三重一大”事项集体决策程序不规范，抽查{n}项决策中{m}项未提前征求意见或会议记录不全。",
        "对“三重一大”制度学习不深，议事规则执行打折扣。",
        (
            m("修订“三重一大”决策实施细则，明确事项清单和程序。", "细则经党委会审议通过并印发。", DEADLINE),
            m("逐项补正会议记录，问题事项报院党委复核。", "补正和复核材料齐全。", IMMEDIATE),
            m("每半年对“三重一大”执行情况开展一次专项检查。", "专项检查报告。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "YZBGS",
        SPIRIT,
        (S.SELF, S.SUPERVISION),
        "{unit}院周会交办事项“只交办、不督办”，{month}月交办事项按时办结率仅{p}%。",
        "督办机制不健全，办结情况无人跟踪、无人问责。",
        (
            m("建立交办事项督办台账，每周通报办结情况。", "按时办结率达到95%以上。", LONG_TERM),
            m("对逾期未办结事项逐项约谈责任科室。", "约谈记录齐全。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "department",
        "YJK",
        STANDARDS,
        (S.AUDIT, S.SUPERVISION),
        "{unit}未严格执行药品集中带量采购，{month}月{k}个品种非中选药品用量高于中选药品。",
        "对集采政策执行情况监测不够，对临床科室用药引导不力。",
        (
            m("每月通报各科室中选药品使用比例。", "中选药品使用比例达到约定量。", LONG_TERM),
            m("对替代使用非中选品种的处方开展专项点评。", "专项点评报告；不合理处方处理到人。", DEADLINE),
        ),
    ),
    ProblemText(
        "department",
        "YJK",
        SERVICE,
        (S.PUBLIC, S.GRASSROOTS),
        "{unit}常用低价药品时常断供，{month}月{k}个品种缺货超过一周，患者反映开不到药。",
        "药品库存预警机制缺失，采购计划凭经验。",
        (
            m("建立短缺药品监测和库存预警机制。", "短缺药品清单动态更新；缺货一周以上品种清零。", DEADLINE),
            m("对当前缺货品种立即启动应急采购或替代方案。", "缺货品种已恢复供应或有替代。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "department",
        "YJK",
        STANDARDS,
        (S.AUDIT, S.SELF),
        "{unit}药品库存管理不规范，盘点发现{k}个品种账实不符，近效期药品未及时预警。",
        "药库管理制度执行不严，盘点流于形式。",
        (
            m("全面盘点药库、药房，查明账实差异原因。", "盘点报告；差异原因逐项说明。", IMMEDIATE),
            m("上线药品效期预警功能，近效期药品提前三个月提示。", "预警功能运行。", DEADLINE),
        ),
    ),
    ProblemText(
        "department",
        "YBB",
        STANDARDS,
        (S.AUDIT, S.SUPERVISION, S.INSPECTION),
        "{unit}医保基金使用不规范，医保飞行检查发现串换项目收费、超标准收费等问题{k}项，涉及金额{n}万元。",
        "对医保政策学习不深，物价收费审核把关不严，存在“多收一点没关系”的侥幸心理。",
        (
            m("全面开展医保违规收费自查自纠，按规定退还违规资金。", "自查报告；违规资金退回凭证。", IMMEDIATE),
            m(
                "上线医保智能审核系统，事前提醒、事中控制违规收费。",
                "系统上线运行，拦截记录可查。",
                DEADLINE,
                "完成规则库配置",
                "全院上线",
            ),
            m("每季度开展医保政策全员培训并考试。", "培训签到和考试成绩齐全，合格率100%。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "YBB",
        SERVICE,
        (S.PUBLIC, S.RESEARCH),
        "{unit}住院医保结算窗口少，出院结算平均等待{minutes}分钟，异地就医备案流程繁琐。",
        "窗口设置沿用多年未调整，“一站式”结算推进不力。",
        (
            m("推行床旁结算和出院“一站式”结算。", "出院结算等待不超过15分钟。", DEADLINE),
            m("编制异地就医备案一次性告知单。", "告知单在窗口和公众号发布。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "department",
        "YBB",
        POLITICS,
        (S.AUDIT, S.INSPECTION),
        "{unit}存在分解住院、挂床住院问题，抽查{n}份住院病历发现{m}份疑似分解住院。",
        "科室为完成指标追求住院人次，医保办事前审核缺位。",
        (
            m("对疑似分解住院病历逐份复核并处理责任人。", "复核结论和处理决定齐全。", IMMEDIATE),
            m("将分解住院纳入医保违规行为负面清单，每月抽查。", "负面清单印发；每月抽查记录。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "HLB",
        DUTY,
        (S.SELF, S.RESEARCH, S.COLLECTIVE),
        "{unit}夜间护理人力不足，{k}个病区夜班床护比低于1:0.2。",
        "护理人力配置沿用编制数，未按实际床位使用率动态调配。",
        (
            m("建立护理人力资源弹性调配库。", "调配库建立；夜班床护比全部达标。", DEADLINE),
            m("高峰病区夜班增设机动护士。", "排班表体现机动岗。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "department",
        "HLB",
        SERVICE,
        (S.GRASSROOTS, S.PUBLIC),
        "{unit}患者满意度调查中“护士解释耐心”一项得分仅{p}分，患者反映护士态度生硬。",
        "重技术操作、轻人文关怀，护患沟通培训缺失。",
        (
            m("开展护患沟通专题培训和情景演练。", "培训覆盖全体护士。", DEADLINE),
            m("每月开展出院患者电话回访，结果纳入护士长考核。", "回访率不低于80%，满意度达到90分。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "CWK",
        SERVICE,
        (S.PUBLIC, S.SUPERVISION),
        "{unit}医疗服务价格公示不全，{k}个收费项目未公示，群众对收费有疑问。",
        "价格公示更新依赖人工，财务科与信息科衔接不畅。",
        (
            m("在门诊大厅电子屏和公众号全面公示医疗服务价格。", "收费项目公示率100%。", IMMEDIATE),
            m("提供住院费用“一日清单”，开通费用查询。", "一日清单按日推送。", DEADLINE),
        ),
    ),
    ProblemText(
        "department",
        "CWK",
        SPIRIT,
        (S.AUDIT, S.SUPERIOR),
        "{unit}专项资金支出进度慢，截至{month}月末支出进度仅{p}%，低于序时进度。",
        "项目前期准备不足，“等资金到位再谋划”，支出计划不细。",
        (
            m(
                "逐项目制定支出计划，明确责任科室和时间节点。",
                "年底前支出进度达到95%以上。",
                DEADLINE,
                "完成设备招标",
                "完成合同付款",
            ),
            m("每月向院党委报告专项资金支出进度。", "月报材料齐全。", LONG_TERM),
        ),
    ),
    ProblemText(
        "department",
        "CWK",
        STANDARDS,
        (S.AUDIT,),
        "{unit}预算执行约束不强，审计发现公用经费超预算列支{n}万元。",
        "预算编制粗放，执行中随意调整，缺乏事前审批。",
        (
            m("追加预算调整程序，超预算支出一律事前审批。", "预算调整审批单齐全。", IMMEDIATE),
            m("修订《预算管理办法》。", "办法经院长办公会审议并印发。", DEADLINE),
        ),
    ),
    # --- hospital as a whole -----------------------------------------------------------------
    ProblemText(
        "hospital",
        "",
        STYLE,
        (S.SUPERIOR, S.GRASSROOTS),
        "{unit}领导班子调查研究不深入，下科室“蜻蜓点水”，今年以来班子成员到临床一线调研仅{k}次。",
        "习惯于坐在办公室听汇报，对一线困难掌握不够。",
        (
            m("班子成员每人联系2个临床科室，每月至少到联系科室调研一次。", "调研记录和问题清单齐全。", LONG_TERM),
            m("对调研发现的问题建立清单，逐项交办。", "问题清单交办率100%。", DEADLINE),
        ),
    ),
    ProblemText(
        "hospital",
        "YWK",
        IDEAS,
        (S.RESEARCH, S.COLLECTIVE),
        "{unit}重点专科建设进展缓慢，胸痛中心、卒中中心建设滞后于全市进度。",
        "推进发展思路不宽，对重点专科投入“等靠要”，缺乏攻坚意识。",
        (
            m(
                "制定胸痛中心、卒中中心建设方案，明确时间表。",
                "通过省级胸痛中心认证现场评审。",
                DEADLINE,
                "完成流程改造",
                "提交认证申请",
            ),
            m("与上级医院签订专科联盟协议，定期派人进修。", "协议签订；首批进修人员到岗。", DEADLINE),
        ),
        MajorKind.PROJECT,
    ),
    ProblemText(
        "hospital",
        "YZBGS",
        SPIRIT,
        (S.RESEARCH, S.SELF),
        "{unit}人才“引不来、留不住”，近三年流失中级以上职称骨干{k}人。",
        "人才待遇和发展平台缺乏吸引力，对人才的关心关爱不够。",
        (
            m("出台人才引进和培养激励办法。", "办法印发；年内引进紧缺人才不少于3人。", DEADLINE),
            m("建立骨干人才谈心谈话制度，每半年一次。", "谈心谈话记录齐全。", LONG_TERM),
        ),
        MajorKind.RESOURCES,
    ),
    ProblemText(
        "hospital",
        "YWK",
        IDEAS,
        (S.RESEARCH, S.SUPERIOR),
        "{unit}智慧医院建设滞后，{k}个信息系统互不联通，检查检验结果院内互认率低。",
        "信息化建设缺乏顶层设计，各科室各自为政。",
        (
            m(
                "编制智慧医院建设三年规划，推进系统集成平台建设。",
                "集成平台上线，检查检验结果院内互认。",
                DEADLINE,
                "完成规划编制",
                "完成平台招标",
            ),
            m("成立信息化建设领导小组，每季度研究一次。", "领导小组会议纪要。", LONG_TERM),
        ),
        MajorKind.REFORM,
    ),
    ProblemText(
        "hospital",
        "YWK",
        DUTY,
        (S.SUPERIOR, S.GRASSROOTS, S.INSPECTION),
        "{unit}县域医共体牵头作用发挥不够，对乡镇卫生院帮扶“派人不派心”，下派专家坐诊{k}次被反映不到岗。",
        "对医共体建设认识不到位，考核只看派出人次、不看帮扶成效。",
        (
            m("调整下派专家管理办法，下派人员实行打卡考勤。", "下派专家到岗率100%。", IMMEDIATE),
            m("每个帮扶卫生院确定1项适宜技术，年内落地。", "适宜技术在卫生院开展并有病例。", DEADLINE),
            m("将帮扶成效纳入下派专家职称晋升条件。", "制度印发执行。", LONG_TERM),
        ),
        MajorKind.REFORM,
    ),
    ProblemText(
        "hospital",
        "YWK",
        IDEAS,
        (S.SELF, S.COLLECTIVE),
        "{unit}中医药特色优势发挥不充分，中医非药物疗法开展项目仅{k}项，中药饮片使用占比偏低。",
        "守着“老办法”，对中医适宜技术推广缺乏激励。",
        (
            m("每个临床科室至少开展2项中医适宜技术。", "开展项目清单和病例数统计。", DEADLINE),
            m("设立中医特色技术推广奖励。", "奖励办法印发并兑现一次。", LONG_TERM),
        ),
    ),
    # --- township health centres -------------------------------------------------------------
    ProblemText(
        "township",
        "",
        STYLE,
        (S.INSPECTION, S.PUBLIC, S.SUPERVISION),
        "{unit}家庭医生签约服务“签而不约”，抽查{n}户签约居民中{m}户不知道自己的家庭医生。",
        "重签约数量、轻履约质量，考核以签约率为主，团队下村随访不到位。",
        (
            m("对签约居民开展入户回访核查，补签服务协议。", "回访覆盖全部签约户；知晓率达到90%以上。", DEADLINE),
            m("公开家庭医生团队联系电话，在村卫生室张贴。", "各村公示到位。", IMMEDIATE),
            m("将履约率、满意度纳入家庭医生团队绩效。", "绩效方案修订并执行。", LONG_TERM),
        ),
    ),
    ProblemText(
        "township",
        "",
        STANDARDS,
        (S.AUDIT, S.SUPERVISION),
        "{unit}居民健康档案“死档”多，抽查{n}份档案中{m}份一年以上未更新，信息真实性存疑。",
        "为完成建档指标突击建档，日常随访与档案更新脱节。",
        (
            m("开展健康档案清理核查，注销重复档案、更新过期档案。", "核查报告；档案更新率达到95%。", DEADLINE),
            m("随访记录与档案系统联动更新。", "系统联动运行。", LONG_TERM),
        ),
    ),
    ProblemText(
        "township",
        "",
        DUTY,
        (S.SUPERVISION, S.RESEARCH),
        "{unit}高血压、糖尿病患者随访不规范，规范管理率仅{p}%。",
        "公卫人员少、任务重，随访“打电话了事”。",
        (
            m("对管理对象逐一面对面随访并补录。", "规范管理率达到70%以上。", DEADLINE, "完成半数村的随访"),
            m("每季度开展一次慢病随访质量抽查。", "抽查记录齐全。", LONG_TERM),
        ),
    ),
    ProblemText(
        "township",
        "",
        SPIRIT,
        (S.AUDIT, S.GRASSROOTS),
        "{unit}基本公共卫生服务补助资金拨付滞后，{k}个村卫生室村医补助延迟发放超过两个月。",
        "资金拨付审批环节多，考核结果出得慢。",
        (
            m("立即补发拖欠的村医补助。", "补助发放凭证齐全。", IMMEDIATE),
            m("简化拨付流程，按季度预拨、年终结算。", "拨付流程文件印发。", LONG_TERM),
        ),
    ),
    ProblemText(
        "township",
        "",
        STYLE,
        (S.PUBLIC, S.SUPERVISION),
        "{unit}夜间、节假日值班医生不在岗，{month}月暗访{k}次中有{m}次值班医生无法联系。",
        "值班制度执行不严，院领导查岗缺位。",
        (
            m("值班医生实行定位打卡，院领导每周抽查值班。", "暗访值班在岗率100%。", IMMEDIATE),
            m("修订《值班管理制度》并公示值班电话。", "制度印发，值班电话公示。", LONG_TERM),
        ),
    ),
    ProblemText(
        "township",
        "",
        SERVICE,
        (S.PUBLIC, S.GRASSROOTS),
        "{unit}村卫生室药品配备不足，{k}个村卫生室常用药不足50种，村民常用药需到镇上购买。",
        "基本药物配送不及时，乡村一体化管理不到位。",
        (
            m("统一为村卫生室补充常用药品，建立配送清单。", "每个村卫生室常用药不少于80种。", DEADLINE),
            m("每月核查村卫生室药品库存。", "核查记录齐全。", LONG_TERM),
        ),
    ),
    ProblemText(
        "township",
        "",
        SERVICE,
        (S.PUBLIC, S.GRASSROOTS),
        "{unit}服务窗口态度冷淡，老年人办理慢病卡、报销“来回跑”，{month}月收到投诉{k}件。",
        "服务意识淡薄，一次性告知制度未落实。",
        (
            m("落实首问负责和一次性告知，设立代办帮办服务。", "代办帮办台账；投诉件清零。", IMMEDIATE),
            m("开展窗口服务礼仪培训。", "培训签到和考核记录。", DEADLINE),
        ),
    ),
    # --- the commission ----------------------------------------------------------------------
    ProblemText(
        "commission",
        "JCWS",
        STYLE,
        (S.SUPERIOR, S.SELF),
        "{unit}机关干部下基层调研“走过场”，今年以来形成的{k}篇调研报告多为情况罗列，解决实际问题少。",
        "调研前无准备、调研中不深入、调研后无跟踪。",
        (
            m("班子成员每人确定一个调研课题，形成有对策的调研报告。", "调研报告经党委会研究，对策交办落实。", DEADLINE),
            m("建立调研成果转化台账。", "台账每季度更新。", LONG_TERM),
        ),
    ),
    ProblemText(
        "commission",
        "YZYG",
        SERVICE,
        (S.PUBLIC, S.RESEARCH),
        "{unit}医疗机构执业登记等审批事项办理时限长，申请人平均跑{k}次，材料重复提交。",
        "审批流程未优化，部门间信息不共享。",
        (
            m("梳理审批事项清单，压缩办理时限50%。", "办事指南公布；办理时限压缩到位。", DEADLINE),
            m("推行“一窗受理、容缺办理”。", "一窗受理上线运行。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "commission",
        "JCWS",
        DUTY,
        (S.SUPERIOR, S.INSPECTION),
        "{unit}对基层医疗卫生机构督导检查“重部署、轻落实”，上半年督导发现的{n}个问题有{m}个未跟踪整改。",
        "督导结果运用不够，整改跟踪无台账、无闭环。",
        (
            m("建立督导问题整改台账，逐项跟踪销号。", "台账建立；逾期问题全部说明原因。", IMMEDIATE),
            m("督导结果纳入乡镇卫生院年度考核。", "考核办法修订。", LONG_TERM),
        ),
    ),
    ProblemText(
        "commission",
        "GHCW",
        STANDARDS,
        (S.AUDIT, S.INSPECTION),
        "{unit}项目资金管理不规范，审计发现{k}个项目资金拨付滞后，绩效评价“走形式”。",
        "项目资金“重分配、轻管理”，绩效目标设定不科学。",
        (
            m("对滞后项目逐一督办，限期拨付到位。", "拨付凭证齐全。", DEADLINE),
            m("修订项目资金绩效评价办法，引入第三方评价。", "办法印发；完成一次第三方评价。", LONG_TERM),
        ),
    ),
    ProblemText(
        "commission",
        "YZYG",
        IDEAS,
        (S.RESEARCH, S.COLLECTIVE),
        "{unit}县域医共体建设推进慢，医保打包支付改革未落地，牵头医院与成员单位“联而不通”。",
        "改革思路不宽、办法不多，部门协调“等上级政策”。",
        (
            m(
                "会同医保部门制定医共体医保打包支付实施方案。",
                "方案经县政府审定并实施。",
                DEADLINE,
                "完成方案初稿",
                "完成部门会签",
            ),
            m("建立医共体建设月调度制度。", "月调度会议纪要。", LONG_TERM),
        ),
        MajorKind.REFORM,
    ),
    ProblemText(
        "commission",
        "JCWS",
        STYLE,
        (S.GRASSROOTS, S.SELF),
        "{unit}基层减负不到位，{month}月向乡镇卫生院重复要报表{k}份，同一数据多头填报。",
        "各股室各自为政，数据不共享。",
        (
            m("清理报表清单，取消重复报表。", "报表数量减少30%以上。", IMMEDIATE),
            m("建立报表准入制度，新增报表须经办公室审核。", "制度印发执行。", LONG_TERM),
        ),
    ),
    ProblemText(
        "commission",
        "GHCW",
        SPIRIT,
        (S.SUPERIOR, S.RESEARCH),
        "{unit}基层医疗机构基础设施项目推进缓慢，{k}个卫生院改扩建项目未按期开工。",
        "项目前期工作不扎实，用地、审批等要素保障协调不力。",
        (
            m(
                "逐项目明确包保领导，倒排工期。",
                "全部项目开工。",
                DEADLINE,
                "完成用地手续",
                "完成施工招标",
            ),
            m("每月召开项目推进会。", "推进会纪要。", LONG_TERM),
        ),
        MajorKind.PROJECT,
    ),
    # --- anywhere: the campaign's general "冰" -----------------------------------------------
    ProblemText(
        "any",
        "",
        STYLE,
        (S.SUPERVISION, S.PUBLIC),
        "{unit}部分干部职工上班时间玩手机、脱岗串岗，{month}月明察暗访发现{k}人次。",
        "日常管理宽松软，考勤制度执行不严，对违纪行为处理偏轻。",
        (
            m("开展作风纪律专项整治，对暗访发现的人员通报批评。", "通报文件；当事人书面检查。", IMMEDIATE),
            m("每月开展一次作风纪律明察暗访。", "暗访记录齐全。", LONG_TERM),
        ),
    ),
    ProblemText(
        "any",
        "",
        POLITICS,
        (S.SELF, S.SUPERIOR),
        "{unit}政治理论学习“以读代学”，学习笔记照抄照搬，{k}名党员学习心得与工作实际脱节。",
        "学习形式单一，学用转化不够，对学习效果缺乏检验。",
        (
            m("改进学习方式，推行“领学+研讨+交流”，每次学习确定研讨题目。", "学习记录体现研讨内容。", LONG_TERM),
            m("组织一次学习成果交流会。", "交流会材料齐全。", DEADLINE),
        ),
    ),
    ProblemText(
        "any",
        "",
        IDEAS,
        (S.COLLECTIVE, S.SELF),
        "{unit}面对{topic}等难题畏难退缩，习惯凭经验办事，缺乏创新办法。",
        "思想观念陈旧，“不求有功、但求无过”，对先进地区经验学习借鉴不够。",
        (
            m("赴先进地区学习考察{topic}做法，形成考察报告和借鉴清单。", "考察报告；借鉴措施落地至少2项。", DEADLINE),
            m("召开{topic}专题研讨会，形成工作思路。", "研讨会纪要。", IMMEDIATE),
        ),
    ),
    ProblemText(
        "any",
        "",
        STANDARDS,
        (S.SUPERIOR, S.GRASSROOTS),
        "{unit}工作标准不高，满足于“过得去”，{topic}工作在全市考核中排名第{k}位。",
        "对标先进意识不强，小成即满、自甘落后。",
        (
            m("对照全市第一名找差距，制定赶超方案。", "赶超方案印发；年度考核排名前进3位以上。", DEADLINE),
            m("每季度对{topic}重点指标开展对标分析。", "对标分析报告。", LONG_TERM),
        ),
    ),
    ProblemText(
        "any",
        "",
        SPIRIT,
        (S.PUBLIC, S.GRASSROOTS),
        "{unit}部分党员干部遇到群众诉求“能拖则拖”，12345热线转办件{month}月超期办结{k}件。",
        "精神状态不佳，责任意识淡薄，对热线转办件不重视。",
        (
            m("对超期件逐件倒查责任，限期办结回访。", "超期件全部办结并回访满意。", IMMEDIATE),
            m("建立热线转办件日跟踪、周通报制度。", "周通报材料齐全。", LONG_TERM),
        ),
    ),
]

# Personal problems (个人查摆): `person` is set, the description speaks in the first person.
PERSONAL_PROBLEMS = [
    ProblemText(
        "personal",
        "",
        POLITICS,
        (S.SELF,),
        "本人理论学习不够系统，满足于参加集中学习，{month}月自学时间不足{k}小时，学习笔记内容单薄。",
        "思想上存在重业务、轻学习的倾向，认为学习是“软任务”。",
        (m("制定个人学习计划，每周自学不少于3小时，每月撰写一篇学习心得。", "学习笔记和心得体会齐全。", LONG_TERM),),
    ),
    ProblemText(
        "personal",
        "",
        DUTY,
        (S.SELF, S.COLLECTIVE),
        "本人对分管科室管得多、帮得少，今年以来到联系科室调研指导仅{k}次，对科室困难了解不深。",
        "工作中存在“当甩手掌柜”的思想，深入一线不够。",
        (m("每月至少两次到分管科室现场办公，帮助解决实际问题。", "现场办公记录和问题清单。", LONG_TERM),),
    ),
    ProblemText(
        "personal",
        "",
        STYLE,
        (S.SELF, S.GRASSROOTS),
        "本人工作中存在急躁情绪，对群众和下属解释不耐心，{month}月因态度问题被投诉{k}次。",
        "宗旨意识树得不牢，换位思考不够。",
        (
            m("向投诉群众当面道歉并说明情况。", "投诉人回访满意。", IMMEDIATE),
            m("参加医患沟通培训并在科室会上作检查。", "培训证明和检查材料。", DEADLINE),
        ),
    ),
]

# Stage nodes for measures whose template names none.
DEADLINE_MILESTONES = ("制定细化整改方案", "完成主体整改任务")
LONG_TERM_MILESTONES = ("完成首季度落实情况自查",)

ORIGIN_NOTES = {
    S.SELF: ["“七查七看”自查", "对照检查材料", "专题组织生活会自我批评"],
    S.SUPERIOR: ["县卫健委党委书记专题会议点评", "分管县领导调研时指出", "上级约谈反馈"],
    S.PUBLIC: ["意见箱", "12345热线转办件", "群众座谈会", "网上问卷调查", "患者来信"],
    S.RESEARCH: ["班子成员专题调研", "“五个重大”课题调研", "下基层蹲点调研"],
    S.COLLECTIVE: ["党委（扩大）会议研究", "专题研讨会集体议定", "职工代表座谈会"],
    S.GRASSROOTS: ["上下互评", "部门联评", "群众网评", "服务对象满意度测评"],
    S.INSPECTION: ["县委巡察组反馈意见第{k}条", "巡察“回头看”反馈意见第{k}条"],
    S.AUDIT: ["县审计局审计报告第{k}条", "经济责任审计反馈第{k}条"],
    S.SUPERVISION: ["监督考核组督查发现", "明察暗访发现", "月度督查通报第{k}条"],
}

PROGRESS_TEXTS = [
    "已召开专题会议研究部署，明确责任人和时间节点，正在按计划推进。",
    "已完成现状摸底，形成问题清单{k}项，正在逐项整改。",
    "整改方案已印发，相关科室已组织学习，落实情况每周跟踪。",
    "已完成阶段性任务，抽查情况较整改前明显改善。",
    "本月完成整改事项{k}项，剩余事项正在推进，暂无困难。",
    "已组织专项培训{k}场，覆盖相关人员，考核合格率100%。",
    "相关制度已起草，正在征求意见，预计下月提交审议。",
    "已开展“回头看”自查，未发现问题反弹，继续巩固。",
]

CLOSEOUT_TEXTS = [
    "各项整改措施已全部落实，经自查达到验收标准，佐证材料已上传，申请销号。",
    "整改任务已按时完成，相关制度已印发执行，群众反映问题已解决，申请验收销号。",
    "对照验收标准逐项自评，均已达标，附整改前后对比材料，请予验收。",
]

SEND_BACK_REASONS = [
    "佐证材料不足：缺少整改后的抽查记录，请补充后重新申请。",
    "整改不到位：现场核查仍发现同类问题，请继续整改。",
    "自评与验收标准不对应，请逐项说明达标情况。",
    "制度仅有草稿，尚未经集体研究印发，不符合销号条件。",
]

EXTENSION_REASONS = [
    "设备采购须履行政府采购程序，招标周期较长，申请延期。",
    "涉及多个部门协调，配套政策尚未出台，申请延期。",
    "信息系统改造需厂家排期，预计延后一个月完成。",
    "受秋冬季疫情防控任务影响，现场工作推迟，申请延期。",
]

REFUSE_REMARKS = [
    "延期理由不充分，请加强调度，按原时限完成。",
    "该问题群众反映强烈，不同意延期，请倒排工期按期完成。",
]

APPROVE_REMARKS = ["同意延期，请按新时限完成，不再延期。", "理由属实，同意延期。"]

URGE_TEXTS = {
    "red": "该措施已超过整改时限{days}天仍未销号，请于3个工作日内报送整改进展和说明。",
    "yellow": "该措施临近整改时限，请加快推进，确保按期完成。",
    "report": "该措施已超过一个月未报送整改进展，请于本周内补报。",
}

VERIFY_REMARKS = ["经现场核查，整改到位，达到验收标准，同意销号。", "佐证材料齐全，抽查无问题，予以销号。"]
CONFIRM_REMARKS = ["情况属实，同意提交验收。", "经院务会研究，同意申请销号。"]
