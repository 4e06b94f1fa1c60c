"""(e) a 部门整体支出绩效自评报告 full of things that look wrong and are not (domain.md,
"Traps"): a department's rate and a project's rate under one indicator name, 财政拨款
vs 全部资金, 年初 vs 调整后 budgets, a rounded restatement (97.3% for 97.35%), an
approximate one (超 2,300 件 for 2,316 件), a rate above 100% scored at full marks, two
counts of different things, shares that add to 100.01% after rounding. Rounds half up."""
from decimal import Decimal as D

from textlayout import Doc, money, pct, num, q


def build():
    d = Doc()
    # all funds vs 财政拨款
    staff, public, project = D("2846.30"), D("512.47"), D("1959.65")
    basic = staff + public
    spent = basic + project                       # 全部资金 决算数
    grant_spent = D("4976.10")                    # of which 财政拨款
    init = {"staff": D("2800.00"), "public": D("530.00"), "project": D("1870.00")}
    adj = {"staff": D("61.25"), "public": D("-9.80"), "project": D("201.82")}
    initial = sum(init.values())
    after = initial + sum(adj.values())
    exec_rate = q(spent / after * 100, 2)          # 97.35
    exec_rate_1 = q(spent / after * 100, 1)        # 97.3: the same rate, rounded to one place
    vs_initial = pct(spent, initial)               # 完成年初预算的 …
    # a project whose own 预算执行率 differs from the department's
    p_budget, p_spent = D("386.00"), D("386.00")
    # 政府采购: above 100%, capped at full marks
    buy_plan, buy = D("620.00"), D("648.64")
    buy_rate = pct(buy, buy_plan)
    # counts of different things
    permits, complaints_in, complaints_done = 2316, 1208, 1196
    done_rate = pct(complaints_done, complaints_in)
    # shares that add up to 100.01% once rounded
    a_, b_, c_ = D("1200.00"), D("800.00"), D("980.00")
    shares_total = a_ + b_ + c_

    def row(label, i, a, f):
        return f"{label} {money(i)} {money(a)} {money(i + a)} {pct(a, i)} {money(f)} {pct(f, i + a)}"

    mgmt = [
        ("预算执行率", D(10), q((exec_rate - 90) / 10 * 10, 3),
         f"部门预算执行率 = {money(spent)}/{money(after)}×100% = {exec_rate}%，得分 =（{exec_rate}%-90%）/"
         f"（100%-90%）×10 = {num(q((exec_rate - 90) / 10 * 10, 3))}"),
        ("政府采购执行率", D(10), D(10),
         f"政府采购执行率 = {money(buy)}/{money(buy_plan)}×100% = {buy_rate}，超过 100% 按满分计，得 10 分"),
        ("预算调整率", D(10), D(10),
         f"预算调整率 = {money(after - initial)}/{money(initial)}×100% = {pct(after - initial, initial)}，"
         "未超过 5%，得满分"),
        ("绩效管理", D(10), D(8), "开展了绩效监控和绩效自评，但未开展部门整体绩效评价，扣 2 分"),
    ]
    duty = [
        ("行政许可按时办结率", D(20), D(20),
         f"全年办理行政许可 {permits:,} 件，全部在法定时限内办结，按时办结率 100%"),
        ("投诉举报办结率", D(20), D(20),
         f"全年受理投诉举报 {complaints_in:,} 件，办结 {complaints_done:,} 件，办结率 {done_rate}，"
         "高于 95% 的指标值"),
        ("专项整治项目预算执行率", D(20), D(20),
         f"专项整治项目预算 {money(p_budget)} 万元，支出 {money(p_spent)} 万元，预算执行率 100%"),
    ]
    mw, ms = sum(i[1] for i in mgmt), sum(i[2] for i in mgmt)
    dw, ds = sum(i[1] for i in duty), sum(i[2] for i in duty)
    total_w, total = mw + dw, ms + ds
    assert total_w == 100

    d.title("西岸区市场监督管理局 2023 年度部门整体支出", "绩效自评报告")
    d.h("一、部门整体收支情况")
    d.p(f"2023 年度，我局年初预算 {money(initial)} 万元，调整后预算 {money(after)} 万元，全部资金实际支出 "
        f"{money(spent)} 万元，预算执行率 {exec_rate}%，完成年初预算的 {vs_initial}。实际支出中，财政拨款支出 "
        f"{money(grant_spent)} 万元，其他资金支出 {money(spent - grant_spent)} 万元。")
    d.raw("按支出性质", "分类", "年初", "预算数", "预算调整 实际支出", "调整金额", "调整后", "预算",
          "预算调", "整率", "决算数", "实际", "支出率")
    d.raw(row("一、基本支出", init["staff"] + init["public"], adj["staff"] + adj["public"], basic),
          row("人员经费", init["staff"], adj["staff"], staff),
          row("日常公用经费", init["public"], adj["public"], public),
          row("二、项目支出", init["project"], adj["project"], project),
          row("本年支出合计", initial, after - initial, spent))
    d.p(f"项目支出中，上级补助资金 {money(a_)} 万元，占 {pct(a_, shares_total)}；区级财政资金 {money(b_)} 万元，"
        f"占 {pct(b_, shares_total)}；单位自有资金 {money(c_)} 万元，占 {pct(c_, shares_total)}。")
    d.h("二、绩效自评情况")
    d.p(f"部门整体支出绩效自评满分 {total_w} 分，其中管理效能 {mw} 分，履职效能 {dw} 分。经自评，管理效能得分 "
        f"{num(ms)} 分，履职效能得分 {num(ds)} 分，总得分 {num(total)} 分。")
    d.raw("评价内容 权重（%） 分值配置 实际得分 得分率")
    d.raw("1", "管理", "效能评价", f"{mw} {mw} {num(ms)} {pct(ms, mw)}")
    d.raw("2", "履职", "效能评价", f"{dw} {dw} {num(ds)} {pct(ds, dw)}")
    d.h("<一>管理效能评价")
    for i, (name, w, s, why) in enumerate(mgmt, 1):
        d.p(f"（{i}）{name}")
        d.p(f"指标分值 {w}分，自评得分 {num(s)}分，得分率为 {pct(s, w)}。{why}。")
    d.h("<二>履职效能评价")
    for i, (name, w, s, why) in enumerate(duty, 1):
        d.p(f"（{i}）{name}")
        d.p(f"指标分值 {w}分，自评得分 {num(s)}分，得分率为 {pct(s, w)}。{why}。")
    d.h("三、主要成效")
    d.p(f"全年预算执行率 {exec_rate_1}%，较好完成年度预算。办理行政许可超 2,300 件，投诉举报办结率保持在 "
        f"{done_rate}。")
    return d.text()
