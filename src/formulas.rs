//! Formulas: an expression language shared by the text and the rules, and the formulas
//! written out in the text ("控制率=437.84万元/449.98万元×100%=97.30%").
//!
//! [`parse_expr`] reads an expression as printed: numbers with thousands commas, decimals,
//! `%` (×0.01) and a trailing unit (万元, 分, 个 …, ignored); `+ - − × ÷ / *`, ASCII and
//! full-width brackets, `|x|`, unary minus, and identifiers (CJK words such as column names:
//! "调整金额 / 年初预算数 × 100%"). [`Expr::eval`] computes it with interval arithmetic:
//! a printed decimal stands for its rounding interval, an integer for itself.
//!
//! [`find_formulas`] finds chains `A = B = C` in the text where one side is an arithmetic
//! expression over printed numbers and a later side is a single printed number (the result).

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use crate::interval::{Interval, Rounding};
use crate::normalize::Text;
use crate::rules::Rules;

/// Deepest expression tree accepted (nesting and operator chains alike).
pub const MAX_DEPTH: u32 = 64;
/// Longest expression accepted, in tokens.
const MAX_TOKENS: usize = 512;
/// Most significant digits a printed number may have (what a `Decimal` holds exactly).
const MAX_DIGITS: usize = 28;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Add,
    Sub,
    Mul,
    Div,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Add => "+",
            Op::Sub => "-",
            Op::Mul => "×",
            Op::Div => "/",
        }
    }
}

/// A number as printed in an expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// Exactly as printed, `%` included, sign and unit excluded: "19,368.18", "100%".
    pub printed: String,
    /// Value as printed (a percentage in percent: 100 for "100%").
    pub value: Decimal,
    pub decimals: u32,
    pub percent: bool,
    /// Unit printed after it ("万元", "分"), ignored by the arithmetic.
    pub unit: String,
    /// Byte range of `printed` in the parsed string.
    pub start: usize,
    pub end: usize,
}

impl Number {
    /// The exact values it may stand for, percent applied (100% → 1): integers exact,
    /// decimals as their rounding interval (the policy of `Figure::operand`).
    pub fn interval(&self) -> Option<Interval> {
        let iv = if self.decimals == 0 {
            Interval::point(self.value)
        } else {
            Interval::printed(self.value, self.decimals, Rounding::Round)
        };
        if self.percent {
            iv.mul(Interval::point(Decimal::new(1, 2)))
        } else {
            Some(iv)
        }
    }
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Num(Number),
    /// An identifier: a metric or column name.
    Var(String),
    Neg(Box<Expr>),
    /// Brackets as printed (kept for rendering).
    Paren(Box<Expr>),
    /// Absolute value: `|x|`, or a formula said to be taken 取绝对值.
    Abs(Box<Expr>),
    Bin(Op, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Evaluates with interval arithmetic; `var` gives the value of an identifier.
    /// None when a variable is unknown, a divisor may be zero, or the arithmetic overflows.
    pub fn eval(&self, var: &dyn Fn(&str) -> Option<Interval>) -> Option<Interval> {
        match self {
            Expr::Num(n) => n.interval(),
            Expr::Var(v) => var(v),
            Expr::Neg(e) => Some(e.eval(var)?.neg()),
            Expr::Paren(e) => e.eval(var),
            Expr::Abs(e) => Some(e.eval(var)?.abs()),
            Expr::Bin(op, a, b) => {
                let (a, b) = (a.eval(var)?, b.eval(var)?);
                match op {
                    Op::Add => a.add(b),
                    Op::Sub => a.sub(b),
                    Op::Mul => a.mul(b),
                    Op::Div => a.div(b),
                }
            }
        }
    }

    /// The arithmetic with the printed operands, e.g. "4,191.98 / 17,303.71 × 100%";
    /// an identifier prints as `var` says, or as its name.
    pub fn render(&self, var: &dyn Fn(&str) -> Option<String>) -> String {
        let mut s = String::new();
        self.render_into(&mut s, var);
        s
    }

    fn render_into(&self, s: &mut String, var: &dyn Fn(&str) -> Option<String>) {
        match self {
            Expr::Num(n) => s.push_str(&n.printed),
            Expr::Var(v) => s.push_str(&var(v).unwrap_or_else(|| v.clone())),
            Expr::Neg(e) => {
                s.push('-');
                e.render_into(s, var);
            }
            Expr::Paren(e) => {
                s.push('(');
                e.render_into(s, var);
                s.push(')');
            }
            Expr::Abs(e) => {
                s.push('|');
                e.render_into(s, var);
                s.push('|');
            }
            Expr::Bin(op, a, b) => {
                a.render_into(s, var);
                s.push(' ');
                s.push_str(op.symbol());
                s.push(' ');
                b.render_into(s, var);
            }
        }
    }

    /// The identifiers, in order of appearance, each once.
    pub fn vars(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Var(v) = e {
                if !out.contains(&v.as_str()) {
                    out.push(v.as_str());
                }
            }
        });
        out
    }

    /// The printed numbers, in order of appearance.
    pub fn numbers(&self) -> Vec<&Number> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let Expr::Num(n) = e {
                out.push(n);
            }
        });
        out
    }

    /// Whether it applies an arithmetic operator (not just a number, a sign or brackets).
    pub fn has_operator(&self) -> bool {
        let mut any = false;
        self.walk(&mut |e| any |= matches!(e, Expr::Bin(..)));
        any
    }

    /// Whether a product at the top of the expression multiplies by a bare (not percent) 100.
    pub fn times_bare_hundred(&self) -> bool {
        let hundred = |e: &Expr| matches!(e, Expr::Num(n) if !n.percent && n.value == Decimal::ONE_HUNDRED && n.decimals == 0);
        match self {
            Expr::Bin(Op::Mul, a, b) => hundred(a) || hundred(b) || a.times_bare_hundred(),
            Expr::Bin(Op::Div, a, _) => a.times_bare_hundred(),
            Expr::Paren(e) | Expr::Abs(e) | Expr::Neg(e) => e.times_bare_hundred(),
            _ => false,
        }
    }

    /// A single printed number, possibly signed: (negative, number).
    pub fn as_number(&self) -> Option<(bool, &Number)> {
        match self {
            Expr::Num(n) => Some((false, n)),
            Expr::Neg(e) => match e.as_ref() {
                Expr::Num(n) => Some((true, n)),
                _ => None,
            },
            _ => None,
        }
    }

    /// Pre-order walk, left to right.
    fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        f(self);
        match self {
            Expr::Num(_) | Expr::Var(_) => {}
            Expr::Neg(e) | Expr::Paren(e) | Expr::Abs(e) => e.walk(f),
            Expr::Bin(_, a, b) => {
                a.walk(f);
                b.walk(f);
            }
        }
    }

    /// Applies "取绝对值" the way the formulas mean it (|a − b| / b): to the leading
    /// bracketed difference of a product or quotient, else to the whole expression.
    pub fn with_abs(self) -> Expr {
        fn lead(e: &mut Expr) -> bool {
            match e {
                Expr::Bin(Op::Mul | Op::Div, a, _) => lead(a),
                Expr::Paren(inner)
                    if matches!(inner.as_ref(), Expr::Bin(Op::Sub | Op::Add, ..)) =>
                {
                    let inner = std::mem::replace(inner.as_mut(), Expr::Var(String::new()));
                    *e = Expr::Abs(Box::new(inner));
                    true
                }
                _ => false,
            }
        }
        let mut e = self;
        if matches!(e, Expr::Abs(_)) {
            return e;
        }
        if lead(&mut e) {
            e
        } else {
            Expr::Abs(Box::new(e))
        }
    }
}

// ---------------------------------------------------------------------------------------
// Tokens and parser
// ---------------------------------------------------------------------------------------

/// Units that may follow a printed number (longest first); the arithmetic ignores them.
const UNITS: &[&str] = &[
    "万人次",
    "亿元",
    "万元",
    "千元",
    "人次",
    "元",
    "万",
    "亿",
    "分",
    "个",
    "项",
    "次",
    "人",
    "天",
    "条",
    "家",
    "场",
    "件",
    "期",
    "篇",
    "名",
    "户",
    "台",
    "辆",
    "套",
    "座",
    "处",
    "类",
    "本",
    "份",
    "批",
    "所",
    "册",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Number),
    Ident(String),
    Op(Op),
    Open,
    Close,
    Bar,
}

/// CJK ideographs (not punctuation): the letters of an identifier.
pub(crate) fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn ident_start(c: char) -> bool {
    is_ideograph(c) || c.is_ascii_alphabetic() || matches!(c, '_' | '“' | '"' | '‘')
}

fn ident_continue(c: char) -> bool {
    ident_start(c) || c.is_ascii_digit() || matches!(c, '”' | '’' | '·')
}

fn op_of(c: char) -> Option<Op> {
    match c {
        '+' | '＋' => Some(Op::Add),
        '-' | '−' | '－' | '–' => Some(Op::Sub),
        '*' | '×' | '＊' | '✕' => Some(Op::Mul),
        '/' | '÷' | '／' => Some(Op::Div),
        _ => None,
    }
}

/// Reads a printed number at `i` (ASCII digits): "19,368.18", "0.046", "100" and a following
/// `%`; thousands commas only in groups of three. None when malformed or too long.
fn read_number(s: &str, i: usize) -> Option<(usize, String, Decimal, u32, bool)> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() {
        j += 1;
    }
    // Thousands groups: ",ddd" not followed by another digit.
    if j - i <= 3 {
        while j + 4 <= b.len()
            && b[j] == b','
            && b[j + 1..j + 4].iter().all(u8::is_ascii_digit)
            && !b.get(j + 4).is_some_and(u8::is_ascii_digit)
        {
            j += 4;
        }
    }
    let mut decimals = 0;
    if j + 1 < b.len() && b[j] == b'.' && b[j + 1].is_ascii_digit() {
        j += 1;
        let f = j;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        decimals = (j - f) as u32;
    }
    // "1.2.3" is a code, "1,2" a list: not numbers.
    if j < b.len() && (b[j] == b'.' || b[j] == b',') && b.get(j + 1).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    let digits: String = s[i..j].chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.trim_start_matches('0').len() > MAX_DIGITS || digits.len() > 2 * MAX_DIGITS {
        return None;
    }
    let plain = s[i..j].replace(',', "");
    let value = Decimal::from_str_exact(&plain).ok()?;
    let percent = b.get(j) == Some(&b'%');
    let end = if percent { j + 1 } else { j };
    Some((end, s[i..end].to_owned(), value, decimals, percent))
}

/// The unit after a number at `i` (one optional space), unless a word goes on after it.
fn unit_at(s: &str, i: usize) -> Option<(usize, &str)> {
    let p = if s[i..].starts_with(' ') { i + 1 } else { i };
    let u = UNITS.iter().find(|u| s[p..].starts_with(**u))?;
    let e = p + u.len();
    if s[e..].chars().next().is_some_and(ident_continue) {
        return None;
    }
    Some((e, u))
}

fn tokenize(s: &str) -> Option<Vec<(Tok, usize)>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        if out.len() > MAX_TOKENS {
            return None;
        }
        let c = s[i..].chars().next()?;
        if c.is_whitespace() {
            i += c.len_utf8();
        } else if c.is_ascii_digit() {
            let (end, printed, value, decimals, percent) = read_number(s, i)?;
            let mut unit = String::new();
            let mut next = end;
            if !percent {
                if let Some((e, u)) = unit_at(s, end) {
                    unit = u.to_owned();
                    next = e;
                }
            }
            out.push((
                Tok::Num(Number {
                    printed,
                    value,
                    decimals,
                    percent,
                    unit,
                    start: i,
                    end,
                }),
                i,
            ));
            i = next;
        } else if let Some(op) = op_of(c) {
            out.push((Tok::Op(op), i));
            i += c.len_utf8();
        } else if matches!(c, '(' | '（') {
            out.push((Tok::Open, i));
            i += c.len_utf8();
        } else if matches!(c, ')' | '）') {
            out.push((Tok::Close, i));
            i += c.len_utf8();
        } else if matches!(c, '|' | '｜') {
            out.push((Tok::Bar, i));
            i += c.len_utf8();
        } else if ident_start(c) {
            let start = i;
            while let Some(c) = s[i..].chars().next().filter(|c| ident_continue(*c)) {
                i += c.len_utf8();
            }
            out.push((Tok::Ident(s[start..i].to_owned()), start));
        } else {
            return None;
        }
    }
    Some(out)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    /// Open brackets, bars and signs around the current position.
    nesting: u32,
}

type Parsed = Option<(Expr, u32)>;

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn bin(op: Op, a: (Expr, u32), b: (Expr, u32)) -> Parsed {
        let d = a.1.max(b.1) + 1;
        (d <= MAX_DEPTH).then(|| (Expr::Bin(op, Box::new(a.0), Box::new(b.0)), d))
    }

    fn wrap(f: fn(Box<Expr>) -> Expr, a: (Expr, u32)) -> Parsed {
        let d = a.1 + 1;
        (d <= MAX_DEPTH).then(|| (f(Box::new(a.0)), d))
    }

    fn sum(&mut self) -> Parsed {
        let mut acc = self.product()?;
        while let Some(Tok::Op(op @ (Op::Add | Op::Sub))) = self.peek() {
            let op = *op;
            self.pos += 1;
            let rhs = self.product()?;
            acc = Self::bin(op, acc, rhs)?;
        }
        Some(acc)
    }

    fn product(&mut self) -> Parsed {
        let mut acc = self.unary()?;
        while let Some(Tok::Op(op @ (Op::Mul | Op::Div))) = self.peek() {
            let op = *op;
            self.pos += 1;
            let rhs = self.unary()?;
            acc = Self::bin(op, acc, rhs)?;
        }
        Some(acc)
    }

    fn enter(&mut self) -> Option<()> {
        self.nesting += 1;
        (self.nesting <= MAX_DEPTH).then_some(())
    }

    fn unary(&mut self) -> Parsed {
        match self.peek()? {
            Tok::Op(Op::Sub) => {
                self.pos += 1;
                self.enter()?;
                let e = self.unary()?;
                self.nesting -= 1;
                Self::wrap(Expr::Neg, e)
            }
            Tok::Op(Op::Add) => {
                self.pos += 1;
                self.enter()?;
                let e = self.unary();
                self.nesting -= 1;
                e
            }
            _ => self.primary(),
        }
    }

    fn primary(&mut self) -> Parsed {
        let (tok, _) = self.toks.get(self.pos)?.clone();
        self.pos += 1;
        match tok {
            Tok::Num(n) => Some((Expr::Num(n), 1)),
            Tok::Ident(v) => Some((Expr::Var(v), 1)),
            Tok::Open => {
                self.enter()?;
                let e = self.sum()?;
                self.nesting -= 1;
                if self.peek() != Some(&Tok::Close) {
                    return None;
                }
                self.pos += 1;
                Self::wrap(Expr::Paren, e)
            }
            Tok::Bar => {
                self.enter()?;
                let e = self.sum()?;
                self.nesting -= 1;
                if self.peek() != Some(&Tok::Bar) {
                    return None;
                }
                self.pos += 1;
                Self::wrap(Expr::Abs, e)
            }
            _ => None,
        }
    }
}

/// Parses an expression as printed (see the module doc). None for anything else: trailing
/// words, unbalanced brackets, malformed or overlong numbers, nesting deeper than [`MAX_DEPTH`].
pub fn parse_expr(s: &str) -> Option<Expr> {
    let toks = tokenize(s)?;
    if toks.is_empty() {
        return None;
    }
    let mut p = Parser {
        toks,
        pos: 0,
        nesting: 0,
    };
    let (e, _) = p.sum()?;
    (p.pos == p.toks.len()).then_some(e)
}

/// A computed value (percent applied: 0.973) on the scale of a printed result: ×100 when
/// the result is printed as a percentage, so it compares with `interval::agree(97.30, 2, …)`.
pub fn on_printed_scale(computed: Interval, percent: bool) -> Option<Interval> {
    if percent {
        computed.mul(Interval::point(Decimal::ONE_HUNDRED))
    } else {
        Some(computed)
    }
}

// ---------------------------------------------------------------------------------------
// Formulas in the text
// ---------------------------------------------------------------------------------------

/// A printed number of a formula and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Printed {
    /// Logical line index.
    pub line: usize,
    /// Byte range in that line (sign and % included, unit excluded).
    pub start: usize,
    pub end: usize,
    /// Exactly as printed: "0.046%", "-1.44%", "19,368.18".
    pub printed: String,
    /// Signed value as printed (a percentage in percent).
    pub value: Decimal,
    pub decimals: u32,
    pub percent: bool,
    pub unit: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Le,
    Gt,
    Ge,
}

impl CmpOp {
    pub fn holds(self, a: Decimal, b: Decimal) -> bool {
        match self {
            CmpOp::Lt => a < b,
            CmpOp::Le => a <= b,
            CmpOp::Gt => a > b,
            CmpOp::Ge => a >= b,
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            CmpOp::Lt => "<",
            CmpOp::Le => "≤",
            CmpOp::Gt => ">",
            CmpOp::Ge => "≥",
        }
    }
}

/// A comparison printed after the result: "=97.30%≤100%", "=100%大于 90%".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub op: CmpOp,
    /// The comparison as printed: "≤", "大于".
    pub word: String,
    pub bound: Printed,
}

impl Comparison {
    /// Whether the stated result satisfies it (None when their scales differ).
    pub fn holds(&self, result: &Printed) -> Option<bool> {
        (result.percent == self.bound.percent)
            .then(|| self.op.holds(result.value, self.bound.value))
    }
}

/// A formula written out in the text with its stated result.
#[derive(Debug, Clone)]
pub struct Formula {
    /// Logical line of the stated result.
    pub line: usize,
    /// The words naming it just before the chain, e.g. "公用经费控制率" (may be empty).
    pub label: String,
    /// The expression as printed (units included), e.g. "437.84万元/449.98万元×100%".
    pub text: String,
    /// The expression parsed from `text` (its byte ranges are in `text`); when `abs`,
    /// with the absolute value applied.
    pub expr: Expr,
    /// The stated result.
    pub result: Printed,
    /// The numbers of the expression, in order, where they are printed.
    pub operands: Vec<Printed>,
    /// The text says to take the absolute value (取绝对值).
    pub abs: bool,
    /// A comparison printed after the result.
    pub comparison: Option<Comparison>,
    /// The sentence says the result is capped or floored ("满分为止", "封顶", "不得分"):
    /// a stated score below the computed one (or 0 for a negative one) is then the rule, not a slip.
    pub capped: bool,
}

impl Formula {
    /// The value of the expression on the scale of the printed result: ×100 for a percentage,
    /// unless the expression already multiplies by a bare 100 ("3/4×100=75%").
    pub fn computed(&self) -> Option<Interval> {
        let v = self.expr.eval(&|_| None)?;
        on_printed_scale(v, self.result.percent && !self.expr.times_bare_hundred())
    }

    /// The arithmetic with the printed operands, e.g. "437.84 / 449.98 × 100%".
    pub fn render(&self) -> String {
        self.expr.render(&|_| None)
    }
}

/// Sentence ends, for where "取绝对值" applies.
const SENTENCE_END: &[char] = &['。', '；', ';', '！', '!', '？', '?'];
/// Words that say the absolute value is meant.
const ABS_WORDS: &[&str] = &["绝对值"];
/// Words that say a computed score is capped at full marks or floored at zero.
const CAP_WORDS: &[&str] = &[
    "为止",
    "封顶",
    "上限",
    "最高得",
    "最多得",
    "满分计",
    "计满分",
    "按满分",
    "不得分",
    "计0分",
    "得0分",
];

static COMPARISON: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(<=|>=|≤|≥|≦|≧|<|>|不低于|不少于|不小于|不高于|不超过|未超过|不大于|大于等于|小于等于|大于|小于|高于|低于|超过|不足)\s*(\d+(?:\.\d+)?%?)",
    )
    .unwrap()
});

fn cmp_of(w: &str) -> Option<CmpOp> {
    Some(match w {
        "<" | "小于" | "低于" | "不足" => CmpOp::Lt,
        "<=" | "≤" | "≦" | "不高于" | "不超过" | "未超过" | "不大于" | "小于等于" => {
            CmpOp::Le
        }
        ">" | "大于" | "高于" | "超过" => CmpOp::Gt,
        ">=" | "≥" | "≧" | "不低于" | "不少于" | "不小于" | "大于等于" => {
            CmpOp::Ge
        }
        _ => return None,
    })
}

/// A line of text, possibly with the tail of the line before it where a formula wrapped.
struct Source {
    text: String,
    /// (start in `text`, logical line, start in that line).
    parts: Vec<(usize, usize, usize)>,
    /// Where the current line starts in `text` (results before it belong to the line before).
    own: usize,
}

impl Source {
    fn map(&self, pos: usize) -> (usize, usize) {
        let &(s, line, off) = self
            .parts
            .iter()
            .rev()
            .find(|(s, ..)| *s <= pos)
            .unwrap_or(&self.parts[0]);
        (line, off + pos - s)
    }

    /// Where a range ending at `pos` (exclusive, after its start) ends in its own line.
    fn map_end(&self, pos: usize) -> usize {
        let (_, off) = self.map(pos.saturating_sub(1));
        off + usize::from(pos > 0)
    }

    fn before(&self, pos: usize) -> Option<char> {
        self.text[..pos].trim_end().chars().next_back()
    }
}

fn is_operator_char(c: char) -> bool {
    op_of(c).is_some()
}

/// Maximal runs of arithmetic in a line: numbers (with units), operators, brackets, `=`.
fn runs(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut last_digit = false;
    let mut i = 0;
    while i < s.len() {
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let w = c.len_utf8();
        let next_digit = b.get(i + 1).is_some_and(u8::is_ascii_digit);
        let ok_char = c.is_ascii_digit()
            || (c == '.' && last_digit && next_digit)
            || (c == ','
                && last_digit
                && b.len() >= i + 4
                && b[i + 1..i + 4].iter().all(u8::is_ascii_digit))
            || matches!(c, '%' | '(' | ')' | '（' | '）' | '=')
            || is_operator_char(c)
            || (c == ' ' && start.is_some());
        if ok_char {
            start.get_or_insert(i);
            if c != ' ' {
                last_digit = c.is_ascii_digit();
            }
            i += w;
            continue;
        }
        if last_digit && start.is_some() {
            if let Some(u) = UNITS.iter().find(|u| s[i..].starts_with(**u)) {
                i += u.len();
                last_digit = false;
                continue;
            }
        }
        if let Some(st) = start.take() {
            out.push((st, s[..i].trim_end().len()));
        }
        last_digit = false;
        i += w;
    }
    if let Some(st) = start {
        out.push((st, s.trim_end().len()));
    }
    out.retain(|(a, b)| a < b);
    out
}

/// Tells, for ascending positions, whether each is inside an open quotation, title or
/// document number (the last opening mark before it is not yet closed).
struct Quotes<'a> {
    s: &'a str,
    pos: usize,
    open: [bool; 4],
}

const QUOTES: [(char, char); 4] = [('“', '”'), ('《', '》'), ('〔', '〕'), ('[', ']')];

impl<'a> Quotes<'a> {
    fn new(s: &'a str) -> Self {
        Quotes {
            s,
            pos: 0,
            open: [false; 4],
        }
    }

    /// `i` must not be below the previous call's.
    fn at(&mut self, i: usize) -> bool {
        for c in self.s[self.pos..i].chars() {
            for (k, (o, e)) in QUOTES.iter().enumerate() {
                if c == *o {
                    self.open[k] = true;
                } else if c == *e {
                    self.open[k] = false;
                }
            }
        }
        self.pos = self.pos.max(i);
        self.open.iter().any(|o| *o)
    }
}

/// Drops the brackets a side shares with the words around the chain: a trailing opening
/// bracket ("=97.30%（见表1）"), and, when unmatched, a leading opening bracket of the first side
/// or a trailing closing bracket of the last ("（437.84/449.98×100%=97.30%）").
fn balance(s: &str, (mut a, mut b): (usize, usize), first: bool, last: bool) -> (usize, usize) {
    let is_open = |c: char| matches!(c, '(' | '（');
    let is_close = |c: char| matches!(c, ')' | '）');
    while let Some(c) = s[a..b].chars().next_back().filter(|c| is_open(*c)) {
        b = a + s[a..b - c.len_utf8()].trim_end().len();
    }
    let depth: i64 = s[a..b]
        .chars()
        .map(|c| i64::from(is_open(c)) - i64::from(is_close(c)))
        .sum();
    if first && depth > 0 {
        for _ in 0..depth {
            match s[a..b].chars().next().filter(|c| is_open(*c)) {
                Some(c) => a = b - s[a + c.len_utf8()..b].trim_start().len(),
                None => break,
            }
        }
    }
    if last && depth < 0 {
        for _ in 0..-depth {
            match s[a..b].chars().next_back().filter(|c| is_close(*c)) {
                Some(c) => b = a + s[a..b - c.len_utf8()].trim_end().len(),
                None => break,
            }
        }
    }
    (a, b.max(a))
}

/// A range printed like a subtraction ("90-94%", "95--99%"): a bare number minus a percentage.
fn looks_like_range(text: &str, e: &Expr) -> bool {
    if text.contains("--") {
        return true;
    }
    let mut range = false;
    e.walk(&mut |x| {
        if let Expr::Bin(Op::Sub, a, b) = x {
            if let (Some((_, a)), Some((_, b))) = (a.as_number(), b.as_number()) {
                range |= !a.percent && b.percent;
            }
        }
    });
    range
}

/// Whether amounts in different money units (元, 万元, 亿元) meet: the printed arithmetic
/// would need the units' scales, which a formula in the text rarely means to mix.
fn mixed_scales<'a>(numbers: impl Iterator<Item = &'a Number>) -> bool {
    let scale = |u: &str| match u.chars().next() {
        Some('亿') => Some(8),
        Some('万') if u.ends_with('元') || u == "万" => Some(4),
        Some('千') => Some(3),
        Some('元') => Some(0),
        _ => None,
    };
    let mut seen = None;
    for n in numbers {
        if let Some(k) = scale(&n.unit) {
            if seen.is_some_and(|s| s != k) {
                return true;
            }
            seen = Some(k);
        }
    }
    false
}

/// A bare "a-b" with a < b ("90-94%=3分"): a range, unless its result is negative.
fn backwards_difference(e: &Expr) -> bool {
    match e {
        Expr::Bin(Op::Sub, a, b) => match (a.as_number(), b.as_number()) {
            (Some((false, a)), Some((false, b))) => a.value < b.value,
            _ => false,
        },
        _ => false,
    }
}

/// The words naming a formula: the clause printed just before `pos`.
fn label_before(s: &str, pos: usize) -> String {
    let seg = &s[back(s, pos, WINDOW)..pos];
    let from = seg
        .char_indices()
        .rev()
        .find(|(_, c)| {
            SENTENCE_END.contains(c)
                || matches!(
                    c,
                    '，' | ',' | '：' | ':' | '、' | '=' | '（' | '）' | '(' | ')'
                )
        })
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let l = seg[from..].trim();
    let l = l.strip_prefix("即").unwrap_or(l).trim();
    let chars: Vec<char> = l.chars().collect();
    chars[chars.len().saturating_sub(16)..].iter().collect()
}

/// Where the sentence before the one holding `pos` starts.
fn previous_sentence(s: &str, pos: usize) -> usize {
    let floor = back(s, pos, 2 * WINDOW);
    let sent_start = |p: usize| {
        s[floor..p]
            .rfind(SENTENCE_END)
            .map(|i| floor + i + s[floor + i..].chars().next().map_or(1, char::len_utf8))
    };
    match sent_start(pos) {
        Some(p) if p > 0 => {
            sent_start(p - s[..p].chars().next_back().map_or(1, char::len_utf8)).unwrap_or(0)
        }
        _ => floor,
    }
}

/// How far around a formula its words are looked for, in bytes: keeps long lines linear.
const WINDOW: usize = 240;

/// The char boundary at most `max` bytes before `pos`.
fn back(s: &str, pos: usize, max: usize) -> usize {
    let mut i = pos.saturating_sub(max);
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The char boundary at most `max` bytes after `pos`.
fn ahead(s: &str, pos: usize, max: usize) -> usize {
    let mut i = (pos + max).min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Whether "取绝对值" is said in the sentence around `[start, end)` or the one before it.
fn abs_said(s: &str, start: usize, end: usize) -> bool {
    let from = previous_sentence(s, start);
    let limit = ahead(s, end, 2 * WINDOW);
    let to = s[end..limit].find(SENTENCE_END).map_or(limit, |i| end + i);
    ABS_WORDS.iter().any(|w| s[from..to].contains(w))
}

/// The name of a formula: the words before its chain, else the words defining the formula
/// in this sentence or the one before ("本指标得分=（…）×2，即（99.54%-90%）…").
fn name_of(s: &str, run_start: usize) -> String {
    // A name is words: no digits, no arithmetic ("实际到位资金/计划投入资金" is a formula).
    let is_name = |l: &String| {
        !l.is_empty() && !l.contains(|c: char| c.is_ascii_digit() || is_operator_char(c))
    };
    let l = label_before(s, run_start);
    if is_name(&l) {
        return l;
    }
    let from = previous_sentence(s, run_start);
    s[from..run_start]
        .rmatch_indices('=')
        .map(|(i, _)| label_before(s, from + i))
        .find(is_name)
        .unwrap_or_default()
}

/// Finds the formulas printed with their results (see the module doc).
pub fn find_formulas(text: &Text, _rules: &Rules) -> Vec<Formula> {
    let mut out = Vec::new();
    for (i, line) in text.lines.iter().enumerate() {
        let after_eq = i > 0 && text.lines[i - 1].text.trim_end().ends_with('=');
        if !line.text.contains('=') && !after_eq {
            continue;
        }
        let src = source(text, i);
        formulas_in(&src, &mut out);
    }
    out
}

/// The line, joined to the tail of the line before when the formula wrapped there
/// ("即： 5650.66 万元" / "/5790.95×100%×2=1.95。").
fn source(text: &Text, i: usize) -> Source {
    let cur = &text.lines[i].text;
    let single = Source {
        text: cur.clone(),
        parts: vec![(0, i, 0)],
        own: 0,
    };
    let Some(prev) = i.checked_sub(1).map(|p| text.lines[p].text.trim_end()) else {
        return single;
    };
    let first = cur.trim_start().chars().next();
    let last = prev.chars().next_back();
    let (Some(first), Some(last)) = (first, last) else {
        return single;
    };
    // A wrapped formula: one line ends with, or the next begins with, an operator or "=".
    let joins_start = (is_operator_char(first) && first != '-') || first == '=';
    let joins_end = is_operator_char(last) || last == '=';
    let prev_arith = last.is_ascii_digit()
        || matches!(last, '%' | ')' | '）')
        || UNITS.iter().any(|u| prev.ends_with(u));
    let cur_arith = first.is_ascii_digit() || matches!(first, '(' | '（');
    if !((joins_start && (prev_arith || joins_end)) || (joins_end && cur_arith)) {
        return single;
    }
    let joined = format!("{prev}{cur}");
    Source {
        own: prev.len(),
        parts: vec![(0, i - 1, 0), (prev.len(), i, 0)],
        text: joined,
    }
}

/// A note in brackets inside a chain ("×100%（取绝对值）=0.455%").
static NOTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(][^（）()=0-9%+\-*/×÷。，,；;：:]{1,24}[）)]").unwrap());

/// The line with the bracketed notes inside a chain blanked out (byte for byte, so
/// offsets hold): a note follows a number or bracket and is followed by `=` or an operator.
fn mask_notes(s: &str) -> String {
    let mut out = s.to_owned();
    for m in NOTE.find_iter(s) {
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].trim_start().chars().next();
        if before.is_some_and(|c| c.is_ascii_digit() || matches!(c, '%' | ')' | '）'))
            && after.is_some_and(|c| c == '=' || is_operator_char(c))
        {
            out.replace_range(m.range(), &" ".repeat(m.len()));
        }
    }
    out
}

fn formulas_in(src: &Source, out: &mut Vec<Formula>) {
    let masked = mask_notes(&src.text);
    let s = masked.as_str();
    let mut quotes = Quotes::new(s);
    for (rs, re) in runs(s) {
        let run = &s[rs..re];
        if quotes.at(rs) || !run.contains('=') || re <= src.own {
            continue;
        }
        // Sides of the chain, with their byte ranges in `s` (trimmed).
        let mut sides: Vec<(usize, usize)> = Vec::new();
        let mut p = rs;
        for piece in run.split('=') {
            let lead = piece.len() - piece.trim_start().len();
            let a = p + lead;
            sides.push((a, (p + piece.trim_end().len()).max(a)));
            p += piece.len() + 1;
        }
        let n = sides.len();
        for (k, side) in sides.iter_mut().enumerate() {
            *side = balance(s, *side, k == 0, k + 1 == n);
        }
        // A first side that starts with an operator or a closing bracket right after words
        // continues a formula in words ("执行率-90%"): not arithmetic.
        let words_before = src
            .before(rs)
            .is_some_and(|c| ident_continue(c) || c == '”');
        let first_is_words = run.starts_with(|c: char| {
            (is_operator_char(c) && words_before) || matches!(c, ')' | '）')
        }) || (rs == 0 && run.starts_with(is_operator_char));
        if src
            .before(rs)
            .is_some_and(|c| c.is_ascii_alphabetic() || matches!(c, '.' | '_'))
        {
            continue;
        }
        let parsed: Vec<Option<Expr>> = sides
            .iter()
            .enumerate()
            .map(|(k, &(a, b))| {
                if a >= b || (k == 0 && first_is_words) {
                    return None;
                }
                let e = parse_expr(&s[a..b])?;
                (e.vars().is_empty() && !looks_like_range(&s[a..b], &e)).then_some(e)
            })
            .collect();
        let mut expr_side: Option<usize> = None;
        for k in 0..sides.len() {
            let Some(e) = &parsed[k] else {
                expr_side = None;
                continue;
            };
            if e.has_operator() {
                expr_side = Some(k);
                continue;
            }
            let Some(x) = expr_side else { continue };
            let Some((neg, n)) = e.as_number() else {
                continue;
            };
            let (ra, rb) = sides[k];
            if ra < src.own {
                continue;
            }
            if let Some(xe) = parsed[x]
                .clone()
                .filter(|xe| neg || !backwards_difference(xe))
                .filter(|xe| !mixed_scales(xe.numbers().into_iter().chain([n])))
            {
                out.push(build(
                    src,
                    rs,
                    sides[x],
                    xe,
                    (ra, rb),
                    neg,
                    n,
                    k + 1 == sides.len(),
                ));
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build(
    src: &Source,
    run_start: usize,
    (xa, xb): (usize, usize),
    expr: Expr,
    (ra, rb): (usize, usize),
    neg: bool,
    n: &Number,
    last: bool,
) -> Formula {
    let s = src.text.as_str();
    let printed_at = |base: usize, n: &Number, neg: bool| {
        // The sign, when there is one, is printed just before the number.
        let start = base + n.start;
        let sign_at = if neg {
            s[..start].trim_end().char_indices().next_back()
        } else {
            None
        };
        // Printed exactly as it stands ("-1.44%", "- 1.44%"), unless the sign ends the line before.
        let st = sign_at
            .filter(|&(p, c)| op_of(c) == Some(Op::Sub) && src.map(p).0 == src.map(start).0)
            .map_or(start, |(p, _)| p);
        let (line, off) = src.map(st);
        let end = src.map_end(base + n.end);
        let printed = s[st..base + n.end].to_owned();
        Printed {
            line,
            start: off,
            end,
            printed,
            value: if neg { -n.value } else { n.value },
            decimals: n.decimals,
            percent: n.percent,
            unit: n.unit.clone(),
        }
    };
    let result = printed_at(ra, n, neg);
    let operands = expr
        .numbers()
        .into_iter()
        .map(|m| printed_at(xa, m, false))
        .collect();
    let abs = abs_said(s, xa, rb);
    let capped = {
        let from = s[back(s, xa, WINDOW)..xa]
            .rfind(SENTENCE_END)
            .map_or(back(s, xa, WINDOW), |i| back(s, xa, WINDOW) + i);
        let limit = ahead(s, rb, WINDOW);
        let to = s[rb..limit].find(SENTENCE_END).map_or(limit, |i| rb + i);
        CAP_WORDS.iter().any(|w| s[from..to].contains(w))
    };
    let expr = if abs { expr.with_abs() } else { expr };
    let comparison = if last { comparison_at(src, rb) } else { None };
    Formula {
        line: result.line,
        label: name_of(s, run_start),
        text: s[xa..xb].to_owned(),
        expr,
        result,
        operands,
        abs,
        comparison,
        capped,
    }
}

/// A comparison printed right after a result ending at `at`.
fn comparison_at(src: &Source, at: usize) -> Option<Comparison> {
    let s = src.text.as_str();
    let c = COMPARISON.captures(&s[at..ahead(s, at, 64)])?;
    let word = c.get(1)?;
    let num = c.get(2)?;
    let op = cmp_of(word.as_str())?;
    let (end, printed, value, decimals, percent) = read_number(s, at + num.start())?;
    let (line, start) = src.map(at + num.start());
    let end = src.map_end(end);
    Some(Comparison {
        op,
        word: word.as_str().to_owned(),
        bound: Printed {
            line,
            start,
            end,
            printed,
            value,
            decimals,
            percent,
            unit: String::new(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::RawDocument;
    use crate::interval::{agree, Agreement};
    use crate::normalize::normalize;

    fn d(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    fn val(s: &str) -> Option<Interval> {
        parse_expr(s)?.eval(&|_| None)
    }

    fn find(text: &str) -> Vec<Formula> {
        find_formulas(&normalize(&RawDocument::from_text(text)), &Rules::builtin())
    }

    fn agreement(f: &Formula) -> Agreement {
        agree(f.result.value, f.result.decimals, f.computed().unwrap())
    }

    #[test]
    fn numbers_as_printed() {
        assert_eq!(
            val("19,368.18"),
            Some(Interval::printed(d("19368.18"), 2, Rounding::Round))
        );
        assert_eq!(val("100%"), Some(Interval::point(Decimal::ONE)));
        assert_eq!(val("8"), Some(Interval::point(d("8"))));
        assert_eq!(
            val("437.84万元"),
            Some(Interval::printed(d("437.84"), 2, Rounding::Round))
        );
        assert_eq!(val("2 分"), Some(Interval::point(d("2"))));
        // A percentage with decimals is its rounding interval, scaled.
        let v = val("99.54%").unwrap();
        assert_eq!((v.lo, v.hi), (d("0.99535"), d("0.99545")));
        let e = parse_expr("19,368.18").unwrap();
        let (neg, n) = e.as_number().unwrap();
        assert!(!neg);
        assert_eq!(
            (n.printed.as_str(), n.decimals, n.start, n.end),
            ("19,368.18", 2, 0, 9)
        );
    }

    #[test]
    fn operators_precedence_and_brackets() {
        assert_eq!(val("1+2×3"), Some(Interval::point(d("7"))));
        assert_eq!(val("（1+2）×3"), Some(Interval::point(d("9"))));
        assert_eq!(val("(1+2)*3"), Some(Interval::point(d("9"))));
        assert_eq!(val("8÷4/2"), Some(Interval::point(d("1"))));
        assert_eq!(val("10-4-3"), Some(Interval::point(d("3"))));
        assert_eq!(val("10 − 4"), Some(Interval::point(d("6"))));
        assert_eq!(val("-3+5"), Some(Interval::point(d("2"))));
        assert_eq!(val("2×-3"), Some(Interval::point(d("-6"))));
        assert_eq!(val("|3-5|"), Some(Interval::point(d("2"))));
        // "a-b" is a subtraction, not two numbers.
        let e = parse_expr("19,368.18-19,456.78").unwrap();
        assert!(matches!(e, Expr::Bin(Op::Sub, ..)));
        assert_eq!(e.numbers().len(), 2);
    }

    #[test]
    fn corpus_arithmetic() {
        let v = val("（99.54%-90%）/（100%-90%）×2").unwrap();
        assert_eq!(agree(d("1.908"), 3, v), Agreement::Rounded);
        let v = on_printed_scale(val("437.84万元/449.98万元×100%").unwrap(), true).unwrap();
        assert_eq!(agree(d("97.30"), 2, v), Agreement::Rounded);
        assert_eq!(agree(d("97.35"), 2, v), Agreement::Differs);
        let v = on_printed_scale(val("3.87/（0+19368.18）×100%").unwrap(), true).unwrap();
        assert_eq!(agree(d("0.019"), 3, v), Agreement::Truncated);
    }

    #[test]
    fn identifiers_for_rules() {
        let e = parse_expr("调整金额 / 年初预算数 × 100%").unwrap();
        assert_eq!(e.vars(), ["调整金额", "年初预算数"]);
        let var = |v: &str| match v {
            "调整金额" => Some(Interval::printed(d("3000.00"), 2, Rounding::Round)),
            "年初预算数" => Some(Interval::printed(d("12000.00"), 2, Rounding::Round)),
            _ => None,
        };
        let v = on_printed_scale(e.eval(&var).unwrap(), true).unwrap();
        assert_eq!(agree(d("25.00"), 2, v), Agreement::Rounded);
        assert_eq!(agree(d("20.00"), 2, v), Agreement::Differs);
        let shown = |v: &str| match v {
            "调整金额" => Some("3,000.00".to_owned()),
            "年初预算数" => Some("12,000.00".to_owned()),
            _ => None,
        };
        assert_eq!(e.render(&shown), "3,000.00 / 12,000.00 × 100%");
        assert_eq!(e.render(&|_| None), "调整金额 / 年初预算数 × 100%");
        // An unknown variable makes the value unknown.
        assert!(e.eval(&|_| None).is_none());
        let e = parse_expr("年初预算数 + 调整金额 + 调整金额").unwrap();
        assert_eq!(e.vars(), ["年初预算数", "调整金额"]);
        assert_eq!(
            parse_expr("“三公经费”实际支出 / 预算安排数")
                .unwrap()
                .vars(),
            ["“三公经费”实际支出", "预算安排数"]
        );
        assert_eq!(
            parse_expr("决算数/调整后预算×100%").unwrap().vars(),
            ["决算数", "调整后预算"]
        );
    }

    #[test]
    fn render_round_trips() {
        for s in [
            "（ 19,368.18-19,456.78）/19,456.78*100%",
            "-2×(3+4.5)÷|1-7%|",
            "a+b×(c-d)",
        ] {
            let e = parse_expr(s).unwrap();
            let r = e.render(&|_| None);
            let again = parse_expr(&r).unwrap();
            assert_eq!(again.render(&|_| None), r);
            assert_eq!(
                again.eval(&|_| Some(Interval::point(Decimal::ONE))),
                e.eval(&|_| Some(Interval::point(Decimal::ONE)))
            );
        }
    }

    #[test]
    fn division_by_possible_zero() {
        assert!(val("1/0").is_none());
        assert!(val("1/(2-2)").is_none());
        assert!(val("1/0.00").is_none());
        assert!(val("1/0.01").is_some());
    }

    #[test]
    fn garbage_is_none() {
        for s in [
            "",
            " ",
            "1+",
            "+",
            "()",
            "(1",
            "1)",
            "1 2",
            "1..2",
            "1.2.3",
            "1,2",
            "1,23",
            "12345,678",
            "1%%",
            "2分值",
            "abc(",
            "1=2",
            "×3",
            "3×",
            "|1",
            "1|",
            "，",
            "1+（2",
            "%",
            "1 + 好 2",
            "1—2",
            "5..",
            "1,000,00",
        ] {
            assert!(parse_expr(s).is_none(), "{s:?} parsed");
        }
        assert!(parse_expr("1,000,000").is_some());
    }

    #[test]
    fn deep_nesting_is_none_not_a_crash() {
        let ok = format!("{}1{}", "(".repeat(40), ")".repeat(40));
        assert_eq!(val(&ok), Some(Interval::point(Decimal::ONE)));
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(parse_expr(&deep).is_none());
        assert!(parse_expr(&"-".repeat(100_000)).is_none());
        assert!(parse_expr(&format!("{}1", "-".repeat(200))).is_none());
        let long_chain = vec!["1"; 10_000].join("+");
        assert!(parse_expr(&long_chain).is_none());
        let chain = vec!["1"; 40].join("+");
        assert_eq!(val(&chain), Some(Interval::point(d("40"))));
    }

    #[test]
    fn huge_numbers_are_none_not_a_crash() {
        let big = "9".repeat(300);
        assert!(parse_expr(&big).is_none());
        assert!(parse_expr(&format!("0.{}1", "0".repeat(300))).is_none());
        // Within range but overflowing when multiplied.
        let near = "9".repeat(28);
        assert!(parse_expr(&near).is_some());
        assert!(val(&format!("{near}×{near}")).is_none());
        assert!(val(&[near.as_str(); 9].join("+")).is_none());
        assert!(val(&format!("{near}/0.0000000000000000000000001")).is_none());
    }

    #[test]
    fn pseudo_random_input_never_panics() {
        let alphabet = [
            "1",
            "9",
            "0",
            ".",
            ",",
            "%",
            "+",
            "-",
            "×",
            "÷",
            "/",
            "*",
            "(",
            ")",
            "（",
            "）",
            "=",
            " ",
            "。",
            "即",
            "率",
            "万元",
            "≤",
            "大于",
            "“",
            "”",
            "|",
            "取绝对值",
            "，",
            "分",
            "--",
            "－",
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut lines = Vec::new();
        for _ in 0..3000 {
            let mut s = String::new();
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let n = (x % 40) as usize;
            for _ in 0..n {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                s.push_str(alphabet[(x % alphabet.len() as u64) as usize]);
            }
            if let Some(e) = parse_expr(&s) {
                let _ = e.eval(&|_| None);
                let _ = e.render(&|_| None);
            }
            lines.push(s);
        }
        let fs = find(&lines.join("\n"));
        for f in &fs {
            let _ = f.computed();
            let _ = f.render();
        }
    }

    #[test]
    fn finds_the_corpus_formulas() {
        let f = find("按照既定的指标体系和评分标准，本指标得分=（预算支出执行率-90%）/(100%-90%)×2，即（99.54%-90%）/（100%-90%）×2=1.908\n");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].text, "（99.54%-90%）/（100%-90%）×2");
        assert_eq!(f[0].result.printed, "1.908");
        assert_eq!(f[0].label, "本指标得分");
        assert_eq!(agreement(&f[0]), Agreement::Rounded);

        let line =
            "实际支出 437.84万元。公用经费控制率=437.84万元/449.98万元×100%=97.30%≤100%，得满分。";
        let f = find(line);
        assert_eq!(f.len(), 1);
        let r = &f[0].result;
        assert_eq!(
            (r.printed.as_str(), r.decimals, r.percent),
            ("97.30%", 2, true)
        );
        assert_eq!(&line[r.start..r.end], "97.30%");
        assert_eq!(f[0].label, "公用经费控制率");
        assert_eq!(
            f[0].operands
                .iter()
                .map(|o| o.printed.as_str())
                .collect::<Vec<_>>(),
            ["437.84", "449.98", "100%"]
        );
        assert!(f[0]
            .operands
            .iter()
            .all(|o| line[o.start..o.end] == o.printed));
        let c = f[0].comparison.as_ref().unwrap();
        assert_eq!(
            (c.op, c.bound.printed.as_str(), c.holds(r)),
            (CmpOp::Le, "100%", Some(true))
        );
        assert_eq!(agreement(&f[0]), Agreement::Rounded);

        let f = find("我办固定资产利用率=11520.17 万元/11520.17万元=100%大于 90%，得满分。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].comparison.as_ref().map(|c| c.op), Some(CmpOp::Gt));
        assert_eq!(agreement(&f[0]), Agreement::Rounded);

        let f = find("我办绩效目标完成率=8/8×100% =100% ，本指标得分满分。");
        assert_eq!(f.len(), 1);
        assert_eq!(agreement(&f[0]), Agreement::Rounded);
    }

    #[test]
    fn absolute_value_from_the_sentence_before() {
        let line = "差异率=（收入决算数-收入调整预算数）/收入调整预算数 *100%（取绝对值）。即（ 19,368.18-19,456.78）/19,456.78*100%=0.046%, 按照既定的指标体系和评分标准,扣 0.046分，得 1.954分。";
        let f = find(line);
        assert_eq!(f.len(), 1, "{f:?}");
        let f = &f[0];
        assert!(f.abs);
        assert_eq!(f.result.printed, "0.046%");
        assert_eq!(&line[f.result.start..f.result.end], "0.046%");
        assert_eq!(f.render(), "|19,368.18 - 19,456.78| / 19,456.78 × 100%");
        assert_eq!(
            crate::interval::show(f.computed().unwrap().mid(), 3),
            "0.455"
        );
        assert_eq!(agreement(f), Agreement::Differs);
        // Without the words, the same arithmetic is negative.
        let f = find("即（ 19,368.18-19,456.78）/19,456.78*100%=0.046%。");
        assert!(!f[0].abs);
        assert!(f[0].computed().unwrap().hi < Decimal::ZERO);
        // Said two sentences before: not this formula's.
        let f = find("差异率取绝对值。另计。即（ 19,368.18-19,456.78）/19,456.78*100%=0.46%。");
        assert!(!f[0].abs);
    }

    #[test]
    fn truncated_result() {
        let f = find("即：结余结转率=3.87/（0+19368.18）×100% =0.019%≤10%，得满分。");
        assert_eq!(f.len(), 1);
        assert_eq!(agreement(&f[0]), Agreement::Truncated);
        assert_eq!(f[0].comparison.as_ref().unwrap().bound.printed, "10%");
    }

    /// Logical lines as normalisation leaves them when they are apart (one per printed line).
    fn lines(text: &str) -> Text {
        let lines = text
            .lines()
            .enumerate()
            .map(|(i, l)| crate::normalize::Line {
                text: l.to_owned(),
                spans: vec![(
                    0,
                    crate::normalize::Loc {
                        page: 1,
                        line: i as u32 + 1,
                    },
                )],
            })
            .collect();
        Text {
            lines,
            printed: vec![text.lines().map(str::to_owned).collect()],
            page_count: 1,
        }
    }

    #[test]
    fn formula_wrapped_over_two_lines() {
        let t = lines("按照既定的评价体系和评分标准，本指标得分=（实际采购金额合计数/采购计划金额合计数） ×100%× 分值，即： 5650.66 万元\n/5790.95×100%×2=1.95。\n");
        let f = find_formulas(&t, &Rules::builtin());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].line, 1);
        assert_eq!(f[0].result.printed, "1.95");
        assert_eq!(agreement(&f[0]), Agreement::Rounded);
        let first = &f[0].operands[0];
        assert_eq!(
            (first.line, &t.lines[0].text[first.start..first.end]),
            (0, "5650.66")
        );
        assert_eq!(f[0].operands[1].line, 1);
        // A number that ends its line ends there, not at the start of the next.
        let t = lines("即：结余结转率=3.87\n/19368.18×100%=0.020%。");
        let f = find_formulas(&t, &Rules::builtin());
        assert_eq!(f.len(), 1, "{f:?}");
        let first = &f[0].operands[0];
        assert_eq!(
            (first.line, &t.lines[0].text[first.start..first.end]),
            (0, "3.87")
        );
        // Wrapped before the result.
        let t = lines("即：结余结转率=3.87/（0+19368.18）×100%\n=0.020%≤10%，得满分。");
        let f = find_formulas(&t, &Rules::builtin());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].line, f[0].result.start), (1, 1));
        assert_eq!(f[0].comparison.as_ref().map(|c| c.bound.line), Some(1));
        let t = lines("即：结余结转率=3.87/（0+19368.18）×100%=\n0.020%≤10%，得满分。");
        assert_eq!(find_formulas(&t, &Rules::builtin()).len(), 1);
        // Lines that do not continue each other are not joined.
        let t = lines("合计 5650.66\n另行计算，2×3=6。");
        let f = find_formulas(&t, &Rules::builtin());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].operands[0].line, 1);
    }

    #[test]
    fn not_formulas() {
        for s in [
            "7*24 小时全天候值守。",
            "无故障率 95--99%得 4分，90-94%得 3分。",
            "形成“1+1+9”工作格局。",
            "2021-12-31 前完成。",
            "（134.91%+104.9%+101.06%+99.54%）/4×2。得满分。",
            "本指标得分=绩效目标完成率×该指标分值。",
            "执行率-90%=9.54%。",
            "得分=95-99%=4分。",
            "“1+1=2”活动。",
            "代码 A1+2=3。",
            "比值为 100%=100%。",
        ] {
            assert!(find(s).is_empty(), "{s:?}: {:?}", find(s));
        }
    }

    #[test]
    fn named_by_the_words_formula() {
        let f = find("资金到位率=实际到位资金/计划投入资金×100%=2,980.00/2,980.00×100%=100%。");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].label, "资金到位率");
        assert_eq!(f[0].text, "2,980.00/2,980.00×100%");
    }

    #[test]
    fn brackets_shared_with_the_words() {
        let f = find("公用经费控制率（437.84万元/449.98万元×100%=97.30%）符合要求。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].text, "437.84万元/449.98万元×100%");
        assert_eq!(f[0].result.printed, "97.30%");
        let f = find("控制率=437.84/449.98×100%=97.30%（见附表）。");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(agreement(&f[0]), Agreement::Rounded);
    }

    #[test]
    fn ranges_are_not_subtractions() {
        assert!(find("完成率 90-94%=3分。").is_empty());
        assert!(find("得分 90-94=3分。").is_empty());
        // A backwards difference with a negative result is arithmetic.
        let f = find("差额=3,557.06-3,609.17=-52.11万元。");
        assert_eq!(f.len(), 1);
        assert_eq!(agreement(&f[0]), Agreement::Rounded);
    }

    #[test]
    fn long_lines_stay_linear() {
        let unit = "即（99.54%-90%）/（100%-90%）×2=1.908，“1+1=2”，";
        let line = unit.repeat(3_000);
        let t = std::time::Instant::now();
        let f = find(&line);
        assert_eq!(f.len(), 3_000);
        assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
        let line = format!("{}=1", "1+".repeat(100_000));
        assert!(find(&line).is_empty());
    }

    #[test]
    fn percent_by_a_bare_hundred() {
        let f = find("控制率=437.84/449.98×100=97.30%。");
        assert_eq!(agreement(&f[0]), Agreement::Rounded);
        let f = find("控制率=437.84/449.98×100=97.50%。");
        assert_eq!(agreement(&f[0]), Agreement::Differs);
    }

    #[test]
    fn mixed_money_units_are_left_alone() {
        assert!(find("合计=1.2亿元+3,000万元=1.5亿元。").is_empty());
        assert_eq!(find("合计=1.2亿元+0.3亿元=1.5亿元。").len(), 1);
        assert_eq!(find("合计=1.2万元+3万元=4.2万元，计 2 个。").len(), 1);
    }

    #[test]
    fn capped_scores() {
        let f = find("得分=134.91%×2=2.70，得满分。");
        assert!(!f[0].capped);
        let f = find("得分=134.91%×2=2（满分为止）。");
        assert!(f[0].capped);
        let f = find("控制率=（未超过上限）。得分=134.91%×2=2。");
        assert!(!f[0].capped, "a cap word of another sentence");
    }

    #[test]
    fn notes_inside_the_chain() {
        let line = "即（19,368.18-19,456.78）/19,456.78×100%（取绝对值）=0.455%。";
        let f = find(line);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].abs);
        assert_eq!(agreement(&f[0]), Agreement::Rounded);
        assert_eq!(&line[f[0].result.start..f[0].result.end], "0.455%");
        assert_eq!(f[0].render(), "|19,368.18 - 19,456.78| / 19,456.78 × 100%");
        // A bracketed count is not a note.
        assert!(find("任务（3）=5项。").is_empty());
    }

    #[test]
    fn chains_and_signs() {
        let f = find("占比=3/4=0.75=75%。");
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| agreement(f) == Agreement::Rounded));
        let line = "调整率=（3,557.06-3,609.17）/3,609.17×100%=-1.44%。";
        let f = find(line);
        assert_eq!(f[0].result.printed, "-1.44%");
        assert_eq!(&line[f[0].result.start..f[0].result.end], "-1.44%");
        assert_eq!(agreement(&f[0]), Agreement::Rounded);
    }
}
