"""(b) a third party's 绩效评价报告: 一级/二级/三级指标 with 权重 (决策 20, 过程 20, 产出 40,
效益 20), every formula written out "…=…=Y", scores summing to the total, a grade band.
Rounds half up."""
from decimal import Decimal as D

from textlayout import Doc, money, pct, num, q

PROJECT = "农村人居环境整治专项资金"


def build():
    d = Doc()
    central, provincial, county = D("1200.00"), D("800.00"), D("980.00")
    funds = central + provincial + county          # 到位资金 = 预算
    toilets_cost, cleaning, waste = D("902.14"), D("1136.85"), D("807.38")
    spent = toilets_cost + cleaning + waste
    exec_rate = q(spent / funds * 100, 2)
    exec_score = q(exec_rate / 100 * 4, 2)
    toilets, toilets_target, toilets_ok = 1562, 1500, 1531
    ok_rate = q(D(toilets_ok) / toilets * 100, 2)
    villages, villages_ok = 86, 74
    village_rate = q(D(villages_ok) / villages * 100, 2)
    subprojects, on_time = 45, 42
    on_time_rate = q(D(on_time) / subprojects * 100, 2)
    on_time_score = q(on_time_rate / 100 * 6, 2)
    unit_cost = q(toilets_cost / toilets, 2)       # 万元/户
    before, after = D("86.20"), D("90.35")
    satisfaction = D("88.76")
    sat_score = q(satisfaction / 90 * 6, 2)

    # (一级, 二级, 三级, 权重, 得分, 评分依据)
    tree = [
        ("决策", "项目立项", "立项依据充分性", D(3), D(3), "立项依据充分，符合乡村振兴战略和上级文件要求，得满分"),
        ("决策", "项目立项", "立项程序规范性", D(2), D(2), "按规定程序申请设立，得满分"),
        ("决策", "绩效目标", "绩效目标合理性", D(3), D("2.5"), "绩效目标与实际工作内容相关，但未明确分年度目标，扣 0.5 分"),
        ("决策", "绩效目标", "绩效指标明确性", D(3), D(2), "部分指标未细化量化，扣 1 分"),
        ("决策", "资金投入", "预算编制科学性", D(5), D(4), "预算编制未附详细测算依据，扣 1 分"),
        ("决策", "资金投入", "资金分配合理性", D(4), D(4), "资金分配依据充分，得满分"),
        ("过程", "资金管理", "资金到位率", D(3), D(3),
         f"资金到位率=实际到位资金/计划投入资金×100%={money(funds)}/{money(funds)}×100%=100%，得满分"),
        ("过程", "资金管理", "预算执行率", D(4), exec_score,
         f"预算执行率=实际支出资金/实际到位资金×100%={money(spent)}/{money(funds)}×100%={exec_rate}%，"
         f"得分=预算执行率×分值={exec_rate}%×4={num(exec_score)}分"),
        ("过程", "资金管理", "资金使用合规性", D(4), D(4), "资金使用符合财经制度规定，得满分"),
        ("过程", "组织实施", "管理制度健全性", D(4), D(4), "已制定专项资金管理办法，得满分"),
        ("过程", "组织实施", "制度执行有效性", D(5), D(4), "个别乡镇项目验收资料不完整，扣 1 分"),
        ("产出", "产出数量", "农村户厕改造数量", D(8), D(8),
         f"目标 {toilets_target:,} 户，实际完成 {toilets:,} 户，完成率={toilets:,}/{toilets_target:,}×100%="
         f"{pct(toilets, toilets_target)}，得满分"),
        ("产出", "产出数量", "村庄保洁覆盖村数", D(6), D(6), f"目标 {villages} 个，实际覆盖 {villages} 个，得满分"),
        ("产出", "产出质量", "户厕改造验收合格率", D(8), D(8),
         f"户厕改造验收合格率=验收合格户数/改造户数×100%={toilets_ok:,}/{toilets:,}×100%={ok_rate}%，"
         "高于 95% 的目标值，得满分"),
        ("产出", "产出质量", "生活垃圾无害化处理率", D(6), D(6), "处理率 92.40%，高于 90% 的目标值，得满分"),
        ("产出", "产出时效", "项目按期完成率", D(6), on_time_score,
         f"项目按期完成率={on_time}/{subprojects}×100%={on_time_rate}%，得分={on_time_rate}%×6={num(on_time_score)}分"),
        ("产出", "产出成本", "户均改厕成本", D(6), D(6),
         f"户均改厕成本={money(toilets_cost)}万元/{toilets:,}户={unit_cost}万元，低于 0.60 万元的目标值，得满分"),
        ("效益", "社会效益", "农村卫生厕所普及率提高", D(8), D(8),
         f"普及率由 {before}% 提高到 {after}%，提高 {after - before} 个百分点，高于 3 个百分点的目标值，得满分"),
        ("效益", "生态效益", "村庄环境整治达标率", D(6), D(6),
         f"村庄环境整治达标率={villages_ok}/{villages}×100%={village_rate}%，高于 85% 的目标值，得满分"),
        ("效益", "满意度", "受益群众满意度", D(6), sat_score,
         f"受益群众满意度 {satisfaction}%，低于 90% 的目标值，得分={satisfaction}%/90%×6={num(sat_score)}分"),
    ]
    firsts = ["决策", "过程", "产出", "效益"]
    weight = {f: sum(t[3] for t in tree if t[0] == f) for f in firsts}
    score = {f: sum(t[4] for t in tree if t[0] == f) for f in firsts}
    assert [weight[f] for f in firsts] == [20, 20, 40, 20]
    total = sum(score.values())
    grade = "优" if total >= 90 else ("良" if total >= 80 else ("中" if total >= 60 else "差"))

    d.title(f"青溪县 2022 年度{PROJECT}", "绩效评价报告")
    d.p(f"受青溪县财政局委托，明诚会计师事务所（特殊普通合伙）组成评价组，于 2023 年 3 月至 5 月对"
        f"青溪县 2022 年度{PROJECT}开展了重点绩效评价。评价组通过资料审核、现场核查、问卷调查等方式，"
        "对项目决策、过程、产出和效益进行了全面评价，形成本报告。")
    d.h("一、项目基本情况")
    d.h("（一）项目概况")
    d.p("项目主要用于农村户厕改造、村庄保洁和生活垃圾收运处理设施建设，由县农业农村局牵头，"
        "各乡镇人民政府负责具体实施。")
    d.h("（二）资金投入和使用情况")
    d.p(f"2022 年项目预算 {money(funds)} 万元，其中：中央资金 {money(central)} 万元，占 {pct(central, funds)}；"
        f"省级资金 {money(provincial)} 万元，占 {pct(provincial, funds)}；县级资金 {money(county)} 万元，"
        f"占 {pct(county, funds)}。截至 2022 年 12 月 31 日，资金全部到位，实际支出 {money(spent)} 万元，"
        f"预算执行率 {exec_rate}%。")
    d.p(f"实际支出中，户厕改造支出 {money(toilets_cost)} 万元，村庄保洁支出 {money(cleaning)} 万元，"
        f"垃圾收运处理设施支出 {money(waste)} 万元。")
    d.h("二、绩效评价工作开展情况")
    d.p("评价组依据《项目支出绩效评价管理办法》设置评价指标体系，一级指标包括决策、过程、产出、效益"
        f"四个方面，权重分别为 {weight['决策']}%、{weight['过程']}%、{weight['产出']}%、{weight['效益']}%，"
        "满分 100 分。评价等级划分为：90 分（含）以上为优，80 分（含）至 90 分为良，60 分（含）至 80 分为中，"
        "60 分以下为差。")
    d.h("三、综合评价情况及评价结论")
    d.p(f"经评价，该项目综合得分 {num(total)} 分，评价等级为“{grade}”。其中：决策指标得分 {num(score['决策'])} 分，"
        f"过程指标得分 {num(score['过程'])} 分，产出指标得分 {num(score['产出'])} 分，"
        f"效益指标得分 {num(score['效益'])} 分。")
    d.h("评价得分汇总表")
    d.raw("一级指标 权重（%） 分值配置 实际得分 得分率")
    for i, f in enumerate(firsts, 1):
        d.raw(f"{i} {f} {weight[f]} {weight[f]} {num(score[f])} {pct(score[f], weight[f])}")
    d.raw(f"合计 100 100 {num(total)} {pct(total, 100)}")
    d.h("四、绩效评价指标分析")
    cn = "一二三四"
    for i, f in enumerate(firsts):
        items = [t for t in tree if t[0] == f]
        d.h(f"（{cn[i]}）{f}指标分析")
        d.p(f"{f}指标权重 {weight[f]} 分，得分 {num(score[f])} 分，得分率为 {pct(score[f], weight[f])}。")
        for j, (_, second, third, w, s, why) in enumerate(items, 1):
            d.p(f"{j}.{third}")
            d.p(f"该指标属于{second}，指标分值 {w}分，评价得分 {num(s)}分，得分率为 {pct(s, w, 2)}。{why}。")
    d.h("五、主要经验及做法")
    d.p("一是坚持规划引领，按照“先规划、后建设”的原则分批推进；二是建立县、乡、村三级管护机制，"
        "落实长效管护经费。")
    d.h("六、存在的问题及原因分析")
    d.p(f"一是部分子项目未按期完成，{subprojects} 个子项目中按期完成 {on_time} 个；二是受益群众满意度"
        f"为 {satisfaction}%，未达到 90% 的目标值，主要是部分村民对改厕后粪污清运服务不够满意。")
    d.h("七、有关建议")
    d.p("一是加强项目进度管理，对滞后子项目实行清单化督办；二是完善粪污清运服务网络，提高群众满意度。")
    d.h("附件：绩效评价指标体系及评分表")
    d.raw("一级", "指标", "二级", "指标", "三级指标 权重 得分")
    for (f, second, third, w, s, _) in tree:
        d.raw(f"{f} {second} {third} {w} {num(s)}")
    d.raw(f"合计 100 {num(total)}")
    return d.text()
