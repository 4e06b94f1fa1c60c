"""(c) a 部门整体支出绩效自评报告 that truncates every rate and score instead of rounding
(2/3 → 66.66%), consistently. Budget table and score table as in the corpus report."""
from decimal import Decimal as D, ROUND_DOWN

from textlayout import Doc, money, num, q


def t(a, b, places=2):
    """a / b × 100, truncated (toward zero) to `places` decimals."""
    return q(D(a) / D(b) * 100, places, ROUND_DOWN)


def tp(a, b, places=2):
    return f"{t(a, b, places)}%"


def build():
    d = Doc()
    # rows: (label, 年初预算数, 调整金额, 决算数)
    staff = ("人员经费", D("712.58"), D("15.09"), D("722.98"))
    public = ("日常公用经费", D("143.82"), D("8.08"), D("148.27"))
    basic = ("一、基本支出", staff[1] + public[1], staff[2] + public[2], staff[3] + public[3])
    proj = ("二、项目支出", D("1230.00"), D("-64.35"), D("1098.76"))
    total = ("本年支出合计", basic[1] + proj[1], basic[2] + proj[2], basic[3] + proj[3])

    def row(r):
        label, init, adj, final = r
        after = init + adj
        return f"{label} {money(init)} {money(adj)} {money(after)} {tp(adj, init)} {money(final)} {tp(final, after)}"

    t_init, t_adj, t_final = total[1], total[2], total[3]
    t_after = t_init + t_adj
    exec_rate = t(t_final, t_after)
    # indicators: (heading, name, weight, score, text)
    exec_score = q((exec_rate - 90) / 10 * 5, 3, ROUND_DOWN)
    public_ctrl = t(public[3], public[1] + public[2])
    three_budget, three_spent = D("18.60"), D("12.47")
    three_ctrl = t(three_spent, three_budget)
    purchase_plan, purchase = D("386.50"), D("352.18")
    purchase_rate = t(purchase, purchase_plan)
    purchase_score = q(purchase_rate / 100 * 4, 2, ROUND_DOWN)
    visitors, visitors_target = 418600, 450000
    visit_rate = t(visitors, visitors_target)
    visit_score = q(visit_rate / 100 * 15, 2, ROUND_DOWN)
    events, events_target = 146, 120
    readers_ok, readers = 1873, 1932
    sat = t(readers_ok, readers)

    mgmt = [
        ("预算执行率", D(5), exec_score,
         f"部门预算执行率 = {money(t_final)}/{money(t_after)}×100% = {exec_rate}%，按照评分标准，"
         f"得分 =（{exec_rate}%-90%）/（100%-90%）×5 = {num(exec_score)}"),
        ("预算编制准确性", D(3), D(2), "年中调减项目支出，预算编制准确性有待提高，扣 1 分"),
        ("公用经费控制率", D(3), D(3),
         f"公用经费控制率 = {money(public[3])}/{money(public[1] + public[2])}×100% = {public_ctrl}%，"
         "不超过 100%，得满分"),
        ("“三公经费”控制率", D(3), D(3),
         f"“三公经费”预算 {money(three_budget)} 万元，实际支出 {money(three_spent)} 万元，控制率 = "
         f"{money(three_spent)}/{money(three_budget)}×100% = {three_ctrl}%，得满分"),
        ("政府采购执行率", D(4), purchase_score,
         f"政府采购执行率 = {money(purchase)}/{money(purchase_plan)}×100% = {purchase_rate}%，"
         f"得分 = {purchase_rate}%×4 = {num(purchase_score)}"),
        ("绩效管理制度健全性", D(8), D(6), "未建立对下属单位的绩效管理制度，扣 2 分"),
        ("预决算信息公开", D(4), D(4), "按规定时间公开部门预决算，得满分"),
    ]
    duty = [
        ("年度到馆读者人次", D(15), visit_score,
         f"年度指标值 {visitors_target:,} 人次，实际到馆 {visitors:,} 人次，完成率 {visit_rate}%，"
         f"得分 = {visit_rate}%×15 = {num(visit_score)}"),
        ("阅读推广活动场次", D(15), D(15), f"年度指标值 {events_target} 场，实际举办 {events} 场，得满分"),
        ("数字资源建设", D(15), D(14), "年度指标值为新增数字资源 20TB，实际新增 18TB，每少 2TB 扣 1 分，扣 1 分"),
        ("古籍修复完成量", D(10), D(8), "年度指标值 300 叶，实际完成 200 叶，每少 50 叶扣 1 分，扣 2 分"),
        ("读者满意度", D(15), D(15),
         f"发放问卷 {readers:,} 份，满意 {readers_ok:,} 份，读者满意度 = {readers_ok:,}/{readers:,}×100% = {sat}%，"
         "高于 90% 的指标值，得满分"),
    ]
    mw, ms = sum(i[1] for i in mgmt), sum(i[2] for i in mgmt)
    dw, ds = sum(i[1] for i in duty), sum(i[2] for i in duty)
    assert mw + dw == 100, (mw, dw)
    mgmt_w, duty_w = D(30), D(70)
    assert (mw, dw) == (mgmt_w, duty_w)
    total_w = mgmt_w + duty_w

    d.title("2022 年度南屏区图书馆部门整体支出", "绩效自评报告")
    d.p("根据区财政局关于开展 2022 年度部门整体支出绩效自评工作的通知要求，我馆对 2022 年度部门"
        "整体支出开展了绩效自评，现将有关情况报告如下：")
    d.h("一、部门基本情况")
    d.p("南屏区图书馆是区文化和旅游局所属公益一类事业单位，内设办公室、采编部、读者服务部、"
        "数字资源部四个部室，承担全区公共图书借阅、阅读推广和古籍保护等职能。")
    d.h("二、部门整体收支情况")
    d.p(f"2022 年度，我馆年初预算 {money(t_init)} 万元，调整后预算 {money(t_after)} 万元，"
        f"实际支出 {money(t_final)} 万元，预算执行率 {exec_rate}%。本报告中的比率均截取至小数点后"
        "两位，不作四舍五入。预算和支出情况详见下表：")
    d.raw("按支出性质", "分类", "年初", "预算数", "预算调整 实际支出", "调整金额", "调整后", "预算",
          "预算调", "整率", "决算数", "实际", "支出率")
    d.raw(row(basic), row(staff), row(public), row(proj), row(total))
    d.h("三、绩效自评情况")
    d.p(f"我馆部门整体支出绩效自评指标体系包括管理效能和履职效能两个一级指标，其中：管理效能 {mgmt_w} 分，"
        f"履职效能 {duty_w} 分，合计 {total_w} 分。")
    d.p(f"经自评，管理效能得分 {num(ms)} 分，得分率为 {tp(ms, mw)}；履职效能得分 {num(ds)} 分，"
        f"得分率为 {tp(ds, dw)}。部门整体支出绩效自评总得分 {num(ms + ds)} 分。")
    d.h("2022 年度部门整体支出绩效评价得分情况")
    d.raw("评价内容 权重（%） 分值配置 实际得分 得分率")
    d.raw("1", "管理", "效能评价", f"{mgmt_w} {mgmt_w} {num(ms)} {tp(ms, mw)}")
    d.raw("2", "履职", "效能评价", f"{duty_w} {duty_w} {num(ds)} {tp(ds, dw)}")
    d.h("<一>管理效能评价")
    for i, (name, w, s, why) in enumerate(mgmt, 1):
        d.p(f"（{i}）{name}")
        d.p(f"指标分值 {w}分，自评得分 {num(s)}分，得分率为 {tp(s, w)}。{why}。")
    d.h("<二>履职效能评价")
    for i, (name, w, s, why) in enumerate(duty, 1):
        d.p(f"（{i}）{name}")
        d.p(f"指标分值 {w}分，自评得分 {num(s)}分，得分率为 {tp(s, w)}。{why}。")
    d.h("四、存在的问题和改进措施")
    d.p("一是到馆读者人次未达年度指标值，下一步将延长周末开放时间；二是古籍修复进度滞后，"
        "将通过购买服务补充修复力量。")
    return d.text()
