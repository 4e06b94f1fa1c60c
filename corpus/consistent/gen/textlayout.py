"""Lays text out the way PDF text extraction gives it: hard-wrapped lines of about
26 CJK characters with a blank line between lines, table rows on one line each,
table headers broken over several short lines."""
import re
import unicodedata
from decimal import Decimal as D, ROUND_HALF_UP, ROUND_DOWN

WIDTH = 52  # display columns: 26 CJK characters
HEADING = re.compile(r"^(第[一二三四五六七八九十]+[部章节分]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|<[一二三四五六七八九十]+>|\d+[、.]\D|任务[一二三四五六七八九十]+[：:])")
# never break inside a number with its sign, separators and % (nor inside a Latin word)
TOKEN = re.compile(r"-?[0-9][0-9,.]*%?|[A-Za-z]+|.", re.S)
NO_LINE_START = set("，。；：、）%”’！？")
NO_LINE_END = set("（“‘《")


def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def wrap(text):
    """Breaks a paragraph into printed lines of at most WIDTH columns."""
    toks = TOKEN.findall(text)
    lines, cur, w = [], "", 0
    for t in toks:
        tw = width(t)
        if w + tw > WIDTH and cur and t[0] not in NO_LINE_START:
            carry = ""
            while cur and cur[-1] in NO_LINE_END:
                carry, cur = cur[-1] + carry, cur[:-1]
            lines.append(cur)
            cur, w = carry, width(carry)
            if t == " ":
                continue
        cur += t
        w += tw
    if cur:
        lines.append(cur)
    # a continuation line must not look like a heading ("2、…", "（3）…"): move one token back
    out = [lines[0]] if lines else []
    for l in lines[1:]:
        while HEADING.match(l) and width(out[-1]) < WIDTH + 4:
            out[-1] += l[0]
            l = l[1:]
        out.append(l)
    return [l.rstrip() for l in out]


class Doc:
    def __init__(self):
        self.blocks = []  # list of printed lines

    def title(self, *lines):
        self.blocks.extend(lines)

    def h(self, text):
        self.blocks.append(text)

    def p(self, text):
        self.blocks.extend(wrap(text))

    def raw(self, *lines):
        """Printed lines as they are (table headers broken over lines, rows)."""
        self.blocks.extend(lines)

    def text(self):
        return "\n\n".join(self.blocks) + "\n"


# ---- figures -------------------------------------------------------------------------

def q(x, places, mode=ROUND_HALF_UP):
    return x.quantize(D(1).scaleb(-places), rounding=mode)


def money(x, comma=True):
    x = q(D(x), 2)
    return f"{x:,.2f}" if comma else f"{x:.2f}"


def pct(a, b, places=2, mode=ROUND_HALF_UP):
    """a / b as a percentage string with `places` decimals, e.g. '97.22%'."""
    return f"{q(D(a) / D(b) * 100, places, mode)}%"


def num(x):
    """A decimal printed without trailing zeros (scores: 9.5, 49.15, 30)."""
    x = D(x).normalize()
    s = f"{x:f}"
    return s
