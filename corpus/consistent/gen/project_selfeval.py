"""(a) 项目支出绩效自评报告: one project, its budget execution, 产出/效益/满意度 indicators,
a flattened 自评表 and sentences that restate the figures. Rounds half up."""
from decimal import Decimal as D

from textlayout import Doc, money, pct, num, q

NAME = "居家养老服务补贴项目"


def build():
    d = Doc()
    # ---- budget -------------------------------------------------------------------
    initial = D("1200.00")
    added = D("150.00")
    budget = initial + added                      # 全年预算数
    subsidy = D("1288.30")                        # 补贴资金支出
    operating = D("24.16")                        # 服务机构运营支出
    spent = subsidy + operating                   # 全年执行数
    last_year = D("1205.30")
    growth = spent - last_year
    exec_rate = q(spent / budget * 100, 2)        # 97.22
    exec_weight = D(10)
    exec_score = q(exec_rate / 100 * exec_weight, 2)
    adj_rate = pct(added, initial)
    central = D("400.00")
    local = budget - central

    # ---- indicators (name, kind, target text, actual text, weight, score) -----------
    persons = 12386
    persons_target = 12000
    meals = D("28.65")                             # 万人次
    meals_target = D(30)
    meals_rate = q(meals / meals_target * 100, 2)  # 95.50
    meals_score = q(meals_rate / 100 * 10, 2)      # 9.55
    accuracy = D("99.80")
    accuracy_score = D(10) - (D(100) - accuracy) * 2   # 每低 1 个百分点扣 2 分
    per_capita = q(subsidy * 10000 / persons, 2)   # 元/人
    stations_ok, stations = 46, 48
    surveyed, satisfied = 470, 440
    satisfaction = pct(satisfied, surveyed)

    out_items = [
        ("数量指标", "补贴发放人数", f"≥{persons_target:,}人", f"{persons:,}人", D(10), D(10)),
        ("数量指标", "助餐服务人次", f"≥{meals_target}万人次", f"{meals}万人次", D(10), meals_score),
        ("质量指标", "补贴发放准确率", "100%", f"{accuracy}%", D(10), accuracy_score),
        ("时效指标", "补贴按月发放及时率", "≥95%", "100%", D(10), D(10)),
        ("成本指标", "人均年度补贴金额", "≤1,100元", f"{per_capita:,}元", D(10), D(10)),
    ]
    eff_items = [
        ("社会效益指标", "老年人助餐服务覆盖率", "≥60%", "63.5%", D(15), D(15)),
        ("可持续影响指标", "服务站点持续运营率", "≥90%", pct(stations_ok, stations), D(15), D(15)),
    ]
    sat_items = [("服务对象满意度指标", "服务对象满意度", "≥90%", satisfaction, D(10), D(10))]
    out_w = sum(i[4] for i in out_items)
    out_s = sum(i[5] for i in out_items)
    eff_w = sum(i[4] for i in eff_items)
    eff_s = sum(i[5] for i in eff_items)
    sat_w = sum(i[4] for i in sat_items)
    sat_s = sum(i[5] for i in sat_items)
    total_w = exec_weight + out_w + eff_w + sat_w
    total = exec_score + out_s + eff_s + sat_s
    assert total_w == 100
    grade = "优" if total >= 90 else "良"

    d.title("临江市民政局 2023 年度" + NAME, "支出绩效自评报告")
    d.p("根据《临江市财政局关于开展 2023 年度市级财政支出绩效自评工作的通知》要求，"
        "我局对 2023 年度" + NAME + "开展了绩效自评，现将有关情况报告如下：")
    d.h("一、项目基本情况")
    d.h("（一）项目概况")
    d.p("为保障全市经济困难的高龄、失能老年人基本养老服务需求，我局自 2019 年起实施"
        + NAME + "，对符合条件的老年人按月发放居家养老服务补贴，并通过社区助餐点提供"
        "助餐服务。项目由局养老服务处负责组织实施，各区民政部门负责对象审核和资金发放。")
    d.h("（二）项目资金安排和使用情况")
    d.p(f"2023 年项目年初预算数 {money(initial)} 万元，其中中央补助资金 {money(central)} 万元，"
        f"市级财政资金 {money(initial - central)} 万元。年中因补贴对象增加追加预算 {money(added)} 万元，"
        f"全年预算数 {money(budget)} 万元，预算调整率为 {adj_rate}。")
    d.p(f"截至 2023 年 12 月 31 日，项目全年执行数 {money(spent)} 万元，执行率为 {exec_rate}%。"
        f"其中：补贴资金支出 {money(subsidy)} 万元，服务机构运营支出 {money(operating)} 万元。"
        f"全年执行数比上年的 {money(last_year)} 万元增加 {money(growth)} 万元，增长 {pct(growth, last_year)}。")
    d.h("（三）项目绩效目标")
    d.p(f"项目年度绩效目标为：按月足额发放居家养老服务补贴，全年补贴发放人数不少于 "
        f"{persons_target:,} 人，社区助餐服务不少于 {meals_target} 万人次，服务对象满意度不低于 90%。"
        f"围绕上述目标设置产出指标 {len(out_items)} 个、效益指标 {len(eff_items)} 个、"
        f"满意度指标 {len(sat_items)} 个。")
    d.h("二、绩效自评结论")
    d.p(f"经自评，本项目 2023 年度绩效自评综合得分 {num(total)} 分，自评等级为“{grade}”。"
        f"其中：预算执行率分值 {exec_weight} 分，得分 {num(exec_score)} 分；产出指标分值 {out_w} 分，"
        f"得分 {num(out_s)} 分；效益指标分值 {eff_w} 分，得分 {num(eff_s)} 分；"
        f"满意度指标分值 {sat_w} 分，得分 {num(sat_s)} 分。")
    d.h("2023 年度项目绩效自评得分情况")
    d.raw("评价内容 权重（%） 分值配置 实际得分 得分率")
    rows = [("预算执行率", exec_weight, exec_score), ("产出指标", out_w, out_s),
            ("效益指标", eff_w, eff_s), ("满意度指标", sat_w, sat_s)]
    for i, (n, w, s) in enumerate(rows, 1):
        d.raw(str(i), f"{n} {w} {w} {num(s)} {pct(s, w)}")
    d.raw(f"合计 {total_w} {total_w} {num(total)} {pct(total, total_w)}")
    d.h("三、绩效指标完成情况分析")
    d.h("（一）预算执行情况")
    d.p(f"项目全年预算数 {money(budget)} 万元，全年执行数 {money(spent)} 万元，预算执行率 = "
        f"{money(spent)}/{money(budget)}×100% = {exec_rate}%。按照评分标准，预算执行率得分 = "
        f"执行率×分值，即 {exec_rate}%×{exec_weight} = {num(exec_score)} 分。"
        f"指标分值 {exec_weight}分，自评得分 {num(exec_score)}分，得分率为 {pct(exec_score, exec_weight)}。")
    d.h("（二）产出指标")
    n = 0
    n += 1
    d.p(f"（{n}）补贴发放人数")
    d.p(f"年度指标值为不少于 {persons_target:,} 人，全年实际向 {persons:,} 名老年人发放补贴，"
        f"完成率 {pct(persons, persons_target)}，达到目标值。指标分值 10分，自评得分 10分，得分率为 100%。")
    n += 1
    d.p(f"（{n}）助餐服务人次")
    d.p(f"年度指标值为 {meals_target} 万人次，实际完成值 {meals} 万人次，完成率 {meals_rate}%。"
        f"按照“实际完成值/年度指标值×分值”计分，得分 = {meals_rate}%×10 = {num(meals_score)} 分。"
        f"指标分值 10分，自评得分 {num(meals_score)}分，得分率为 {pct(meals_score, 10, 1)}。"
        "主要原因是部分助餐点二季度装修改造暂停服务。")
    n += 1
    d.p(f"（{n}）补贴发放准确率")
    d.p(f"年度指标值为 100%，经抽查复核，补贴发放准确率为 {accuracy}%，每低 1 个百分点扣 2 分，"
        f"扣 {num((D(100) - accuracy) * 2)} 分。指标分值 10分，自评得分 {num(accuracy_score)}分，"
        f"得分率为 {pct(accuracy_score, 10, 0)}。")
    n += 1
    d.p(f"（{n}）补贴按月发放及时率")
    d.p("全年 12 个月的补贴均在当月 15 日前发放到位，及时率 100%。指标分值 10分，自评得分 10分，"
        "得分率为 100%。")
    n += 1
    d.p(f"（{n}）人均年度补贴金额")
    d.p(f"年度指标值为不超过 1,100 元，全年补贴资金支出 {money(subsidy)} 万元，"
        f"人均年度补贴金额 = {money(subsidy * 10000)}/{persons:,} = {per_capita:,} 元，控制在指标值以内。"
        "指标分值 10分，自评得分 10分，得分率为 100%。")
    d.p(f"产出指标合计分值 {out_w} 分，自评得分 {num(out_s)} 分。")
    d.h("（三）效益指标")
    d.p("（1）老年人助餐服务覆盖率")
    d.p("年度指标值为不低于 60%，实际覆盖率 63.5%，达到目标值。指标分值 15分，自评得分 15分，得分率为 100%。")
    d.p("（2）服务站点持续运营率")
    d.p(f"全市 {stations} 个社区助餐服务站点中，年末仍正常运营的 {stations_ok} 个，持续运营率 = "
        f"{stations_ok}/{stations}×100% = {pct(stations_ok, stations)}，高于 90% 的指标值。"
        "指标分值 15分，自评得分 15分，得分率为 100%。")
    d.p(f"效益指标合计分值 {eff_w} 分，自评得分 {num(eff_s)} 分。")
    d.h("（四）满意度指标")
    d.p(f"我局委托第三方随机抽取服务对象开展问卷调查，共发放问卷 {surveyed} 份，回收有效问卷 "
        f"{surveyed} 份，其中表示满意的 {satisfied} 份，服务对象满意度 = {satisfied}/{surveyed}×100% = "
        f"{satisfaction}，高于 90% 的指标值。指标分值 10分，自评得分 10分，得分率为 100%。")
    d.h("四、偏差原因分析及改进措施")
    d.p("一是助餐服务人次未达年度指标值，原因是部分助餐点装修改造暂停服务，下一步将提前安排"
        "改造时间并设置临时助餐点。二是补贴发放准确率未达 100%，个别对象死亡后未及时停发，"
        "已追回相关资金并完善数据比对机制。")
    d.h("五、附件")
    d.h(f"2023 年度{NAME}绩效自评表")
    d.raw("项目名称 " + NAME)
    d.raw("主管部门 临江市民政局 实施单位 临江市民政局养老服务处")
    d.raw("项目资金", "（万元）", "年初", "预算数", "全年", "预算数", "全年", "执行数", "分值 执行率 得分")
    d.raw(f"年度资金总额 {money(initial)} {money(budget)} {money(spent)} {exec_weight} {exec_rate}% {num(exec_score)}")
    d.raw(f"其中：当年财政拨款 {money(initial)} {money(budget)} {money(spent)} — {exec_rate}% —")
    d.raw("一级指标 二级指标 三级指标", "年度", "指标值", "实际", "完成值", "分值 得分")
    for kind, items in (("产出指标", out_items), ("效益指标", eff_items), ("满意度指标", sat_items)):
        for (sub, name, target, actual, w, s) in items:
            d.raw(f"{kind} {sub} {name} {target} {actual} {w} {num(s)}")
    d.raw(f"总分 {total_w} {num(total)}")
    return d.text()
