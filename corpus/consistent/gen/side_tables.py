"""(g) the tables of a 部门决算 printed as two sides on the same printed rows: the
收入支出决算总表 (收入 | 支出, blank cells printing nothing so that labels run together,
the 支出 side going on alone), the 财政拨款收入支出决算总表 (its 支出 side with a total
column and its breakdown), and the 基本支出决算表 by economic class (人员经费 | 公用经费,
with codes), with the sentences that restate their totals. Rounds half up; amounts
without thousands separators."""
from decimal import Decimal as D

from textlayout import Doc, money, pct

UNIT = "西湾区档案服务中心"
CN = "一二三四五六七八九十"


def m(x):
    return money(x, comma=False)


def side_by_side(left, right):
    """Printed rows of two sides: (label, value or None) each, numbered 一、二、 …"""
    lines = []
    for i in range(max(len(left), len(right))):
        parts = []
        for side in (left, right):
            if i < len(side):
                n, vals = side[i]
                cells = "".join(f" {m(v)}" for v in vals)
                parts.append(f"{CN[i]}、{n}{cells}")
        # a blank cell prints nothing: the next label follows straight on
        line = ""
        for p in parts:
            line = f"{line} {p}" if line and line[-1].isdigit() else line + p
        lines.append(line)
    return lines


def build():
    d = Doc()
    grant, other = D("1836.40"), D("12.75")
    income = grant + other
    opening = D("41.20")
    spending_fn = [("一般公共服务支出", D("1420.35")), ("教育支出", None),
                   ("社会保障和就业支出", D("205.18")), ("卫生健康支出", D("88.62")),
                   ("住房保障支出", D("131.06"))]
    spending = sum(v for _, v in spending_fn if v is not None)
    closing = income + opening - spending
    total = income + opening
    assert closing > 0
    # 财政拨款: all of the grant is 一般公共预算, spent by the same classes but for the
    # part paid from other income and the carried-over grant
    gov_opening, gov_closing = D("30.00"), D("24.96")
    gov_total = grant + gov_opening
    gov_spending = gov_total - gov_closing
    gov_fn = [("一般公共服务支出", D("1385.68")), ("社会保障和就业支出", D("205.18")),
              ("卫生健康支出", D("88.62"))]
    gov_fn.append(("住房保障支出", gov_spending - sum(v for _, v in gov_fn)))
    # 基本支出 by economic class
    staff_items = [("301 01", "基本工资", D("402.50")), ("301 02", "津贴补贴", D("515.30")),
                   ("301 08", "机关事业单位基本养老保险缴费", D("122.64")),
                   ("301 10", "职工基本医疗保险缴费", D("88.62"))]
    wages = sum(v for _, _, v in staff_items)
    retire = D("36.20")
    staff = wages + retire
    public_items = [("302 01", "办公费", D("32.40")), ("302 05", "水费", D("3.10")),
                    ("302 06", "电费", D("18.75")), ("302 07", "邮电费", D("6.30")),
                    ("302 11", "差旅费", D("4.85")), ("302 13", "维修（护）费", D("21.60")),
                    ("302 28", "工会经费", D("15.20")), ("302 29", "福利费", D("11.05")),
                    ("302 99", "其他商品和服务支出", None)]
    goods = sum(v for _, _, v in public_items if v is not None)
    equipment = D("9.80")
    public = goods + equipment

    d.title(UNIT, "2024 年度部门决算")
    d.h("一、收入支出决算总表")
    d.raw("收入支出决算总表", "单位：万元", "收入支出", "项目决算数项目决算数")
    left = [("财政拨款收入", [grant]), ("上级补助收入", []), ("事业收入", []),
            ("经营收入", []), ("其他收入", [other])]
    right = [(n, [v] if v is not None else []) for n, v in spending_fn]
    d.raw(*side_by_side(left, right))
    d.raw(f"本年收入合计 {m(income)} 本年支出合计 {m(spending)}",
          "使用非财政拨款结余结余分配",
          f"年初结转和结余 {m(opening)} 年末结转和结余 {m(closing)}",
          f"总计 {m(total)} 总计 {m(total)}")
    d.h("二、财政拨款收入支出决算总表")
    d.raw("财政拨款收入支出决算总表", "单位：万元", "收入支出",
          "项目决算数项目合计一般公共", "预算财政", "拨款", "政府性基", "金预算财", "政拨款")
    left = [("一般公共预算财政拨款", [grant]), ("政府性基金预算财政拨款", [])]
    right = [(n, [v, v]) for n, v in gov_fn]
    d.raw(*side_by_side(left, right))
    d.raw(f"本年收入合计 {m(grant)} 本年支出合计 {m(gov_spending)} {m(gov_spending)}",
          f"年初财政拨款结转和结余 {m(gov_opening)} 年末财政拨款结转和结余 {m(gov_closing)} {m(gov_closing)}",
          f"总计 {m(gov_total)} 总计 {m(gov_total)} {m(gov_total)}")
    d.h("三、一般公共预算财政拨款基本支出决算表")
    d.raw("一般公共预算财政拨款基本支出决算表", "单位：万元", "经济分类",
          "科目编码科目名称决算数经济分类", "科目编码科目名称决算数")
    staff_rows = [f"301 工资福利支出 {m(wages)}"] + [f"{c} {n} {m(v)}" for c, n, v in staff_items] + [
        f"303 对个人和家庭的补助 {m(retire)}", f"303 02 退休费 {m(retire)}"]
    public_rows = [f"302 商品和服务支出 {m(goods)}"] + [
        f"{c} {n}" + (f" {m(v)}" if v is not None else "") for c, n, v in public_items] + [
        f"310 资本性支出 {m(equipment)}", f"310 02 办公设备购置 {m(equipment)}"]
    for i in range(max(len(staff_rows), len(public_rows))):
        d.raw(" ".join(r[i] for r in (staff_rows, public_rows) if i < len(r)))
    d.raw(f"人员经费合计 {m(staff)} 公用经费合计 {m(public)}")
    d.h("四、收入支出决算总体情况说明")
    d.p(f"{UNIT} 2024 年度收入支出总计 {m(total)} 万元。本年收入合计 {m(income)} 万元，其中：财政拨款收入 "
        f"{m(grant)} 万元，占 {pct(grant, income)}；其他收入 {m(other)} 万元，占 {pct(other, income)}。")
    d.h("五、财政拨款收入支出决算总体情况说明")
    d.p(f"经审核，{UNIT} 2024 年度财政拨款收入支出总计 {m(gov_total)} 万元，全部为一般公共预算财政拨款。")
    d.h("六、一般公共预算财政拨款基本支出决算情况说明")
    d.p(f"一般公共预算财政拨款基本支出 {m(staff + public)} 万元。其中：人员经费 {m(staff)} 万元，"
        f"主要包括基本工资、津贴补贴等；公用经费 {m(public)} 万元，主要包括办公费、电费、维修（护）费等。")
    return d.text()
