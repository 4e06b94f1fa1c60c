//! `gouji dump`: what gouji read from a document — lines, figures with ids, tables as grids,
//! the score tree, facts, the findings — and how much of it took part in a checked relation.
//! Reviewers use it to see why something did or did not fire; developers to see what gouji
//! does not read yet.

use serde_json::{json, Value};

use crate::checks::Outcome;
use crate::document::Analysis;
use crate::figures::Figure;
use crate::normalize::Text;

/// A figure's stable id within one document: `F<logical line>.<byte start>`.
pub fn figure_id(f: &Figure) -> String {
    format!("F{}.{}", f.line, f.start)
}

/// What kind of figure it is, for coverage: a table cell, a score, a rate, a count or an
/// amount in a sentence.
fn figure_kind(f: &Figure, in_table: bool) -> &'static str {
    if in_table {
        "table_cell"
    } else if f.unit == "分" {
        "score"
    } else if f.percent {
        "rate"
    } else if f.scale != rust_decimal::Decimal::ONE || f.unit.contains('元') {
        "amount"
    } else {
        "count"
    }
}

/// Where a figure stands: page, line on the page and 1-based character columns within its
/// printed part of the logical line.
fn span(text: &Text, f: &Figure) -> (u32, u32, usize, usize) {
    let loc = text.loc(f.line, f.start);
    let start = text.column(f.line, f.start) as usize;
    let len = text
        .lines
        .get(f.line)
        .and_then(|l| l.text.get(f.start..f.end.max(f.start)))
        .map_or(0, |s| s.chars().count());
    (loc.page, loc.line, start, (start + len).saturating_sub(1))
}

fn figure_json(text: &Text, f: &Figure, kind: &str, verified: bool) -> Value {
    let (page, line, col_start, col_end) = span(text, f);
    json!({
        "id": figure_id(f),
        "printed": f.printed,
        "value": f.value.to_string(),
        "unit": f.unit,
        "decimals": f.decimals,
        "percent": f.percent,
        "approx": format!("{:?}", f.approx).to_lowercase(),
        "label": f.label,
        "page": page,
        "line": line,
        "col_start": col_start,
        "col_end": col_end,
        "kind": kind,
        "verified": verified,
    })
}

/// The model of one analysed document and the outcome of its checks, as JSON.
pub fn dump(a: &Analysis, outcome: &Outcome) -> Value {
    let verified: std::collections::HashSet<(usize, usize)> =
        outcome.verified.iter().copied().collect();
    let in_table: std::collections::HashSet<(usize, usize)> = a
        .tables
        .iter()
        .flat_map(|t| t.rows.iter())
        .flat_map(|r| r.cells.iter())
        .map(|c| (c.line, c.start))
        .collect();
    let mut coverage: std::collections::BTreeMap<&str, (usize, usize)> = Default::default();
    let mut figures = Vec::new();
    for f in a.figures.iter().flatten() {
        let key = (f.line, f.start);
        let kind = figure_kind(f, in_table.contains(&key));
        let ok = verified.contains(&key);
        let c = coverage.entry(kind).or_default();
        c.1 += 1;
        c.0 += usize::from(ok);
        figures.push(figure_json(&a.text, f, kind, ok));
    }
    let (all_ok, all) = coverage
        .values()
        .fold((0, 0), |(x, y), (a, b)| (x + a, y + b));
    let share = |ok: usize, n: usize| {
        if n == 0 {
            0.0
        } else {
            (ok as f64 * 1000.0 / n as f64).round() / 10.0
        }
    };
    let mut by_kind = serde_json::Map::new();
    for (k, (ok, n)) in &coverage {
        by_kind.insert(
            (*k).to_string(),
            json!({"figures": n, "checked": ok, "percent": share(*ok, *n)}),
        );
    }
    let lines: Vec<Value> = a
        .text
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let loc = l.first_loc();
            json!({"id": i, "page": loc.page, "line": loc.line, "text": l.text})
        })
        .collect();
    let tables: Vec<Value> = a
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let start = t.rows.first().map(|r| a.text.loc(r.line, 0));
            json!({
                "id": format!("T{}", i + 1),
                "title": t.title,
                "header": t.header,
                "unit": t.unit,
                "page": start.map(|l| l.page),
                "line": start.map(|l| l.line),
                "columns": t.columns,
                "side": t.side.map(|s| json!({"group": s.group, "index": s.index, "of": s.of})),
                "rows": t.rows.iter().map(|r| json!({
                    "label": r.label,
                    "code": r.code,
                    "cells": r.cells.iter().map(|c| json!({
                        "figure": figure_id(c),
                        "printed": c.printed,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let grids: Vec<Value> = a
        .grids
        .iter()
        .enumerate()
        .map(|(i, g)| {
            use crate::tables::grid::Cell;
            let start = g
                .rows
                .iter()
                .flat_map(|r| r.cells.iter().filter_map(Cell::figure))
                .next()
                .map(|f| a.text.loc(f.line, f.start));
            json!({
                "id": format!("G{}", i + 1),
                "page": start.map(|l| l.page),
                "line": start.map(|l| l.line),
                "title": g.title,
                "header": g.header,
                "unit": g.unit,
                "column_wise": g.column_wise,
                "columns": g.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
                "rows": g.rows.iter().map(|r| json!({
                    "label": r.label,
                    "level": r.level,
                    "cells": r.cells.iter().map(|c| match c {
                        Cell::Figure(f) => json!({"figure": figure_id(f), "printed": f.printed}),
                        Cell::Blank => json!({"printed": "—"}),
                        Cell::Unknown => json!({"printed": "?"}),
                    }).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let scores: Vec<Value> = a
        .scores
        .nodes
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, n)| {
            let id = |f: &Option<Figure>| f.as_ref().map(figure_id);
            json!({
                "id": i,
                "title": n.title,
                "parent": n.parent,
                "weight": id(&n.weight),
                "score": id(&n.score),
                "rate": id(&n.rate),
                "total_weight": id(&n.total_weight),
                "total_score": id(&n.total_score),
            })
        })
        .collect();
    let facts: Vec<Value> = a
        .facts
        .items
        .iter()
        .map(|f| {
            json!({
                "subject": f.entity,
                "metric": f.metric,
                "figure": figure_id(&f.fig),
                "printed": f.fig.printed,
                "source": format!("{:?}", f.source).to_lowercase(),
            })
        })
        .collect();
    let id = |(line, start): (usize, usize)| format!("F{line}.{start}");
    let relations: Vec<Value> = outcome
        .relations
        .iter()
        .map(|r| {
            json!({
                "rule": r.rule,
                "result": id(r.result),
                "operands": r.operands.iter().map(|&o| id(o)).collect::<Vec<_>>(),
                "what": r.what,
                "arithmetic": r.arithmetic,
                "status": r.status,
            })
        })
        .collect();
    json!({
        "pages": a.text.page_count,
        "coverage": {
            "figures": all,
            "checked": all_ok,
            "percent": share(all_ok, all),
            "by_kind": by_kind,
        },
        "lines": lines,
        "figures": figures,
        "tables": tables,
        "grids": grids,
        "scores": scores,
        "facts": facts,
        "relations": relations,
        "findings": outcome.findings,
    })
}

/// A short human summary of [`dump`]: coverage, then each table with its rows.
pub fn summary(model: &Value) -> String {
    let mut out = String::new();
    let cov = &model["coverage"];
    out.push_str(&format!(
        "页数 pages: {}\n数字 figures: {}，参与已核对关系 checked: {} ({}%)\n",
        model["pages"], cov["figures"], cov["checked"], cov["percent"]
    ));
    if let Some(m) = cov["by_kind"].as_object() {
        for (k, v) in m {
            out.push_str(&format!(
                "  {k}: {}/{} ({}%)\n",
                v["checked"], v["figures"], v["percent"]
            ));
        }
    }
    let tables = model["tables"].as_array().into_iter().flatten();
    for t in tables.chain(model["grids"].as_array().into_iter().flatten()) {
        out.push_str(&format!(
            "\n{} p{}:{} {} [{}] 单位 {}\n",
            t["id"].as_str().unwrap_or(""),
            t["page"],
            t["line"],
            t["title"].as_str().unwrap_or(""),
            t["columns"]
                .as_array()
                .map(|c| c
                    .iter()
                    .map(|x| x.as_str().unwrap_or("?").to_string())
                    .collect::<Vec<_>>()
                    .join(" | "))
                .unwrap_or_default(),
            t["unit"].as_str().unwrap_or("")
        ));
        for r in t["rows"].as_array().into_iter().flatten() {
            let cells: Vec<&str> = r["cells"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|c| c["printed"].as_str())
                .collect();
            out.push_str(&format!(
                "  {} | {}\n",
                r["label"].as_str().unwrap_or(""),
                cells.join(" | ")
            ));
        }
    }
    out.push_str(&format!(
        "\n事实 facts: {}；得分节点 score nodes: {}；关系 relations: {}；发现 findings: {}\n",
        model["facts"].as_array().map_or(0, |v| v.len()),
        model["scores"].as_array().map_or(0, |v| v.len()),
        model["relations"].as_array().map_or(0, |v| v.len()),
        model["findings"].as_array().map_or(0, |v| v.len()),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{RawDocument, Rules};

    #[test]
    fn dump_gives_ids_tables_and_coverage() {
        let text = "表1 支出情况表\n单位：万元\n项目 年初预算 全年预算 执行数\n基本支出 100.00 120.00 118.00\n项目支出 50.00 60.00 59.00\n合计 150.00 180.00 177.00\n全年执行数177.00万元，执行率98.33%。\n";
        let rules = Rules::builtin();
        let raw = RawDocument::from_text(text);
        let a = Analysis::new(&raw, &rules);
        let o = crate::checks::run_all(&a);
        let m = dump(&a, &o);
        let figs = m["figures"].as_array().unwrap();
        assert!(figs.iter().any(|f| f["printed"] == "98.33%"));
        let ids: std::collections::HashSet<&str> =
            figs.iter().map(|f| f["id"].as_str().unwrap()).collect();
        assert_eq!(ids.len(), figs.len(), "figure ids are unique");
        let t = &m["tables"][0];
        assert_eq!(t["rows"].as_array().unwrap().len(), 3);
        let checked = m["coverage"]["checked"].as_u64().unwrap();
        assert!(checked > 0, "the table's column sums are checked");
        assert!(checked <= m["coverage"]["figures"].as_u64().unwrap());
        let rate = figs.iter().find(|f| f["printed"] == "98.33%").unwrap();
        assert_eq!(rate["page"], 1);
        assert_eq!(rate["line"], 7);
        assert_eq!(rate["col_start"], 18);
        assert_eq!(rate["col_end"], 23);
        assert!(summary(&m).contains("基本支出 | 100.00 | 120.00 | 118.00"));
        // The same table as a grid, with its column names and where it starts.
        let g = &m["grids"][0];
        assert_eq!(g["id"], "G1");
        assert_eq!(g["line"], 4);
        assert_eq!(g["rows"].as_array().unwrap().len(), 3);
        // The column sums are listed as relations that hold, with their operands by id.
        let sums: Vec<&Value> = m["relations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["rule"] == "table-sum")
            .collect();
        assert_eq!(sums.len(), 3, "{:#}", m["relations"]);
        assert!(sums.iter().all(|r| r["status"] == "holds"));
        assert!(sums
            .iter()
            .all(|r| r["operands"].as_array().unwrap().len() == 2));
        let wrong = dump_of(&text.replace("合计 150.00", "合计 155.00"));
        assert!(wrong["relations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["status"] == "fails" && r["rule"] == "table-sum"));
    }

    fn dump_of(text: &str) -> Value {
        let rules = Rules::builtin();
        let raw = RawDocument::from_text(text);
        let a = Analysis::new(&raw, &rules);
        dump(&a, &crate::checks::run_all(&a))
    }
}
