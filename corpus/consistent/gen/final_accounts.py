"""(d) a 部门决算 情况说明: totals and their parts with 占 p%, 年初预算 vs 支出决算
(完成年初预算的 Z%), changes on the year (增加 D 万元，增长 r%), "三公"经费 and a budget
table in the corpus's layout. Rounds half up; amounts without thousands separators
(as the 决算 documents print them)."""
from decimal import Decimal as D

from textlayout import Doc, money, pct

UNIT = "东岭区市场监督管理局"


def m(x):
    return money(x, comma=False)


def change(now, before):
    """'增加 D 万元，增长 r%' / '减少 D 万元，下降 r%'."""
    diff = now - before
    if diff >= 0:
        return f"增加 {m(diff)} 万元，增长 {pct(diff, before)}"
    return f"减少 {m(-diff)} 万元，下降 {pct(-diff, before)}"


def build():
    d = Doc()
    # income
    grant, other_income = D("6482.35"), D("37.60")
    income = grant + other_income
    # spending by nature
    staff, public = D("3318.44"), D("402.71")
    basic = staff + public
    project = D("2699.12")
    spending = basic + project
    last_total = D("6251.08")
    carry = income - spending                    # 年末结转和结余
    # 一般公共预算财政拨款 by function (类)
    functions = [("一般公共服务支出（类）", D("4905.37")), ("社会保障和就业支出（类）", D("612.90")),
                 ("卫生健康支出（类）", D("286.45")), ("住房保障支出（类）", D("477.40"))]
    gpb = sum(v for _, v in functions)
    gpb_initial = D("6120.00")
    gpb_last = D("6035.66")
    # items: (name, 年初预算, 支出决算, 用途)
    items = [
        ("一般公共服务支出（类）市场监督管理事务（款）行政运行（项）", D("3140.00"), D("3128.62"), "机关人员经费和公用经费"),
        ("一般公共服务支出（类）市场监督管理事务（款）市场监管执法（项）", D("960.00"), D("1045.31"), "执法检查和案件办理"),
        ("一般公共服务支出（类）市场监督管理事务（款）食品安全监管（项）", D("735.50"), D("731.44"), "食品抽检和风险监测"),
    ]
    # 三公
    trips_b, cars_b, recep_b = D("12.00"), D("26.50"), D("4.20")
    trips, cars, recep = D("0.00"), D("23.84"), D("2.96")
    three_b = trips_b + cars_b + recep_b
    three = trips + cars + recep
    three_last = D("29.45")
    running, running_last = D("402.71"), D("396.22")
    buy_goods, buy_works, buy_services = D("86.40"), D("0.00"), D("612.75")
    buy = buy_goods + buy_works + buy_services

    d.title(f"{UNIT}", "2023 年度部门决算情况说明")
    d.h("一、收入支出决算总体情况说明")
    d.p(f"{UNIT} 2023 年度收入总计 {m(income)} 万元，支出总计 {m(income)} 万元。与 2022 年度相比，"
        f"本年支出合计{change(spending, last_total)}。主要原因是新增市场监管执法装备购置。")
    d.h("二、收入决算情况说明")
    d.p(f"本年收入合计 {m(income)} 万元，其中：财政拨款收入 {m(grant)} 万元，占 {pct(grant, income)}；"
        f"其他收入 {m(other_income)} 万元，占 {pct(other_income, income)}。")
    d.h("三、支出决算情况说明")
    d.p(f"本年支出合计 {m(spending)} 万元，其中：基本支出 {m(basic)} 万元，占 {pct(basic, spending)}；"
        f"项目支出 {m(project)} 万元，占 {pct(project, spending)}。年末结转和结余 {m(carry)} 万元。")
    d.h("四、一般公共预算财政拨款支出决算情况说明")
    d.h("（一）总体情况")
    d.p(f"一般公共预算财政拨款支出 {m(gpb)} 万元，占本年支出合计的 {pct(gpb, spending)}。与 2022 年度相比，"
        f"一般公共预算财政拨款支出{change(gpb, gpb_last)}。")
    d.h("（二）结构情况")
    parts = "；".join(f"{n}{m(v)} 万元，占 {pct(v, gpb)}" for n, v in functions)
    d.p(f"一般公共预算财政拨款支出 {m(gpb)} 万元，主要用于以下方面：{parts}。")
    d.h("（三）具体情况")
    d.p(f"一般公共预算财政拨款支出年初预算为 {m(gpb_initial)} 万元，支出决算为 {m(gpb)} 万元，"
        f"完成年初预算的 {pct(gpb, gpb_initial)}。其中：")
    for i, (n, b, s, use) in enumerate(items, 1):
        cmp = "大于" if s > b else "小于"
        why = "年中追加执法专项经费" if s > b else "厉行节约压减一般性支出"
        d.p(f"{i}、{n}。主要用于：{use}。年初预算为 {m(b)} 万元，支出决算为 {m(s)} 万元，"
            f"完成年初预算的 {pct(s, b)}。决算数{cmp}预算数的主要原因：{why}。")
    d.h("五、一般公共预算财政拨款基本支出决算情况说明")
    d.p(f"一般公共预算财政拨款基本支出 {m(basic)} 万元。其中：人员经费 {m(staff)} 万元，主要包括基本工资、"
        f"津贴补贴、奖金、社会保障缴费等；公用经费 {m(public)} 万元，主要包括办公费、印刷费、邮电费、"
        "差旅费、维修（护）费等。")
    d.h("六、财政拨款“三公”经费支出决算情况说明")
    d.p(f"“三公”经费财政拨款支出年初预算为 {m(three_b)} 万元，支出决算为 {m(three)} 万元，完成年初预算的 "
        f"{pct(three, three_b)}。其中：因公出国（境）费支出决算为 {m(trips)} 万元；公务用车购置及运行费支出"
        f"决算为 {m(cars)} 万元，完成年初预算的 {pct(cars, cars_b)}；公务接待费支出决算为 {m(recep)} 万元，"
        f"完成年初预算的 {pct(recep, recep_b)}。")
    d.p(f"2023 年度“三公”经费财政拨款支出决算比 2022 年度{change(three, three_last)}。")
    d.h("七、其他重要事项的情况说明")
    d.h("（一）机关运行经费支出情况")
    d.p(f"机关运行经费支出 {m(running)} 万元，比 2022 年度{change(running, running_last)}。")
    d.h("（二）政府采购支出情况")
    d.p(f"2023 年度政府采购支出总额 {m(buy)} 万元，其中：政府采购货物支出 {m(buy_goods)} 万元、"
        f"政府采购工程支出 {m(buy_works)} 万元、政府采购服务支出 {m(buy_services)} 万元。")
    d.h("（三）预算和支出情况表")
    d.p("2023 年度部门预算调整和支出情况如下表（单位：万元）：")
    # rows: (label, 年初预算数, 调整金额, 决算数)
    rows = [("人员经费", D("3260.00"), D("80.00"), staff), ("日常公用经费", D("410.00"), D("-5.00"), public)]
    basic_row = ("一、基本支出", sum(r[1] for r in rows), sum(r[2] for r in rows), basic)
    proj_row = ("二、项目支出", D("2450.00"), D("300.00"), project)
    tot = ("本年支出合计", basic_row[1] + proj_row[1], basic_row[2] + proj_row[2], spending)

    def row(r):
        label, init, adj, final = r
        after = init + adj
        return f"{label} {money(init)} {money(adj)} {money(after)} {pct(adj, init)} {money(final)} {pct(final, after)}"

    d.raw("按支出性质分类 年初预算数 调整金额 调整后", "预算", "预算调整率 决算数 实际支出率")
    d.raw(row(basic_row), row(rows[0]), row(rows[1]), row(proj_row), row(tot))
    return d.text()
