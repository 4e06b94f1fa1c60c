//! Findings on figures read by OCR: a figure from a word the recogniser was not sure of
//! (confidence below [`LOW_CONFIDENCE`]) may be a misread digit, so a finding resting on it
//! is at most a warning and says so. Applied to every finding in [`super::run_all`].

use super::{Evidence, Finding, Severity};
use crate::document::{Analysis, OcrWord};
use crate::extract::ocr::LOW_CONFIDENCE;

/// Caps the findings that rest on a doubtful OCR figure at warning and names the confidence.
pub fn cap(a: &Analysis, findings: &mut [Finding]) {
    if a.ocr_words.is_empty() {
        return;
    }
    for f in findings {
        let low = f
            .evidence
            .iter()
            .filter(|e| e.path.is_none())
            .filter_map(|e| confidence(&a.ocr_words, e))
            .min();
        let Some(c) = low.filter(|c| *c < LOW_CONFIDENCE) else {
            continue;
        };
        f.severity = f.severity.min(Severity::Warning);
        f.message.push_str(&format!(
            "（OCR 识别，置信度 {c}%：数字 1/7、0/8/6、5/6 可能误读，请对照原件）"
        ));
        f.message_en.push_str(&format!(
            " (read by OCR, confidence {c}%: the digits 1/7, 0/8/6 and 5/6 may be misread; check the original)"
        ));
    }
}

fn digits(s: &str) -> String {
    crate::normalize::fold(s)
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

/// The confidence of the OCR word(s) a piece of evidence was read from: the words on its
/// line with the same digits, else those whose digits are part of it (a figure read as two
/// words) or hold it. `None` when its line was not read by OCR.
fn confidence(words: &[OcrWord], e: &Evidence) -> Option<u8> {
    let want = digits(&e.value);
    if want.is_empty() {
        return None;
    }
    let on_line: Vec<(&OcrWord, String)> = words
        .iter()
        .filter(|w| w.page == e.page && w.line == e.line)
        .map(|w| (w, digits(&w.text)))
        .filter(|(_, d)| !d.is_empty())
        .collect();
    let exact = on_line
        .iter()
        .filter(|(_, d)| *d == want)
        .map(|(w, _)| w.confidence)
        .min();
    exact.or_else(|| {
        on_line
            .iter()
            .filter(|(_, d)| want.contains(d.as_str()) || d.contains(want.as_str()))
            .map(|(w, _)| w.confidence)
            .min()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RawDocument;

    fn word(line: u32, text: &str, confidence: u8) -> OcrWord {
        OcrWord {
            page: 1,
            line,
            start: 0,
            end: text.len(),
            text: text.to_owned(),
            confidence,
        }
    }

    /// A table whose last total is wrong (1,240 + 310 = 1,550, printed 1,850), read by OCR.
    fn run(total_conf: u8) -> Vec<Finding> {
        let rules = crate::Rules::builtin();
        let text = "支出明细（单位：万元）\n项目 年初预算 调整后预算 决算数\n\
                    甲类支出 1,200.00 1,250.00 1,240.00\n乙类支出 300.00 320.00 310.00\n\
                    合计 1,500.00 1,570.00 1,850.00\n";
        let raw = RawDocument {
            pages: vec![text.to_owned()],
            ocr_pages: vec![1],
            ocr_words: vec![
                word(3, "1,240.00", 96),
                word(4, "310.00", 95),
                word(5, "1,850.00", total_conf),
            ],
            ..RawDocument::default()
        };
        crate::check(&raw, &rules)
    }

    #[test]
    fn a_doubtful_figure_caps_its_finding() {
        let sure = run(93);
        let f = sure.iter().find(|f| f.severity == Severity::Error);
        let f = f.expect("the wrong total is an error when read with confidence");
        assert!(!f.message.contains("OCR"));
        let doubtful = run(61);
        assert!(doubtful.iter().all(|f| f.severity <= Severity::Warning));
        let f = doubtful
            .iter()
            .find(|f| f.evidence.iter().any(|e| e.value == "1,850.00"))
            .expect("the finding is kept");
        assert_eq!(f.severity, Severity::Warning);
        assert!(f.message.contains("OCR 识别，置信度 61%"), "{}", f.message);
        assert!(f.message.contains("1/7"));
    }
}
