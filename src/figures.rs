//! Figures: every number that is an amount, a rate, a score or a count, with its unit,
//! printed precision, sign, approximation and the words printed just before it.
//! Years, dates, document numbers, heading numbers, codes and names are not figures.

use std::str::FromStr;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::interval::{Interval, Rounding};
use crate::rules::Rules;

/// An approximate word before or after the number: a bound, not a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Approx {
    Exact,
    /// 约 …
    About,
    /// 超, 逾, 余, 以上, 多 …: more than.
    Over,
    /// 近, 不到 …: less than.
    Under,
}

#[derive(Debug, Clone)]
pub struct Figure {
    /// Logical line index.
    pub line: usize,
    /// Byte range of the printed number (sign and % included, unit excluded).
    pub start: usize,
    pub end: usize,
    /// The number exactly as printed, e.g. "12,000.00", "-45.10", "85.47%", "两".
    pub printed: String,
    /// Signed value as printed (a percentage in percent: 85.47).
    pub value: Decimal,
    pub decimals: u32,
    pub percent: bool,
    /// Unit text after the number: "万元", "分", "个", "万条" … (empty when none).
    pub unit: String,
    /// Scale of the money/quantity unit: 万 = 10^4, 亿 = 10^8, else 1.
    pub scale: Decimal,
    pub approx: Approx,
    /// Written as a Chinese numeral (两个, 三项).
    pub chinese: bool,
    /// Words printed just before it within its clause, e.g. "预算执行率".
    pub label: String,
    /// Byte offset where the unit (if any) ends.
    pub unit_end: usize,
}

impl Figure {
    /// The exact values this printed figure may stand for.
    pub fn interval(&self, mode: Rounding) -> Interval {
        Interval::printed(self.value, self.decimals, mode)
    }

    /// Integers count as exact (scores, counts); decimals as rounded.
    pub fn operand(&self) -> Interval {
        if self.decimals == 0 {
            Interval::point(self.value)
        } else {
            self.interval(Rounding::Round)
        }
    }

    pub fn is_money(&self) -> bool {
        self.unit.ends_with('元')
    }

    /// Printed as an exact Arabic figure: no approximation word, no Chinese numeral.
    pub fn is_exact(&self) -> bool {
        self.approx == Approx::Exact && !self.chinese
    }

    /// The same kind of quantity as `other`: both money (compared in 元), or the same unit.
    pub fn same_kind(&self, other: &Figure) -> bool {
        !self.percent
            && !other.percent
            && ((self.is_money() && other.is_money()) || self.unit == other.unit)
    }

    /// Its operand in base units (元 for money: 万元 multiplied out).
    pub fn in_base_units(&self) -> Option<Interval> {
        let i = self.operand();
        if self.is_money() {
            i.mul(Interval::point(self.scale))
        } else {
            Some(i)
        }
    }

    /// Measure word of a count (个, 场 …), if the unit is one.
    pub fn classifier<'a>(&'a self, rules: &Rules) -> Option<&'a str> {
        let u = self.unit.trim_start_matches(['万', '亿', '余']);
        rules.units.classifiers.iter().any(|c| c == u).then_some(u)
    }
}

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?").unwrap());
static CN_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[一二两三四五六七八九十]{1,3}").unwrap());
static MONEY_UNIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s?(亿\s?元|万\s?元|千\s?元|元|亿|万)").unwrap());

const APPROX_BEFORE: &[(&str, Approx)] = &[
    ("约", Approx::About),
    ("大约", Approx::About),
    ("超过", Approx::Over),
    ("超", Approx::Over),
    ("逾", Approx::Over),
    ("多于", Approx::Over),
    ("不少于", Approx::Over),
    ("不低于", Approx::Over),
    ("达到", Approx::Exact),
    ("近", Approx::Under),
    ("不到", Approx::Under),
    ("不足", Approx::Under),
];

const LABEL_STOP: &[char] = &[
    '，', ',', '。', '；', ';', '：', ':', '、', '（', '(', '）', ')', '“', '”', '=', '《', '》',
    '!', '！', '?', '？',
];
const LABEL_FILLER: &[&str] = &[
    "为",
    "是",
    "达到",
    "达",
    "约",
    "超过",
    "超",
    "逾",
    "近",
    "共",
    "计",
    "了",
    "累计",
    "合计为",
    "分别为",
    "仅",
    "只",
    "的",
];

/// Parses the figures of one logical line.
pub fn parse_line(s: &str, rules: &Rules) -> Vec<Figure> {
    let mut out: Vec<Figure> = Vec::new();
    let mut quoted = Quoted::new(s);
    for m in NUMBER.find_iter(s) {
        if quoted.at(m.start()) {
            continue;
        }
        if let Some(f) = arabic(s, m.start(), m.end(), rules) {
            out.push(f);
        }
    }
    for m in CN_NUMBER.find_iter(s) {
        if let Some(f) = chinese(s, m.start(), m.end(), rules) {
            out.push(f);
        }
    }
    out.sort_by_key(|f| f.start);
    let mut prev_end = 0;
    for f in &mut out {
        f.label = label_before(s, prev_end, f.start);
        prev_end = f.unit_end;
    }
    out
}

fn prev_char(s: &str, i: usize) -> Option<char> {
    s[..i].chars().next_back()
}

fn next_char(s: &str, i: usize) -> Option<char> {
    s[i..].chars().next()
}

/// Document numbers, titles, quotations and notes: no figure stands inside them.
const QUOTES: [(char, char); 4] = [('〔', '〕'), ('《', '》'), ('“', '”'), ('[', ']')];

/// Whether positions of a line lie inside an unclosed pair of [`QUOTES`] (the last of the
/// pair's two marks before it opens), asked at ascending positions: one pass over the line.
struct Quoted<'a> {
    s: &'a str,
    pos: usize,
    open: [bool; 4],
}

impl<'a> Quoted<'a> {
    fn new(s: &'a str) -> Self {
        Quoted {
            s,
            pos: 0,
            open: [false; 4],
        }
    }

    fn at(&mut self, i: usize) -> bool {
        if i < self.pos {
            *self = Quoted::new(self.s);
        }
        for c in self.s[self.pos..i].chars() {
            for (k, (o, cl)) in QUOTES.iter().enumerate() {
                if c == *o {
                    self.open[k] = true;
                } else if c == *cl {
                    self.open[k] = false;
                }
            }
        }
        self.pos = i;
        self.open.iter().any(|&o| o)
    }
}

fn arabic(s: &str, start: usize, end: usize, rules: &Rules) -> Option<Figure> {
    let num = &s[start..end];
    let prev = prev_char(s, start);
    let next = next_char(s, end);
    // Part of an identifier (Z01表, F03) or of a code (1.2.3).
    if prev.is_some_and(|c| c.is_ascii_alphabetic() || c == '.' || c == '_') {
        return None;
    }
    if next.is_some_and(|c| c.is_ascii_alphabetic() && c != 'x') {
        return None;
    }
    if next == Some('.') && s[end + 1..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    // Ordinals, dates, document numbers, names, titles and quotations.
    if prev == Some('第') {
        return None;
    }
    let rest = s[end..].trim_start();
    if [
        "年", "月", "日", "时", "号", "届", "周年", "岁", "点", "〕", "]",
    ]
    .iter()
    .any(|w| rest.starts_with(w))
    {
        return None;
    }
    if rules
        .units
        .name_units
        .iter()
        .any(|u| rest.starts_with(u.as_str()))
    {
        return None;
    }
    // Heading and list numbers: "1." "1、" "（1）" at the start of a line or alone in brackets.
    let lead = s[..start].trim_start_matches([' ', '（', '(', '<']);
    if lead.is_empty()
        && (next.is_some_and(|c| matches!(c, '、' | '．'))
            || (next == Some('.') && !rest[1..].starts_with(|c: char| c.is_ascii_digit())))
    {
        return None;
    }
    if matches!(prev, Some('（' | '(')) && matches!(next, Some('）' | ')')) {
        return None;
    }
    let decimals = num
        .split_once('.')
        .map(|(_, f)| f.len() as u32)
        .unwrap_or(0);
    let mut value = Decimal::from_str(&num.replace(',', "")).ok()?;
    // A year standing alone: "2021我办", "截至2024".
    let mut unit_end = end;
    // "10.06 %": a space may stand before the percent sign.
    let pct_len = if next == Some('%') {
        1
    } else if s[end..].starts_with(" %") {
        2
    } else {
        0
    };
    let percent = pct_len > 0;
    unit_end += pct_len;
    let (unit, scale) = if percent {
        (String::new(), Decimal::ONE)
    } else {
        unit_after(s, end, rules, &mut unit_end)
    };
    if !percent
        && decimals == 0
        && unit.is_empty()
        && num.len() == 4
        && (1949..=2100).contains(&num.parse::<u32>().unwrap_or(0))
    {
        return None;
    }
    // A minus sign is a sign only where it cannot be a subtraction or a range.
    let mut fstart = start;
    if prev == Some('-') {
        let before = prev_char(s, start - 1);
        if !before.is_some_and(|c| {
            c.is_ascii_digit() || matches!(c, ')' | '）' | '%' | '-' | '.' | '×' | '*' | '/' | '+')
        }) {
            value = -value;
            fstart = start - 1;
        }
    }
    let mut approx = approx_before(&s[..fstart]);
    if s[end..unit_end].contains('余')
        || s[unit_end..].starts_with("余")
        || s[unit_end..].starts_with("多")
        || s[unit_end..].starts_with("以上")
    {
        approx = Approx::Over;
    }
    // A threshold of a rule ("执行率达到95%及以上得满分", "低于90%不得分"): a bound, not a fact.
    if approx == Approx::Exact {
        approx = bound_after(&s[unit_end..], rules);
    }
    let printed = s[fstart..end + pct_len].to_owned();
    Some(Figure {
        line: 0,
        start: fstart,
        end: end + pct_len,
        printed,
        value,
        decimals,
        percent,
        unit,
        scale,
        approx,
        chinese: false,
        label: String::new(),
        unit_end,
    })
}

/// The multiplier of a money unit to 元: 亿元 10^8, 万元 10^4, 千元 10^3, else 1.
pub fn money_scale(unit: &str) -> Decimal {
    match unit.chars().next() {
        Some('亿') => Decimal::from(100_000_000),
        Some('万') => Decimal::from(10_000),
        Some('千') => Decimal::from(1_000),
        _ => Decimal::ONE,
    }
}

/// Reads the unit after a number: money units, 万/亿 multipliers, 余, then a measure word or 分.
fn unit_after(s: &str, end: usize, rules: &Rules, unit_end: &mut usize) -> (String, Decimal) {
    let mut pos = end;
    let mut unit = String::new();
    let mut scale = Decimal::ONE;
    if let Some(m) = MONEY_UNIT.find(&s[pos..]) {
        // "1,483.62万 元": a unit broken over a line or a page.
        let u: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        let u = u.as_str();
        scale = money_scale(u);
        unit.push_str(u);
        pos += m.end();
        if u.ends_with('元') {
            *unit_end = pos;
            return (unit, scale);
        }
    }
    let mut p = pos;
    if s[p..].starts_with(' ') && unit.is_empty() {
        p += 1;
    }
    if s[p..].starts_with("余") {
        p += "余".len();
    }
    let mut best: Option<&str> = None;
    for c in rules
        .units
        .classifiers
        .iter()
        .map(|c| c.as_str())
        .chain(["分"])
    {
        if s[p..].starts_with(c) && best.is_none_or(|b| c.len() > b.len()) {
            best = Some(c);
        }
    }
    if let Some(c) = best {
        unit.push_str(c);
        p += c.len();
        *unit_end = p;
    } else if !unit.is_empty() {
        *unit_end = pos;
    }
    (unit, scale)
}

/// The bound a threshold word after a figure makes of it (rules/amounts.toml).
fn bound_after(after: &str, rules: &Rules) -> Approx {
    let a = after.trim_start();
    let starts = |ws: &[String]| {
        ws.iter()
            .any(|w| !w.is_empty() && a.starts_with(w.as_str()))
    };
    if starts(&rules.amounts.at_least_after) {
        Approx::Over
    } else if starts(&rules.amounts.at_most_after) {
        Approx::Under
    } else {
        Approx::Exact
    }
}

fn approx_before(before: &str) -> Approx {
    let b = before.trim_end();
    APPROX_BEFORE
        .iter()
        .filter(|(w, _)| b.ends_with(w))
        .max_by_key(|(w, _)| w.len())
        .map(|(_, a)| *a)
        .unwrap_or(Approx::Exact)
}

fn chinese(s: &str, start: usize, end: usize, rules: &Rules) -> Option<Figure> {
    let prev = prev_char(s, start);
    if matches!(
        prev,
        Some('第' | '十' | '届' | '星' | '周' | '之' | '初' | '统' | '万')
    ) {
        return None;
    }
    let cn = &s[start..end];
    let value = cn_value(cn)?;
    let mut unit_end = end;
    let (unit, scale) = unit_after(s, end, rules, &mut unit_end);
    // Only a Chinese numeral with a measure word is a count (两个, 三项); 一是, 十九届 are not.
    if !rules.units.classifiers.contains(&unit) || cn == "一" {
        return None;
    }
    Some(Figure {
        line: 0,
        start,
        end,
        printed: cn.to_owned(),
        value: Decimal::from(value),
        decimals: 0,
        percent: false,
        unit,
        scale,
        approx: approx_before(&s[..start]),
        chinese: true,
        label: String::new(),
        unit_end,
    })
}

/// 一 … 九十九.
pub fn cn_value(s: &str) -> Option<u32> {
    let d = |c: char| {
        "零一二三四五六七八九"
            .find(c)
            .map(|i| (i / 3) as u32)
            .or((c == '两').then_some(2))
    };
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] if *a != '十' => d(*a),
        ['十'] => Some(10),
        ['十', b] => Some(10 + d(*b)?),
        [a, '十'] => Some(d(*a)? * 10),
        [a, '十', b] => Some(d(*a)? * 10 + d(*b)?),
        _ => None,
    }
}

/// Whether stripping the filler `w` from `t` would cut the 计 of a total (合计, 总计, 小计):
/// "本年支出合计 X" is labelled 本年支出合计, while "共计 5 个" drops its 计.
fn ends_a_total(t: &str, w: &str) -> bool {
    w == "计" && t[..t.len() - w.len()].ends_with(['合', '总', '小'])
}

fn label_before(s: &str, from: usize, to: usize) -> String {
    let seg = &s[from.min(to)..to];
    let seg = match seg.rfind(LABEL_STOP) {
        Some(i) => &seg[i + seg[i..].chars().next().map_or(0, |c| c.len_utf8())..],
        None => seg,
    };
    let mut l = seg.trim();
    loop {
        let t = l.trim_end();
        match LABEL_FILLER
            .iter()
            .filter(|w| t.ends_with(*w) && t.len() > w.len() && !ends_a_total(t, w))
            .max_by_key(|w| w.len())
        {
            Some(w) => l = &t[..t.len() - w.len()],
            None => {
                l = t;
                break;
            }
        }
    }
    let chars: Vec<char> = l.chars().collect();
    chars[chars.len().saturating_sub(24)..]
        .iter()
        .collect::<String>()
        .trim()
        .to_owned()
}

static CELL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$").unwrap());

/// A table cell token ("3,200.00", "-45.10", "12.50%") as a figure at `start` of logical line `line`.
pub fn parse_cell(tok: &str, line: usize, start: usize) -> Option<Figure> {
    if !CELL.is_match(tok) {
        return None;
    }
    let percent = tok.ends_with('%');
    let num = tok.trim_end_matches('%');
    let decimals = num
        .split_once('.')
        .map(|(_, f)| f.len() as u32)
        .unwrap_or(0);
    let value = Decimal::from_str(&num.replace(',', "")).ok()?;
    Some(Figure {
        line,
        start,
        end: start + tok.len(),
        printed: tok.to_owned(),
        value,
        decimals,
        percent,
        unit: String::new(),
        scale: Decimal::ONE,
        approx: Approx::Exact,
        chinese: false,
        label: String::new(),
        unit_end: start + tok.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figs(s: &str) -> Vec<Figure> {
        parse_line(s, &Rules::builtin())
    }

    fn printed(s: &str) -> Vec<String> {
        figs(s).into_iter().map(|f| f.printed).collect()
    }

    #[test]
    fn amounts_rates_and_units() {
        let f = figs("年初预算 17,303.71 万元，调整后预算 21,495.69 万元，预算执行率 99.59%");
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].value, Decimal::from_str("17303.71").unwrap());
        assert_eq!(f[0].unit, "万元");
        assert_eq!(f[0].label, "年初预算");
        assert!(f[2].percent);
        assert_eq!(f[2].decimals, 2);
        assert_eq!(f[2].label, "预算执行率");
    }

    #[test]
    fn a_total_keeps_its_ji_and_filler_drops_it() {
        let f = figs("本年支出合计 120.00 万元，收入总计为 130.00 万元，其中小计 10.00 万元");
        let labels: Vec<&str> = f.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["本年支出合计", "收入总计", "其中小计"]);
        let f = figs("开展培训共计 5 次，举办讲座计 3 场");
        let labels: Vec<&str> = f.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["开展培训", "举办讲座"]);
    }

    #[test]
    fn percent_after_a_space() {
        let f = figs("增长 10.06 %，");
        assert!(f[0].percent);
        assert_eq!(f[0].printed, "10.06 %");
        assert_eq!(f[0].decimals, 2);
    }

    #[test]
    fn trailing_zeros_keep_precision() {
        let f = figs("控制率为 98.60%");
        assert_eq!(f[0].decimals, 2);
        assert_eq!(f[0].printed, "98.60%");
    }

    #[test]
    fn not_figures() {
        assert!(printed("2021年5月以来，根据财预〔2020〕10号").is_empty());
        assert!(printed("（1）预算完成率").is_empty());
        assert!(printed("1.资金管理").is_empty());
        assert!(printed("350兆无线专网").is_empty());
        assert!(printed("党的十九届六中全会").is_empty());
        assert!(printed("《2021年重点工作》").is_empty());
        assert!(printed("根据 Z01表数据").is_empty());
        assert!(printed("指标 1.2.3 说明").is_empty());
    }

    #[test]
    fn sign_versus_subtraction() {
        assert_eq!(
            figs("人员经费 3,609.17 -52.11")[1].value,
            Decimal::from_str("-52.11").unwrap()
        );
        let f = figs("（19,368.18-19,456.78）");
        assert!(f.iter().all(|f| f.value.is_sign_positive()));
        let f = figs("无故障 95--99%得 4分");
        assert!(f.iter().all(|f| f.value.is_sign_positive()));
    }

    #[test]
    fn approximations_and_counts() {
        let f = figs("编发各类简报超 600期，转办线索 1500余条，处置约 2.15亿条");
        assert_eq!(f[0].approx, Approx::Over);
        assert_eq!(f[0].unit, "期");
        assert_eq!(f[1].approx, Approx::Over);
        assert_eq!(f[2].approx, Approx::About);
        assert_eq!(f[2].scale, Decimal::from(100_000_000));
    }

    #[test]
    fn chinese_counts() {
        let f = figs("设定重点任务两个，下设四个二级项目");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].value, Decimal::from(2));
        assert_eq!(f[1].value, Decimal::from(4));
        assert_eq!(cn_value("十九"), Some(19));
    }

    #[test]
    fn scores() {
        let f = figs("指标分值 2分，自评得分 1.908分，得分率为 95.4%。");
        assert_eq!(
            f.iter().map(|f| f.label.as_str()).collect::<Vec<_>>(),
            ["指标分值", "自评得分", "得分率"]
        );
        assert_eq!(f[0].unit, "分");
    }
}
