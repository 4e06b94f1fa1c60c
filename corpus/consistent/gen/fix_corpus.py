#!/usr/bin/env python3
"""Writes the corrected twin of the corpus report and the list of its edits.

usage: python3 fix_corpus.py [SOURCE_TXT]
  SOURCE_TXT defaults to ../../../../shared/corpus/gz-cac-2021-dept-selfeval.txt
  writes ../gz-cac-2021-dept-selfeval.fixed.txt and ../gz-cac-2021-dept-selfeval.fixed.md

Every edit names the printed line it changes (1-based line of the source file), the
text before and after, and the arithmetic (Python decimal, ROUND_HALF_UP) behind it.
The script refuses to run when a line does not contain exactly one `old`.
"""
import sys
from decimal import Decimal as D, ROUND_HALF_UP
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent
SRC = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "../../../../shared/corpus/gz-cac-2021-dept-selfeval.txt"


def r(x, places):
    """Round half up to `places` decimals (as printed)."""
    return x.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def pct(a, b, places=2):
    return r(a / b * 100, places)


# ---- the figures -------------------------------------------------------------------
adj_rate_total = pct(D("4191.98"), D("17303.71"))            # 24.23
exec_rate_total = pct(D("21407.08"), D("21495.69"))          # 99.59
staff_adj_rate = pct(D("-52.11"), D("3609.17"))              # -1.44
diff_rate = r(abs(D("19368.18") - D("19456.78")) / D("19456.78") * 100, 3)  # 0.455
diff_score = D(2) - diff_rate                                 # 扣 0.455 分 → 1.545
diff_score_rate = pct(diff_score, D(2))                       # 77.25
exec_score = (D("99.59") - 90) / (100 - 90) * 2               # 1.918
exec_score_rate = r(exec_score / 2 * 100, 1)                  # 95.9
goal_weight = D(7)                                            # 绩效目标完成率: 2 → 7 so 管理效能 sub-weights total 50
mgmt_weights = [2, 3, 2, 2, 2, 2, 3, 2, 2, 2, 1, 1, 2, 2, 2, 3, 2, 2, int(goal_weight), 4, 2]
mgmt_scores = [exec_score, D(2), D(2), diff_score, D(2), D(2), D(3), D("1.95"), D(2), D(1), D(1), D(1), D(2),
               D(2), D(2), D("2.2"), D(2), D(2), goal_weight, D(3), D(2)]
assert sum(mgmt_weights) == 50, sum(mgmt_weights)
mgmt_score = sum(mgmt_scores)                                 # 45.613
mgmt_rate = pct(mgmt_score, D(50))                            # 91.23
duty_score = D(5) * 5 + D(5) * 3 + D(10)                      # 50
duty_rate = pct(duty_score, D(50))                            # 100.00
total = mgmt_score + duty_score                               # 95.613
proj_spent = D("2059.29") + D("6616.20")                      # 8675.49
share_proj = pct(proj_spent, D("17457.38"))                   # 49.70
share_total = pct(proj_spent, D("21407.08"))                  # 40.53

def money(x):
    return f"{x:,.2f}"

# (line, old, new, finding, arithmetic)
EDITS = [
    (214, "1.44% 3,511.86", f"{staff_adj_rate}% 3,511.86", "S11",
     f"人员经费 预算调整率 = -52.11 / 3,609.17 × 100% = {staff_adj_rate}%"),
    (233, "19.81% 21,407.08 99.56%", f"{adj_rate_total}% 21,407.08 {exec_rate_total}%", "S1, S2",
     f"4,191.98 / 17,303.71 × 100% = {adj_rate_total}%; 21,407.08 / 21,495.69 × 100% = {exec_rate_total}%"),
    (313, "管理效能 45 分", "管理效能 50 分", "S5",
     "管理效能 weight 45 → 50 so that 管理效能 + 履职效能 = 100 (see 683)"),
    (315, "能 55 分。", "能 50 分。", "S5", "履职效能 weight = 5×5 + 5×3 + 10 = 50 (合计分值 50分)"),
    (331, "90.512分", f"{total}分", "S4 (dependent)", f"total = {mgmt_score} + {duty_score} = {total}"),
    (333, "自评得分 40.512 分，得分率为 90.02%", f"自评得分 {mgmt_score} 分，得分率为 {mgmt_rate}%", "S3, S4",
     f"管理效能 = sum of its 21 indicator scores = {mgmt_score}; {mgmt_score} / 50 × 100% = {mgmt_rate}%"),
    (335, "得分率为 90.90%（", f"得分率为 {r(duty_rate, 0)}%（", "S5, M1", f"{duty_score} / 50 × 100% = {duty_rate}%"),
    (346, "45 45 40.512 90.03%", f"50 50 {mgmt_score} {mgmt_rate}%", "S3, S4, S5", "score table row 管理效能"),
    (352, "55 55 50 90.90%", f"50 50 {duty_score} {duty_rate}%", "S5, M1", "score table row 履职效能"),
    (364, "自评得分 1.908分，得分率为 95.4%", f"自评得分 {exec_score}分，得分率为 {exec_score_rate}%", "S10",
     f"({exec_rate_total}% - 90%) / (100% - 90%) × 2 = {exec_score}; {exec_score} / 2 = {exec_score_rate}%"),
    (368, "执行率为 99.54%", f"执行率为 {exec_rate_total}%", "S10", "one 预算执行率, the one of the budget table"),
    (372, "（99.54%-90%）/（100%-90%）×2=1.908", f"（{exec_rate_total}%-90%）/（100%-90%）×2={exec_score}", "S10",
     "the formula restated with the corrected rate"),
    (405, "自评得分 1.954分，得分率为 97.7%", f"自评得分 {diff_score}分，得分率为 {diff_score_rate}%", "S6",
     f"2 - {diff_rate} = {diff_score}; {diff_score} / 2 × 100% = {diff_score_rate}%"),
    (413, "=0.046%,", f"={diff_rate}%,", "S6",
     f"abs(19,368.18 - 19,456.78) / 19,456.78 × 100% = {diff_rate}%"),
    (415, "扣 0.046分，得 1.954分", f"扣 {diff_rate}分，得 {diff_score}分", "S6",
     "the document deducts the 差异率's percentage points as score points"),
    (683, "分值 2分，自评得分 2分，得分率为 100%。", f"分值 {goal_weight}分，自评得分 {goal_weight}分，得分率为 100%。", "S5",
     f"绩效目标完成率 weight 2 → {goal_weight}: the 管理效能 sub-weights must total 50 (they totalled 45); "
     f"its score = 8/8 × 100% × {goal_weight} = {goal_weight}"),
    (764, "增量 150%", "为目标值的 150%", "M2", "1,200 / 800 = 150% is a ratio, not an increase"),
    (842, "增量 176%", "为目标值的 176%", "M2", "8,800 / (8,800 - 3,800) = 176% is a ratio, not an increase"),
    (920, "50场大型活动", "60场大型活动", "S7", "one count of events: 60场 (as in 任务二)"),
    (1028, "任务二：网络安全技术防护方面", "此外，网络安全技术防护方面", "M3",
     "two 重点任务 (设定重点任务两个): the 网络安全 work is no longer numbered as a task"),
    (1059, "任务三：", "任务二：", "M3", "renumbered"),
    (1368, "49.61%", f"{share_proj}%", "S8",
     f"{money(proj_spent)} / 17,457.38 (项目支出 决算数) × 100% = {share_proj}%"),
    (1370, "40.53%", f"{share_total}%", "S8", f"{money(proj_spent)} / 21,407.08 × 100% = {share_total}% (unchanged)"),
    (1376, "8,676.51", money(proj_spent), "S8", f"2,059.29 + 6,616.20 = {money(proj_spent)}"),
    (1396, "24.22%", f"{adj_rate_total}%", "S9, S1", "one 部门预算调整率, the one of the budget table"),
]


def main():
    lines = SRC.read_text(encoding="utf-8").split("\n")
    for (n, old, new, _, _) in EDITS:
        line = lines[n - 1]
        if line.count(old) != 1:
            sys.exit(f"line {n}: expected one {old!r} in {line!r}")
        lines[n - 1] = line.replace(old, new)
    (OUT / "gz-cac-2021-dept-selfeval.fixed.txt").write_text("\n".join(lines), encoding="utf-8")

    md = ["# gz-cac-2021-dept-selfeval.fixed.txt: the edits", "",
          "Generated by `gen/fix_corpus.py` from the corpus report; every other character is unchanged.",
          "Figures recomputed with Python `decimal` (ROUND_HALF_UP).", "",
          "| line | was | now | fixes | arithmetic |", "|---|---|---|---|---|"]
    for (n, old, new, what, why) in EDITS:
        md.append(f"| {n} | `{old}` | `{new}` | {what} | {why} |")
    md += ["", NOTES]
    (OUT / "gz-cac-2021-dept-selfeval.fixed.md").write_text("\n".join(md) + "\n", encoding="utf-8")


NOTES = """## Choices

- **S5 (weights).** 履职效能 is 50 (its indicators: 5×5 + 5+5+5+10). To keep 百分制 (100),
  管理效能 becomes 50; its 21 indicators' 分值 totalled 45, so one of them must carry 5
  more points or a new weight-sum contradiction would be planted. The 5 points go to
  绩效目标完成率 (2 → 7), whose score is defined as 完成率 × 分值 (8/8 × 7 = 7), so its
  text stays true.
- **Dependent totals.** With S6 (扣 0.455 分 → 1.545) and S10 (1.918) and the weight change,
  管理效能 = 45.613 (not 41.012), 91.23% of 50; the total is 45.613 + 50 = 95.613.
- **M1.** 履职效能 50 / 50 = 100%, so the truncated 90.90% disappears. The document's other
  truncations (66.66%, 0.019%) are consistent truncations, not contradictions, and stay.
- **S8.** The two projects' spending is 2,059.29 + 6,616.20 = 8,675.49; its shares are taken
  of spending: 项目支出 决算数 17,457.38 (49.70%) and 总支出 21,407.08 (40.53%).
- **S10.** 99.54% in （5）一般公共预算支出年度平均执行率 (the fourth quarter's rate in the
  市财政局 average) is a different figure from the department's 预算执行率 and stays.
- **M3.** 设定重点任务两个 stays (two tasks carry the 履职效能 indicators); 二（二） no longer
  numbers the 网络安全技术防护 work as a third task.
"""

if __name__ == "__main__":
    main()
