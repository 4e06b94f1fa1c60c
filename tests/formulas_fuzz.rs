//! Pieces of real reports shuffled with arithmetic: the pipeline never panics, and every
//! formula it finds points at its own printed numbers.

const SOURCES: &[&str] = &[
    "corpus/gz-cac-2021-dept-selfeval.txt",
    "corpus/consistent/third-party-eval-2022.txt",
    "corpus/consistent/project-selfeval-2023.txt",
];

#[test]
fn shuffled_reports() {
    let corpus: String = SOURCES
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect();
    assert!(!corpus.is_empty(), "the bundled corpus files are readable");
    let chars: Vec<char> = corpus.chars().collect();
    let extra = [
        '=', '=', '×', '/', '（', '）', '(', ')', '-', '%', '.', ',', '0', '9', ' ', '\n', '。',
        '≤', '|', '“', '”',
    ];
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let rules = gouji::Rules::builtin();
    for round in 0..300 {
        let mut s = String::new();
        for _ in 0..200 {
            if next() % 3 == 0 {
                s.push(extra[(next() % extra.len() as u64) as usize]);
            } else {
                let st = (next() % chars.len() as u64) as usize;
                let len = (next() % 30) as usize;
                s.extend(&chars[st..(st + len).min(chars.len())]);
            }
        }
        let raw = gouji::RawDocument::from_text(&s);
        let _ = gouji::check_outcome(&raw, &rules);
        let text = gouji::normalize::normalize(&raw);
        for f in gouji::formulas::find_formulas(&text, &rules) {
            for p in f.operands.iter().chain([&f.result]) {
                assert_eq!(
                    &text.lines[p.line].text[p.start..p.end],
                    p.printed,
                    "round {round}"
                );
            }
        }
    }
}
