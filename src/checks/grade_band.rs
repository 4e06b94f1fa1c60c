//! grade-band: a grade (评价等级) that the document's own score bands do not give its score.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::{Finding, Outcome, RuleInfo, Severity};
use crate::document::Analysis;
use crate::facts::full_sentences;
use crate::figures::Figure;
use crate::interval::Rounding;

pub static INFO: RuleInfo = RuleInfo {
    code: "grade-band",
    name_zh: "评价等级与得分区间不符",
    name_en: "grade does not match the score bands",
    severity: Severity::Error,
    doc: "## 作用 / What it does
读出文档自己规定的等级区间（\"90分（含）以上为优秀，80分（含）至90分为良好……\"，
\"优秀（90分及以上）、良好（80分及以上、不足90分）……\"），再把文中每处\"等级为X\"与同一句中的
总得分对照：得分落在另一等级的区间内即报错。只用文档自己写明的区间，不套用默认标准。
Reads the grade bands the document defines and checks every grade it gives (\"评价等级为“优秀”\")
against the total score printed in the same sentence. Only the document's own bands are used.

## Why is this bad
The grade is the headline of the evaluation; a total of 89.93 called 优秀 under a band of
90 and above claims a grade the score did not earn.

## Example
```
90分（含）以上为优秀，80分（含）至90分为良好，60分（含）至80分为合格，60分以下为不合格。
总得分89.93分，评价等级为“优秀”。      # 89.93 is 良好
```
Turn it off with `[rules] grade-band = false` in gouji.toml.",
};

const G: &str = r#"[A-E]级|[一二三四]等|[\p{Han}]{1,4}?"#;

/// "90分（含）以上为优秀", "80（含）-90分为良": a lower bound.
static FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(\d+(?:\.\d+)?)分?(?:[（(]含[）)])?(?:(?:及|或)?以上|(?:至|-|—|～|~|到)\d+(?:\.\d+)?分?(?:[（(]不含[）)])?(?:之间)?)(?:的|者)?(?:为|评为|定为|属于)["“]?({G})["”]?(?:[，,。、；;（(]|$)"#
    ))
    .unwrap()
});
/// "60分以下为差": the lowest band.
static BELOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(\d+(?:\.\d+)?)分?(?:[（(]不含[）)])?以下(?:的|者)?(?:为|评为|定为)["“]?({G})["”]?(?:[，,。、；;（(]|$)"#
    ))
    .unwrap()
});
/// "优秀（90分及以上）", "B级（80分及以上、不足90分）": a lower bound.
static NAMED_FROM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?:^|[，,、：:；;为])["“]?({G})["”]?[（(](\d+(?:\.\d+)?)分?(?:[（(]含[）)])?(?:及|或)?以上"#
    ))
    .unwrap()
});
/// "较差（不足60分）", "差（60分以下）": the lowest band.
static NAMED_BELOW: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r#"(?:^|[，,、：:；;为])["“]?({G})["”]?[（(](?:不足|低于|小于)?(\d+(?:\.\d+)?)分?(?:以下)?[）)]"#
    ))
    .unwrap()
});
static CLAIM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"等级(?:为|是|：|:|评定为|确定为|评为|定为)\s*["“]?([A-E]级|[\p{Han}]{1,4})"#)
        .unwrap()
});

/// A grade and the lowest score it takes (None: the lowest band).
type Band = (String, Option<Decimal>);

/// The bands of one line, when it defines three or more grades.
fn bands(line: &str) -> Option<Vec<Band>> {
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out: Vec<Band> = Vec::new();
    let mut add = |g: &str, lo: Option<Decimal>| {
        if !out.iter().any(|(x, _)| x == g) {
            out.push((g.to_owned(), lo));
        }
    };
    for c in FROM.captures_iter(&s) {
        add(&c[2], c[1].parse().ok());
    }
    for c in NAMED_FROM.captures_iter(&s) {
        add(&c[1], c[2].parse().ok());
    }
    for c in BELOW.captures_iter(&s) {
        add(&c[2], None);
    }
    for c in NAMED_BELOW.captures_iter(&s) {
        if c.get(0)
            .is_some_and(|m| m.as_str().contains("不足") || m.as_str().contains("以下"))
        {
            add(&c[1], None);
        }
    }
    // Three grades or more, one lowest band at most, distinct bounds.
    let lows = out.iter().filter(|b| b.1.is_none()).count();
    let mut bounds: Vec<Decimal> = out.iter().filter_map(|b| b.1).collect();
    bounds.sort();
    let n = bounds.len();
    bounds.dedup();
    if out.len() < 3
        || lows > 1
        || bounds.len() != n
        || bounds.iter().any(|b| *b > Decimal::ONE_HUNDRED)
    {
        return None;
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.1));
    Some(out)
}

/// The grade the bands give a score interval, when the whole interval lies in one band.
fn grade_of(bands: &[Band], lo: Decimal, hi: Decimal) -> Option<&str> {
    // bands sorted by lower bound, highest first; the lowest band (None) last.
    let mut upper: Option<Decimal> = None;
    for (g, from) in bands {
        let inside_lo = from.is_none_or(|f| lo >= f);
        let inside_hi = upper.is_none_or(|u| hi <= u);
        if inside_lo && inside_hi {
            return Some(g);
        }
        upper = *from;
    }
    None
}

pub fn check(a: &Analysis, o: &mut Outcome) {
    // Bands are read over a few lines: narrow wraps may cut a definition apart.
    let lines = &a.text.lines;
    // Bounded work: a definition or a claim stands in a line of ordinary length.
    const LONG: usize = 20_000;
    let window = |i: usize| {
        if lines[i].text.len() > LONG {
            return None;
        }
        let w: String = lines[i..(i + 4).min(lines.len())]
            .iter()
            .map(|l| l.text.as_str())
            .collect();
        bands(&w)
    };
    let Some(first) = (0..lines.len()).find(|&i| window(i).is_some()) else {
        return;
    };
    // The window of the definition that holds the most grades.
    let Some(bands) = (first..(first + 4).min(lines.len()))
        .filter_map(window)
        .max_by_key(|b| b.len())
    else {
        return;
    };
    for (li, line) in a.text.lines.iter().enumerate() {
        if line.text.len() > LONG {
            continue;
        }
        for (s0, s1) in full_sentences(&line.text) {
            let sentence = &line.text[s0..s1];
            for c in CLAIM.captures_iter(sentence) {
                let m = c.get(1).unwrap();
                // The longest grade the bands know that the claim starts with.
                let Some((claimed, _)) = bands
                    .iter()
                    .filter(|(g, _)| m.as_str().starts_with(g.as_str()))
                    .max_by_key(|(g, _)| g.len())
                else {
                    continue;
                };
                // A longer grade word the bands do not know ("优良"): not a claim of this grade.
                let rest = &m.as_str()[claimed.len()..];
                if rest
                    .chars()
                    .next()
                    .is_some_and(|ch| ('\u{4E00}'..='\u{9FFF}').contains(&ch))
                {
                    continue;
                }
                let at = s0 + c.get(0).unwrap().start();
                // The total: the largest score printed before the claim in its sentence.
                let total: Option<&Figure> = a.figures[li]
                    .iter()
                    .filter(|f| {
                        f.start >= s0
                            && f.end <= at
                            && !f.percent
                            && f.unit == "分"
                            && f.value <= Decimal::ONE_HUNDRED
                    })
                    .max_by(|x, y| x.value.cmp(&y.value));
                let Some(total) = total else { continue };
                let iv = total.interval(Rounding::Round);
                let tr = total.interval(Rounding::Truncate);
                let (lo, hi) = (iv.lo.min(tr.lo), iv.hi.max(tr.hi));
                // A half-open interval: its top is not taken.
                let hi = hi - Decimal::new(1, 12);
                let Some(expected) = grade_of(&bands, lo, hi) else {
                    continue;
                };
                if expected == claimed {
                    o.verified(total);
                    continue;
                }
                let band_text = bands
                    .iter()
                    .map(|(g, f)| match f {
                        Some(f) => format!("{g} ≥ {f}"),
                        None => format!("{g} 最低档"),
                    })
                    .collect::<Vec<_>>()
                    .join("，");
                let claim_ev = a.evidence_at(
                    li,
                    at + m.start() - c.get(0).unwrap().start(),
                    claimed.clone(),
                    "评价等级",
                );
                o.findings.push(Finding {
                    rule: INFO.code,
                    severity: INFO.severity,
                    message: format!(
                        "得分 {} 分评为“{}”，而文中的等级区间（{}）给出的是“{}”",
                        total.printed, claimed, band_text, expected
                    ),
                    message_en: format!(
                        "A score of {} is graded \"{}\", but the document's own bands ({}) give \"{}\"",
                        total.printed, claimed, band_text, expected
                    ),
                    expected: Some(expected.to_owned()),
                    arithmetic: format!("{} → {}", total.printed, expected),
                    evidence: vec![claim_ev, a.evidence(total, "总得分")],
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Analysis, RawDocument};
    use crate::rules::Rules;

    fn run(s: &str) -> Vec<crate::Finding> {
        let rules = Rules::builtin();
        let raw = RawDocument::from_text(s);
        let a = Analysis::new(&raw, &rules);
        let mut o = super::Outcome::default();
        super::check(&a, &mut o);
        o.findings
    }

    const BANDS: &str = "评价结果分为四档：85分（含）以上为“优秀”，70分（含）至85分为“良好”，60分（含）至70分为“合格”，60分以下为“不合格”。\n";

    #[test]
    fn grade_outside_its_band() {
        let f = run(&format!(
            "{BANDS}经评价，本项目总得分84.96分，评价等级为“优秀”。\n"
        ));
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected.as_deref(), Some("良好"));
        let f = run(&format!(
            "{BANDS}经评价，本项目总得分85.2分，评价等级为“优秀”。\n"
        ));
        assert!(f.is_empty(), "{f:?}");
    }

    #[test]
    fn named_bands_and_subscores() {
        let doc = "等级分为甲级（88分及以上）、乙级（75分及以上、不足88分）、丙级（60分及以上、不足75分）、丁级（不足60分）。\n综合得分 87.6 分，其中管理得分 30.2 分，得分率 86.3%；履职得分 57.4 分，自评等级为甲级。\n";
        let f = run(doc);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].expected.as_deref(), Some("乙级"));
        assert!(run(&doc.replace("甲级。", "乙级。")).is_empty());
    }

    #[test]
    fn no_bands_no_finding() {
        assert!(run("总得分84.96分，评价等级为“优秀”。\n").is_empty());
    }
}
