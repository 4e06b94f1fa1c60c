//! Relations of tables rebuilt as grids (src/tables/grid.rs), learnt from the table's own rows.
//!
//! A relation that holds on most rows of a table and breaks on one is a contradiction of that
//! row: a column that is the sum or difference of two others (调整后 = 年初 + 调整数, 增减额 =
//! 本年 − 上年), a rate column that is one amount column over another (执行率 = 决算 / 调整后预算,
//! 增减率 = (本年 − 上年) / 上年), a share column that is an amount over the total row's (占比),
//! and a total row (合计, 小计) that is the sum of the rows above it in every amount column.
//! Sums are reported by table-sum, rates and shares by table-ratio; a result that its own
//! figures give with the other sign is a lost sign (lost-sign).

use rust_decimal::Decimal;

use super::{compare, Outcome, Relation};
use crate::document::Analysis;
use crate::figures::Figure;
use crate::interval::{agree_under, Agreement, Interval};
use crate::tables::grid::{Cell, Grid, GridRow};

/// Fewest rows a learnt relation must hold on.
const MIN_AGREE: usize = 3;

/// Relations are learnt over pairs of columns: a grid wider than any printed table (a
/// hostile or misread line of thousands of cells) is not learnt from.
const MAX_COLUMNS: usize = 40;

fn fig(r: &GridRow, c: usize) -> Option<&Figure> {
    r.cells.get(c).and_then(Cell::figure)
}

fn frac(f: &Figure) -> Interval {
    let v = f.operand();
    if f.percent {
        Interval {
            lo: v.lo / Decimal::ONE_HUNDRED,
            hi: v.hi / Decimal::ONE_HUNDRED,
        }
    } else {
        v
    }
}

fn agreement(a: &Analysis, printed: &Figure, computed: Interval) -> Option<Agreement> {
    let c = if printed.percent {
        computed.mul(Interval::point(Decimal::ONE_HUNDRED))?
    } else {
        computed
    };
    Some(agree_under(
        a.rules.rounding,
        printed.value,
        printed.decimals,
        c,
    ))
}

fn holds(g: Option<Agreement>) -> Option<bool> {
    g.map(|g| matches!(g, Agreement::Rounded | Agreement::Truncated))
}

fn is_total(a: &Analysis, key: &str) -> bool {
    a.rules
        .grid
        .total_rows
        .iter()
        .any(|w| key.ends_with(w.as_str()))
}

fn is_subtotal(a: &Analysis, key: &str) -> bool {
    a.rules
        .grid
        .subtotal_rows
        .iter()
        .any(|w| key.ends_with(w.as_str()))
}

fn col_name(g: &Grid, c: usize) -> String {
    let n = &g.columns[c].name;
    if g.column_wise && !n.is_empty() {
        n.clone()
    } else {
        format!("第{}列", c + 1)
    }
}

/// A candidate relation for one result column.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Rel {
    /// x / y
    Ratio(usize, usize),
    /// (x − y) / y
    Change(usize, usize),
    /// x / x[total row]
    Share(usize, usize),
    /// x + y
    Sum(usize, usize),
    /// x − y
    Diff(usize, usize),
}

impl Rel {
    fn eval(self, g: &Grid, r: usize) -> Option<(Interval, String, Vec<&Figure>)> {
        let row = &g.rows[r];
        let nonzero = |i: &Interval| i.lo > Decimal::ZERO || i.hi < Decimal::ZERO;
        match self {
            Rel::Ratio(x, y) => {
                let (fx, fy) = (fig(row, x)?, fig(row, y)?);
                let d = frac(fy);
                if !nonzero(&d) {
                    return None;
                }
                Some((
                    frac(fx).div(d)?,
                    format!("{} / {} × 100%", fx.printed, fy.printed),
                    vec![fx, fy],
                ))
            }
            Rel::Change(x, y) => {
                let (fx, fy) = (fig(row, x)?, fig(row, y)?);
                let d = frac(fy);
                if !nonzero(&d) {
                    return None;
                }
                Some((
                    frac(fx).sub(d)?.div(d)?,
                    format!("({} − {}) / {} × 100%", fx.printed, fy.printed, fy.printed),
                    vec![fx, fy],
                ))
            }
            Rel::Share(x, t) => {
                if r == t {
                    return None;
                }
                let (fx, ft) = (fig(row, x)?, fig(&g.rows[t], x)?);
                let d = frac(ft);
                if !nonzero(&d) {
                    return None;
                }
                Some((
                    frac(fx).div(d)?,
                    format!("{} / {} × 100%", fx.printed, ft.printed),
                    vec![fx, ft],
                ))
            }
            Rel::Sum(x, y) => {
                let (fx, fy) = (fig(row, x)?, fig(row, y)?);
                Some((
                    frac(fx).add(frac(fy))?,
                    format!("{} + {}", fx.printed, fy.printed),
                    vec![fx, fy],
                ))
            }
            Rel::Diff(x, y) => {
                let (fx, fy) = (fig(row, x)?, fig(row, y)?);
                Some((
                    frac(fx).sub(frac(fy))?,
                    format!("{} − {}", fx.printed, fy.printed),
                    vec![fx, fy],
                ))
            }
        }
    }

    fn what(self, g: &Grid) -> (String, String) {
        let n = |c: usize| col_name(g, c);
        match self {
            Rel::Ratio(x, y) => (
                format!("{} / {}", n(x), n(y)),
                format!("{} / {}", n(x), n(y)),
            ),
            Rel::Change(x, y) => (
                format!("({} − {}) / {}", n(x), n(y), n(y)),
                format!("({} − {}) / {}", n(x), n(y), n(y)),
            ),
            Rel::Share(x, _) => (format!("{} / 合计", n(x)), format!("{} / total", n(x))),
            Rel::Sum(x, y) => (
                format!("{} + {}", n(x), n(y)),
                format!("{} + {}", n(x), n(y)),
            ),
            Rel::Diff(x, y) => (
                format!("{} − {}", n(x), n(y)),
                format!("{} − {}", n(x), n(y)),
            ),
        }
    }
}

/// How a candidate fares on the rows: rows where it holds, and rows where it does not.
struct Score {
    rel: Rel,
    agree: Vec<usize>,
    differ: Vec<usize>,
}

fn score(a: &Analysis, g: &Grid, res: usize, rel: Rel) -> Score {
    let mut s = Score {
        rel,
        agree: Vec::new(),
        differ: Vec::new(),
    };
    for r in 0..g.rows.len() {
        let Some(p) = fig(&g.rows[r], res) else {
            continue;
        };
        let Some((computed, _, ops)) = rel.eval(g, r) else {
            continue;
        };
        // A rate capped at 100% (完成率 above target is printed 100%).
        if p.percent && p.value == Decimal::ONE_HUNDRED && computed.hi >= Decimal::ONE {
            continue;
        }
        // Columns that add up print the same places; mixed precision is another relation.
        if matches!(rel, Rel::Sum(..) | Rel::Diff(..))
            && ops.iter().any(|f| f.decimals != p.decimals)
        {
            continue;
        }
        // Degenerate operands (a zero part) prove nothing about which columns add up.
        let trivial =
            matches!(rel, Rel::Sum(..) | Rel::Diff(..)) && ops.iter().any(|f| f.value.is_zero());
        match holds(agreement(a, p, computed)) {
            Some(true) if !trivial => s.agree.push(r),
            Some(true) => {}
            Some(false) => s.differ.push(r),
            None => {}
        }
    }
    s
}

/// The learnt relation of a result column: the candidate that holds on most rows, kept when
/// it holds on enough rows and breaks on few; the rows it breaks on that no other likely
/// candidate explains are reported.
fn learn_and_check(
    a: &Analysis,
    o: &mut Outcome,
    g: &Grid,
    res: usize,
    cands: &[Rel],
    ratio: bool,
) {
    let scores: Vec<Score> = cands.iter().map(|&c| score(a, g, res, c)).collect();
    let Some(best) = scores
        .iter()
        .max_by_key(|s| (s.agree.len(), usize::MAX - s.differ.len()))
    else {
        return;
    };
    let (n_a, n_d) = (best.agree.len(), best.differ.len());
    // A small table whose header names a change rate: two rows suffice when the one row that
    // breaks the relation gives the printed rate with the other sign.
    let change_header = a
        .rules
        .grid
        .change_rates
        .iter()
        .any(|w| g.header.contains(w.as_str()));
    let lost_signs_only = best.differ.iter().all(|&r| {
        fig(&g.rows[r], res).is_some_and(|p| {
            best.rel
                .eval(g, r)
                .and_then(|(c, _, _)| agreement(a, p, c))
                .is_some_and(|x| x == Agreement::SignLost)
        })
    });
    let small = ratio
        && change_header
        && matches!(best.rel, Rel::Change(..) | Rel::Ratio(..))
        && n_d == 1
        && n_a == 2
        && lost_signs_only;
    if !small && (n_a < MIN_AGREE || n_d == 0 || n_d > 1.max((n_a + n_d) / 5) || n_a < 3 * n_d) {
        return;
    }
    // Another candidate as good: the relation is not known.
    if scores
        .iter()
        .any(|s| s.rel != best.rel && s.agree.len() == n_a && s.differ != best.differ)
    {
        return;
    }
    for &r in &best.differ {
        let explained = scores.iter().any(|s| {
            s.rel != best.rel
                && s.agree.len() >= MIN_AGREE
                && s.agree.len() * 3 >= n_a * 2
                && s.agree.contains(&r)
        });
        if explained {
            continue;
        }
        let row = &g.rows[r];
        let Some(p) = fig(row, res) else { continue };
        let Some((computed, arithmetic, operands)) = best.rel.eval(g, r) else {
            continue;
        };
        let (wz, we) = best.rel.what(g);
        let rule = if ratio {
            &super::table_ratio::INFO
        } else {
            &super::table_sum::INFO
        };
        compare(
            a,
            o,
            rule,
            Relation {
                fig: p,
                computed,
                arithmetic,
                operands,
                what_zh: format!(
                    "{} · {}（本表各行均为 {}）",
                    row.label,
                    col_name(g, res),
                    wz
                ),
                what_en: format!(
                    "row {} column {} (every other row of the table is {})",
                    row.label,
                    col_name(g, res),
                    we
                ),
            },
        );
    }
}

fn additive(a: &Analysis, g: &Grid, c: usize) -> bool {
    !g.columns[c].percent
        && !a
            .rules
            .grid
            .not_additive
            .iter()
            .any(|w| g.columns[c].name.contains(w.as_str()) && g.column_wise)
}

/// Rate and share columns (table-ratio).
pub fn ratios(a: &Analysis, o: &mut Outcome) {
    for g in a.grids.iter().filter(|g| g.columns.len() <= MAX_COLUMNS) {
        let k = g.columns.len();
        let amounts: Vec<usize> = (0..k).filter(|&c| !g.columns[c].percent).collect();
        let total = g.rows.iter().rposition(|r| is_total(a, &r.key));
        for p in (0..k).filter(|&c| g.columns[c].percent) {
            let mut cands = Vec::new();
            for &x in &amounts {
                for &y in &amounts {
                    if x != y {
                        cands.push(Rel::Ratio(x, y));
                        cands.push(Rel::Change(x, y));
                    }
                }
                if let Some(t) = total {
                    cands.push(Rel::Share(x, t));
                }
            }
            learn_and_check(a, o, g, p, &cands, true);
        }
    }
}

/// Sum and difference columns, and total rows (table-sum).
pub fn sums(a: &Analysis, o: &mut Outcome) {
    for g in a.grids.iter().filter(|g| g.columns.len() <= MAX_COLUMNS) {
        let k = g.columns.len();
        let amounts: Vec<usize> = (0..k).filter(|&c| !g.columns[c].percent).collect();
        for &z in &amounts {
            let mut cands = Vec::new();
            for &x in &amounts {
                for &y in &amounts {
                    if x == z || y == z || x == y {
                        continue;
                    }
                    let outer = z > x.max(y) || z < x.min(y);
                    if x < y && outer {
                        cands.push(Rel::Sum(x, y));
                    }
                    if z > x.max(y) {
                        cands.push(Rel::Diff(x, y));
                    }
                }
            }
            learn_and_check(a, o, g, z, &cands, false);
        }
        total_rows(a, o, g);
    }
}

/// A block's parts, and each part row with its own parts.
type Structure = (Vec<usize>, Vec<(usize, Vec<usize>)>);

/// The parts of a block of rows: its top numbered level, or all its rows when unnumbered;
/// with the children of each top row. None when the structure is not a known one.
fn structure(a: &Analysis, g: &Grid, block: &[usize]) -> Option<Structure> {
    if block.is_empty() {
        return None;
    }
    let sub = |r: usize| {
        a.rules.grid.subset_rows.iter().any(|w| {
            g.rows[r].key.starts_with(w.as_str()) || g.rows[r].label.starts_with(w.as_str())
        })
    };
    let top = block
        .iter()
        .map(|&r| g.rows[r].level)
        .filter(|&l| l > 0)
        .min();
    match top {
        None => {
            if block.iter().any(|&r| sub(r)) {
                return None;
            }
            Some((block.to_vec(), Vec::new()))
        }
        Some(l) => {
            if g.rows[block[0]].level != l {
                return None;
            }
            let tops: Vec<usize> = block
                .iter()
                .copied()
                .filter(|&r| g.rows[r].level == l)
                .collect();
            let mut kids = Vec::new();
            for (i, &t) in tops.iter().enumerate() {
                let end = tops.get(i + 1).copied().unwrap_or(usize::MAX);
                let ch: Vec<usize> = block
                    .iter()
                    .copied()
                    .filter(|&r| r > t && r < end)
                    .collect();
                if ch.len() >= 2 {
                    if let Some((parts, _)) = structure(a, g, &ch) {
                        if parts.len() >= 2 {
                            kids.push((t, parts));
                        }
                    }
                }
            }
            Some((tops, kids))
        }
    }
}

fn total_rows(a: &Analysis, o: &mut Outcome, g: &Grid) {
    let mut prev_total: Option<usize> = None;
    let mut prev_sub: Option<usize> = None;
    let mut subs: Vec<usize> = Vec::new();
    for t in 0..g.rows.len() {
        let key = &g.rows[t].key;
        if !is_total(a, key) {
            continue;
        }
        if is_subtotal(a, key) {
            let from = prev_sub.or(prev_total).map_or(0, |p| p + 1);
            let block: Vec<usize> = (from..t).collect();
            if let Some((parts, kids)) = structure(a, g, &block) {
                check_sum(a, o, g, t, &parts);
                for (p, ch) in kids {
                    check_sum(a, o, g, p, &ch);
                }
            }
            subs.push(t);
            prev_sub = Some(t);
            continue;
        }
        let from = prev_total.map_or(0, |p| p + 1);
        if !subs.is_empty() {
            // A total below subtotals: their sum, when nothing stands after the last one.
            if subs.last() == Some(&(t - 1)) || subs.last().is_some_and(|&s| s + 1 == t) {
                let parts: Vec<usize> = subs.iter().copied().filter(|&s| s >= from).collect();
                if parts.len() >= 2 {
                    check_sum(a, o, g, t, &parts);
                }
            }
        } else {
            let block: Vec<usize> = (from..t).collect();
            if let Some((parts, kids)) = structure(a, g, &block) {
                if parts.len() >= 2 {
                    check_sum(a, o, g, t, &parts);
                }
                for (p, ch) in kids {
                    check_sum(a, o, g, p, &ch);
                }
            }
        }
        prev_total = Some(t);
        prev_sub = None;
        subs.clear();
    }
}

/// A total row against the sum of its parts in every additive column; reported in a column
/// only where the structure holds in another column (or the table has one such column) and the
/// printed total is of the sum's size.
fn check_sum(a: &Analysis, o: &mut Outcome, g: &Grid, total: usize, parts: &[usize]) {
    let k = g.columns.len();
    let mut results: Vec<(usize, Interval, bool)> = Vec::new();
    for c in (0..k).filter(|&c| additive(a, g, c)) {
        let Some(tf) = fig(&g.rows[total], c) else {
            continue;
        };
        let mut sum = Interval::point(Decimal::ZERO);
        let mut ok = true;
        let mut printed = 0;
        for &p in parts {
            match &g.rows[p].cells[c] {
                Cell::Figure(f) => {
                    if f.percent {
                        ok = false;
                        break;
                    }
                    printed += 1;
                    match sum.add(f.operand()) {
                        Some(s) => sum = s,
                        None => ok = false,
                    }
                }
                Cell::Blank => {}
                Cell::Unknown => ok = false,
            }
        }
        if !ok || printed < 2 || tf.percent {
            continue;
        }
        let h = holds(agreement(a, tf, sum)).unwrap_or(true);
        results.push((c, sum, h));
    }
    let agree = results.iter().filter(|r| r.2).count();
    let differ = results.len() - agree;
    if differ == 0 || !(agree >= differ || results.len() == 1) {
        return;
    }
    for &(c, sum, h) in &results {
        if h {
            continue;
        }
        let Some(tf) = fig(&g.rows[total], c) else {
            continue;
        };
        let ops: Vec<&Figure> = parts.iter().filter_map(|&p| fig(&g.rows[p], c)).collect();
        let max = ops.iter().map(|f| f.value.abs()).max().unwrap_or_default();
        let mid = sum.mid();
        let two = Decimal::TWO;
        // An average or a rate printed without %: no sum.
        if tf.value.abs() < max
            || tf.value.abs() * two < mid.abs()
            || mid.abs() * two < tf.value.abs()
        {
            continue;
        }
        let keys: Vec<&str> = parts.iter().map(|&p| g.rows[p].key.as_str()).collect();
        compare(
            a,
            o,
            &super::table_sum::INFO,
            Relation {
                fig: tf,
                computed: sum,
                arithmetic: ops
                    .iter()
                    .map(|f| f.printed.as_str())
                    .collect::<Vec<_>>()
                    .join(" + "),
                operands: ops,
                what_zh: format!(
                    "{} · {}（{}之和）",
                    g.rows[total].label,
                    col_name(g, c),
                    keys.join("、")
                ),
                what_en: format!(
                    "{} · {} (sum of {})",
                    g.rows[total].label,
                    col_name(g, c),
                    keys.join(", ")
                ),
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::{check, Finding, RawDocument, Rules};

    fn run(t: &str) -> Vec<Finding> {
        check(&RawDocument::from_text(t), &Rules::builtin())
            .into_iter()
            .filter(|f| f.severity >= crate::Severity::Warning)
            .collect()
    }

    fn values(f: &[Finding]) -> Vec<String> {
        f.iter().map(|f| f.evidence[0].value.clone()).collect()
    }

    /// One row per line, header cells broken over lines, serial numbers.
    const ROWS: &str = "表1 某站年度资金执行表\n单位：万元\n序\n号 资金\n用途 全年\n预算 实际\n支出 执行\n率\n1 苗木采购 400.00 380.00 95.00%\n2 管护补助 250.00 240.00 96.00%\n3 道路养护 120.00 96.00 80.00%\n4 宣传培训 80.00 72.00 90.00%\n合计 850.00 788.00 92.71%\n以上资金均按规定使用。\n";

    #[test]
    fn rows_consistent() {
        let f = run(ROWS);
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn rows_rate_and_sum_planted() {
        let f = run(&ROWS.replace("96.00 80.00%", "96.00 82.00%"));
        assert_eq!(values(&f), ["82.00%"], "{f:#?}");
        let f = run(&ROWS.replace("250.00 240.00", "250.00 246.00"));
        // 246 breaks the rate of its row and the 实际支出 column total.
        assert!(
            values(&f).contains(&"788.00".to_owned()) || values(&f).contains(&"96.00%".to_owned()),
            "{f:#?}"
        );
        let f = run(&ROWS.replace("合计 850.00", "合计 860.00"));
        assert!(values(&f).contains(&"860.00".to_owned()), "{f:#?}");
    }

    /// One cell per line, continued over a page with its header repeated, in 元.
    const CELLS: &str = "表2 某馆支出情况表\n单位：元\n项目\n年初\n预算数\n调整后\n预算数\n决算数\n执行率\n一、基本支出\n600,000.00\n620,000.00\n610,000.00\n98.39%\n人员经费\n500,000.00\n510,000.00\n505,000.00\n99.02%\n公用经费\n100,000.00\n110,000.00\n105,000.00\n95.45%\n— 2 —\n某馆年度自评报告\n项目\n年初\n预算数\n调整后\n预算数\n决算数\n执行率\n二、项目支出\n300,000.00\n320,000.00\n288,000.00\n90.00%\n合计\n900,000.00\n940,000.00\n898,000.00\n95.53%\n以上为本馆支出。\n— 3 —\n某馆年度自评报告\n";

    #[test]
    fn cells_consistent() {
        let f = run(CELLS);
        assert!(f.is_empty(), "{f:#?}");
    }

    #[test]
    fn cells_rate_over_the_wrong_base() {
        // 288,000 / 300,000 (年初) = 96.00%, where every other row divides by 调整后.
        let f = run(&CELLS.replace("288,000.00\n90.00%", "288,000.00\n96.00%"));
        assert_eq!(values(&f), ["96.00%"], "{f:#?}");
        let f = run(&CELLS
            .replace("100,000.00\n110,000.00", "100,000.00\n101,000.00")
            .replace("105,000.00\n95.45%", "105,000.00\n103.96%"));
        assert!(values(&f).contains(&"620,000.00".to_owned()), "{f:#?}");
    }

    /// Column by column.
    const COLS: &str = "表3 分项支出表（单位：万元）\n支出项目\n一、甲类支出\n二、乙类支出\n三、丙类支出\n合计\n预算数\n300.00\n200.00\n100.00\n600.00\n决算数\n270.00\n190.00\n95.00\n555.00\n执行率\n90.00%\n95.00%\n95.00%\n92.50%\n以上。\n";

    #[test]
    fn columns_consistent_and_planted() {
        assert!(run(COLS).is_empty(), "{:#?}", run(COLS));
        let f = run(&COLS.replace("95.00\n555.00", "95.00\n565.00"));
        assert!(values(&f).contains(&"565.00".to_owned()), "{f:#?}");
    }

    /// Changes: 增减额 and 增减率 with a lost sign.
    const CHANGE: &str = "表4 指标变化表\n序号 指标 上年 本年 增减 增减率\n1 门诊人次 1,000 1,100 100 10.00%\n2 住院人次 500 450 -50 -10.00%\n3 手术台次 200 240 40 20.00%\n4 转诊人次 400 300 -100 -25.00%\n以上。\n";

    #[test]
    fn change_consistent_and_lost_sign() {
        assert!(run(CHANGE).is_empty(), "{:#?}", run(CHANGE));
        let f = run(&CHANGE.replace("-100 -25.00%", "-100 25.00%"));
        assert_eq!(values(&f), ["25.00%"], "{f:#?}");
        assert_eq!(f[0].rule, "lost-sign");
    }

    /// A small table of changes: two rows to learn from, the header names the change rate.
    const SMALL: &str = "表6 经费对比表\n项目 本年 上年 增减额 增减率\n甲项费用 10.00 12.00 -2.00 -16.67%\n乙项费用 4.00 5.00 -1.00 -20.00%\n合计 14.00 17.00 -3.00 -17.65%\n以上。\n";

    #[test]
    fn small_change_table_lost_sign() {
        assert!(run(SMALL).is_empty(), "{:#?}", run(SMALL));
        let f = run(&SMALL.replace("-1.00 -20.00%", "-1.00 20.00%"));
        assert_eq!(values(&f), ["20.00%"], "{f:#?}");
        // Without a change-rate word in the header, two rows are too few to learn from.
        let f = run(&SMALL
            .replace("增减率", "比例")
            .replace("-1.00 -20.00%", "-1.00 20.00%"));
        assert!(f.is_empty(), "{f:#?}");
    }

    /// A share column (占比) and its total row.
    const SHARE: &str = "表5 收入构成表\n收入项目 金额 占比\n甲类收入 600.00 60.00%\n乙类收入 250.00 25.00%\n丙类收入 100.00 10.00%\n丁类收入 50.00 5.00%\n合计 1000.00 100.00%\n以上。\n";

    #[test]
    fn share_consistent_and_planted() {
        assert!(run(SHARE).is_empty(), "{:#?}", run(SHARE));
        let f = run(&SHARE.replace("100.00 10.00%", "100.00 11.00%"));
        assert_eq!(values(&f), ["11.00%"], "{f:#?}");
    }
}
