//! `--format html`: one self-contained page (inline CSS and JS, nothing loaded from the
//! network): a summary table of files, then each file's findings with the printed lines
//! side by side and the contradicting figures marked, filterable by severity.

use std::fmt::Write;

use super::{group_evidence, FileReport, Lang, RenderOptions, Summary};
use crate::checks::{Finding, Severity};

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = "
body{font-family:-apple-system,'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif;margin:2em;color:#222;line-height:1.5}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ddd;word-break:break-all}
table.files{border-collapse:collapse}table.files th,table.files td{border:1px solid #ccc;padding:.25em .6em;text-align:left}
table.files td.n{text-align:right}table.files th{white-space:nowrap}
.failed{color:#b00020}
.filters{margin:1em 0}.filters label{margin-right:1.2em}.shown{color:#666;font-size:.9em}
.finding{border-left:4px solid #999;padding:.4em .8em;margin:1em 0;background:#fafafa}
.finding.error{border-color:#d32f2f}.finding.warning{border-color:#f9a825}.finding.info{border-color:#0288d1}
.sev{font-weight:bold}.error .sev{color:#d32f2f}.warning .sev{color:#b77d00}.info .sev{color:#0277bd}
.rule{font-family:monospace;color:#555}
.evidence{display:flex;flex-wrap:wrap;gap:.8em;margin:.5em 0}
.line{flex:1 1 22em;border:1px solid #ddd;background:#fff;padding:.4em .6em}
.where{font-size:.85em;color:#666}
.excerpt{font-family:monospace;white-space:pre-wrap;word-break:break-all}
mark{background:#ffe066;font-weight:bold;padding:0 .1em}
mark.wrong{background:#ffab91;outline:2px solid #d32f2f}
.label{font-size:.85em;color:#555}
details>summary{cursor:pointer}details>summary h2{display:inline}
.filters select,.filters input[type=search]{margin-right:1em}
.status-error{color:#b00020}.status-warning{color:#b77d00}
.calc{font-family:monospace;color:#333}
body.hide-error .finding.error,body.hide-warning .finding.warning,body.hide-info .finding.info{display:none}
";

/// The filters. `#hide=info` (or `#hide=warning,info`) in the URL starts with those
/// severities hidden, so a filtered view can be bookmarked or sent; ticking a box updates the
/// URL. `#rule=CODE` and `#q=TEXT` start with a rule chosen and a search typed in.
/// `#shown` counts the findings the browser actually displays.
const JS: &str = "
(function(){
var boxes=document.querySelectorAll('.filters input[type=checkbox]');
var shown=document.getElementById('shown');
var rule=document.getElementById('rule'),q=document.getElementById('q');
function apply(){
  boxes.forEach(function(b){document.body.classList.toggle('hide-'+b.value,!b.checked);});
  var r=rule?rule.value:'',w=q?q.value.trim().toLowerCase():'';
  document.querySelectorAll('.finding').forEach(function(f){
    f.hidden=(r!==''&&f.getAttribute('data-rule')!==r)||(w!==''&&f.textContent.toLowerCase().indexOf(w)<0);
  });
  var all=document.querySelectorAll('.finding'),n=0;
  all.forEach(function(f){if(getComputedStyle(f).display!=='none')n++;});
  if(shown)shown.textContent=shown.getAttribute('data-template').replace('{shown}',n).replace('{total}',all.length);
}
var m=/[#&]hide=([a-z,]*)/.exec(location.hash);
if(m){var h=m[1].split(',');boxes.forEach(function(b){if(h.indexOf(b.value)>=0)b.checked=false;});}
boxes.forEach(function(b){b.addEventListener('change',function(){
  apply();
  var h=[];boxes.forEach(function(x){if(!x.checked)h.push(x.value);});
  try{history.replaceState(null,'',h.length?'#hide='+h.join(','):location.pathname+location.search);}catch(e){}
});});
var mr=/[#&]rule=([a-z0-9-]*)/.exec(location.hash);if(mr&&rule)rule.value=mr[1];
var mq=/[#&]q=([^&]*)/.exec(location.hash);if(mq&&q)q.value=decodeURIComponent(mq[1]);
if(rule)rule.addEventListener('change',apply);
if(q)q.addEventListener('input',apply);
apply();
})();
";

pub fn render(reports: &[FileReport], opts: &RenderOptions) -> String {
    let lang = opts.lang;
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut s = Summary::of(reports);
    s.suppressed = opts.suppressed;
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"gouji\">\n\
         <meta name=\"generator\" content=\"gouji\">\n\
         <title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        t("zh-CN", "en"),
        t("勾稽检查报告", "gouji report"),
    );
    let _ = writeln!(h, "<h1>{}</h1>", t("勾稽检查报告", "gouji report"));
    let _ = writeln!(
        h,
        "<p class=\"summary\">{}</p>",
        escape(&super::human::summary_line(&s, lang))
    );

    // Summary table.
    let _ = writeln!(
        h,
        "<table class=\"files\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        t("文件", "file"),
        t("状态", "status"),
        t("页数", "pages"),
        t("错误", "errors"),
        t("警告", "warnings"),
        t("提示", "infos"),
    );
    for (i, r) in reports.iter().enumerate() {
        let status = match &r.error {
            Some(e) => format!(
                "<span class=\"failed\">{} [{}]: {}</span>",
                t("读取失败", "cannot read"),
                escape(e.kind.as_str()),
                escape(lang.error_message(e))
            ),
            None if r.count(Severity::Error) > 0 => format!(
                "<span class=\"status-error\">{}</span>",
                t("有错误", "errors")
            ),
            None if r.count(Severity::Warning) > 0 => format!(
                "<span class=\"status-warning\">{}</span>",
                t("有警告", "warnings")
            ),
            None => t("正常", "ok").to_owned(),
        };
        let pages = r.pages.map(|p| p.to_string()).unwrap_or_default();
        let n = |sev| {
            if r.is_failed() {
                String::new()
            } else {
                r.count(sev).to_string()
            }
        };
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#file-{i}\">{}</a></td><td>{status}</td><td class=\"n\">{pages}</td>\
             <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            escape(&r.path),
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info),
        );
    }
    h.push_str("</tbody>\n</table>\n");

    // Severity filter.
    h.push_str("<div class=\"filters\">");
    for sev in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(
            h,
            "<label><input type=\"checkbox\" value=\"{}\" checked> {}</label>",
            sev.as_str(),
            lang.severity(sev)
        );
    }
    let mut codes: Vec<&str> = reports
        .iter()
        .flat_map(|r| r.findings.iter().map(|f| f.rule))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let _ = write!(
        h,
        "<select id=\"rule\" aria-label=\"{}\"><option value=\"\">{}</option>",
        t("规则", "rule"),
        t("全部规则", "all rules")
    );
    for c in codes {
        let _ = write!(h, "<option value=\"{0}\">{0}</option>", escape(c));
    }
    let _ = write!(
        h,
        "</select><input type=\"search\" id=\"q\" placeholder=\"{}\">",
        t("搜索发现", "search findings")
    );
    let total: usize = reports.iter().map(|r| r.findings.len()).sum();
    let template = t(
        "显示 {shown} / {total} 条发现",
        "showing {shown} of {total} findings",
    );
    let _ = write!(
        h,
        " <span class=\"shown\" id=\"shown\" data-template=\"{}\">{}</span>",
        escape(template),
        escape(
            &template
                .replace("{shown}", &total.to_string())
                .replace("{total}", &total.to_string())
        )
    );
    h.push_str("</div>\n");

    for (i, r) in reports.iter().enumerate() {
        let _ = writeln!(
            h,
            "<section class=\"file\" id=\"file-{i}\">\n<details open><summary><h2>{}</h2></summary>",
            escape(&r.path)
        );
        if let Some(e) = &r.error {
            let _ = writeln!(
                h,
                "<p class=\"failed\">{}</p>",
                escape(lang.error_message(e))
            );
        } else if r.findings.is_empty() {
            let _ = writeln!(h, "<p>{}</p>", t("未发现问题。", "No findings."));
        }
        for f in &r.findings {
            finding(&mut h, &r.path, f, lang);
        }
        h.push_str("</details>\n</section>\n");
    }
    let _ = write!(h, "<script>{JS}</script>\n</body>\n</html>\n");
    h
}

/// A link to a page of a PDF (`file.pdf#page=N`), relative as the path was given.
fn page_link(path: &str, page: u32) -> Option<String> {
    if !path.to_ascii_lowercase().ends_with(".pdf") || page == 0 {
        return None;
    }
    let mut href = String::new();
    for c in path.chars() {
        match c {
            '%' => href.push_str("%25"),
            '#' => href.push_str("%23"),
            '?' => href.push_str("%3F"),
            ' ' => href.push_str("%20"),
            '\\' => href.push('/'),
            _ => href.push(c),
        }
    }
    Some(format!("{href}#page={page}"))
}

fn finding(h: &mut String, path: &str, f: &Finding, lang: Lang) {
    let sev = f.severity.as_str();
    let _ = writeln!(
        h,
        "<div class=\"finding {sev}\" data-severity=\"{sev}\" data-rule=\"{}\">\n<div><span class=\"sev\">{}</span> \
         <span class=\"rule\">[{}]</span> <span class=\"msg\">{}</span></div>",
        escape(f.rule),
        lang.severity(f.severity),
        escape(f.rule),
        escape(lang.message(f)),
    );
    h.push_str("<div class=\"evidence\">");
    // The printed figure the finding is about stands out from those it was checked against.
    let result = f.evidence.first();
    for (gi, g) in group_evidence(&f.evidence).into_iter().enumerate() {
        let mut ex = String::new();
        let mut at = 0;
        let mut wrong_done = false;
        let mut labels: Vec<String> = Vec::new();
        for &(s, e, label) in &g.marks {
            ex.push_str(&escape(&g.excerpt[at..s]));
            let wrong = gi == 0
                && !wrong_done
                && f.evidence.len() > 1
                && f.expected.is_some()
                && result.is_some_and(|r| r.value == g.excerpt[s..e] && r.label == label);
            wrong_done |= wrong;
            let shown = lang
                .words(&super::shown_label(label, g.excerpt))
                .into_owned();
            let _ = write!(
                ex,
                "<mark title=\"{}\"{}>{}</mark>",
                escape(&shown),
                if wrong { " class=\"wrong\"" } else { "" },
                escape(&g.excerpt[s..e])
            );
            if !shown.is_empty() && !labels.contains(&shown) {
                labels.push(shown);
            }
            at = e;
        }
        ex.push_str(&escape(&g.excerpt[at..]));
        for u in &g.unplaced {
            let _ = write!(ex, " <mark>{}</mark>", escape(&u.value));
        }
        let page = match lang {
            Lang::Zh => format!("第 {} 页", g.page),
            Lang::En => format!("page {}", g.page),
        };
        let page = match page_link(path, g.page) {
            Some(href) => format!("<a href=\"{}\">{page}</a>", escape(&href)),
            None => page,
        };
        let place = match lang {
            Lang::Zh => format!("{page}第 {} 行", g.line),
            Lang::En => format!("{page}, line {}", g.line),
        };
        // Evidence from another file (cross-document findings) names it.
        let place = match g.path {
            Some(p) => format!("{} {place}", escape(p)),
            None => place,
        };
        let label = if labels.is_empty() {
            String::new()
        } else {
            format!("<div class=\"label\">{}</div>", escape(&labels.join("；")))
        };
        let _ = write!(h, "<div class=\"line\"><div class=\"where\">{place}</div><div class=\"excerpt\">{ex}</div>{label}</div>");
    }
    h.push_str("</div>\n");
    if !f.arithmetic.is_empty() {
        let _ = writeln!(
            h,
            "<div class=\"calc\">{}: {}</div>",
            lang.pick("计算", "arithmetic"),
            escape(&lang.words(&f.arithmetic))
        );
    }
    if let Some(x) = &f.expected {
        let _ = writeln!(
            h,
            "<div class=\"calc\">{}: {}</div>",
            lang.pick("应为", "expected"),
            escape(x)
        );
    }
    h.push_str("</div>\n");
}
