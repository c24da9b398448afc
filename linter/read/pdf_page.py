"""One PDF page's text in reading order: turned upright, and cut at a vertical gutter.

- **Turned**: a page whose text runs another way than left to right (a `/Rotate 90`, 180 or 270 page
  drawn upright in its own frame, or text drawn sideways) is read in the frame where its text runs
  left to right, lines from top to bottom, as a reader turning the page would; the direction is the
  one most of its characters' matrices give, whatever the page says. A page whose text runs left to
  right is read exactly as before.
- **Columns**: a page's vertical gutter is a band in the middle half of its text, at least a line
  height wide, that few of its lines cross (a title over both columns: at most a tenth of them, 2
  to 4), with a quarter of its characters or more on each side and text on both sides over half its
  height (two columns of prose; not a label | value table above a body that runs across). The
  document is in two columns when most of its pages have a gutter at the same place or their text
  on one side of it (`columns`); the language is never asked.

pdf.py reads the document page by page; this module sees one page at a time and keeps only lines and
numbers (pdfplumber's character dicts weigh about 1 KB each).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["PdfLine", "PageText", "upright_objects", "text_lines", "find_gutter", "cut_at", "bullet_marks", "columns"]


@dataclass
class PdfLine:
    text: str
    top: float
    bottom: float
    x0: float
    x1: float


@dataclass
class PageText:
    lines: list[PdfLine]  # the whole page, in reading order of one column
    band: tuple[float, float] | None = None  # where its text may be cut in two (see find_gutter)
    gutter: bool = False  # the band is a gutter between two columns
    left: list[PdfLine] = field(default_factory=list)  # with a band: the text left of it (and lines across it)
    right: list[PdfLine] = field(default_factory=list)
    x_range: tuple[float, float] | None = None  # where its words are, left to right


def _direction(obj) -> tuple[int, int]:
    """Where a character's baseline runs on the page as pdfplumber places it (y grows downwards):
    (1, 0) left to right, (0, 1) downwards, (-1, 0) right to left (upside down), (0, -1) upwards."""
    a, b = obj["matrix"][0], obj["matrix"][1]
    if abs(a) >= abs(b):
        return (1, 0) if a >= 0 else (-1, 0)
    return (0, 1) if b < 0 else (0, -1)


def _turn_box(o: dict, d: tuple[int, int], w: float, h: float) -> tuple[float, float, float, float]:
    """(x0, x1, top, bottom) of an object in the frame where direction `d` runs left to right."""
    x0, x1, top, bottom = o["x0"], o["x1"], o["top"], o["bottom"]
    if d == (0, 1):  # text runs down the page, its lines follow each other leftwards
        return top, bottom, w - x1, w - x0
    if d == (-1, 0):  # upside down
        return w - x1, w - x0, h - bottom, h - top
    return h - bottom, h - top, x0, x1  # text runs up the page, lines follow rightwards


def upright_objects(page, chars: list[dict]) -> tuple[list[dict], list[dict], bool]:
    """(characters, shapes, turned): the page's characters and small shapes (curves, rectangles) in
    the frame where most of its characters read left to right; `turned` when that is not the page's."""
    try:
        shapes = [*page.curves, *page.rects]
    except Exception:  # a damaged drawing: no bullets drawn as shapes
        shapes = []
    counts: dict[tuple[int, int], int] = {}
    for c in chars:
        d = _direction(c)
        counts[d] = counts.get(d, 0) + 1
    main = max(counts, key=lambda k: (counts[k], k == (1, 0))) if counts else (1, 0)
    if main == (1, 0):
        return chars, shapes, False
    w, h = float(page.bbox[2]), float(page.bbox[3])
    out = []
    for c in chars:
        x0, x1, top, bottom = _turn_box(c, main, w, h)
        out.append({**c, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": c["doctop"] - c["top"] + top,
                    "upright": _direction(c) == main, "width": x1 - x0, "height": bottom - top})
    turned = []
    for s in shapes:
        x0, x1, top, bottom = _turn_box(s, main, w, h)
        turned.append({"x0": x0, "x1": x1, "top": top, "bottom": bottom})
    return out, turned, True


def text_lines(chars: list[dict], bbox=None) -> list[dict]:
    """pdfplumber's text lines of these characters (what page.extract_text_lines(layout=False) gives)."""
    from pdfplumber.utils import text as T  # noqa: N812

    if not chars:
        return []
    kw = {"layout_bbox": bbox} if bbox is not None else {}
    return T.chars_to_textmap(chars, layout=False, **kw).extract_text_lines(strip=True, return_chars=False)


def _words(chars: list[dict]) -> list[tuple[float, float, float, float, int]]:
    """(x0, x1, top, bottom, characters) of each word."""
    from pdfplumber.utils import text as T  # noqa: N812

    return [(float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"]), len(w["text"]))
            for w in T.WordExtractor().extract_words(chars)]


def find_gutter(chars: list[dict], rows: int) -> tuple[tuple[float, float] | None, bool, tuple[float, float] | None]:
    """(band, gutter, x range of the words): the band in the middle half of the page's text, as wide as
    a line is high or wider, that the fewest of its lines cross (at most a tenth of them, and at most
    4), or None; `gutter` when it is one (see the module docstring); a band that is no gutter may
    still part a column's tail from the other's.

    Linear after one sort: the words of a line are joined into runs where they are closer than a line
    height, and the runs' edges swept a few times, counting the runs over each stretch of x."""
    words = _words(chars)
    if len(words) < 6:
        return None, False, None
    lo, hi = min(w[0] for w in words), max(w[1] for w in words)
    heights = sorted(w[3] - w[2] for w in words)
    min_width = max(6.0, heights[len(heights) // 2])
    runs: list[list[float]] = []  # [x0, x1, top] of words one after the other on a line
    for w in words:
        r = runs[-1] if runs else None
        if r and abs(w[2] - r[2]) <= 1 and 0 <= w[0] - r[1] < min_width:
            r[1] = max(r[1], w[1])
        else:
            runs.append([w[0], w[1], w[2]])
    events = sorted([(r[0], 1) for r in runs] + [(r[1], -1) for r in runs])
    mid0, mid1 = lo + 0.25 * (hi - lo), hi - 0.25 * (hi - lo)
    best: tuple[float, float] | None = None
    for allow in range(min(max(2, rows // 10), 4) + 1):
        cover, start = 0, None  # start: where the stretch of few runs began (never at the text's edge)
        for x, step in events:
            was_low = cover <= allow
            cover += step
            if was_low and cover > allow:
                if start is not None:
                    best = _wider(best, start, x, mid0, mid1)
                start = None
            elif cover <= allow and not was_low:
                start = x
        if best is not None and best[1] - best[0] >= min_width:
            break
        best = None
    if best is None:
        return None, False, (lo, hi)
    g0, g1 = best
    left = [w for w in words if w[1] <= g0]
    right = [w for w in words if w[0] >= g1]
    top, bottom = min(w[2] for w in words), max(w[3] for w in words)

    def column(ws) -> bool:  # a quarter of the characters, over half the height
        return (sum(w[4] for w in ws) >= 0.25 * sum(w[4] for w in words)
                and max(w[3] for w in ws) - min(w[2] for w in ws) >= 0.5 * (bottom - top))

    return best, bool(left and right and column(left) and column(right)), (lo, hi)


def _wider(best, a: float, b: float, mid0: float, mid1: float):
    """The wider of `best` and the band a..b, when the band's middle is in the middle half."""
    if b <= a or (a + b) / 2 < mid0 or (a + b) / 2 > mid1:
        return best
    return (a, b) if best is None or b - a > best[1] - best[0] else best


def cut_at(chars: list[dict], gutter: tuple[float, float]) -> tuple[list[dict], list[dict]]:
    """The characters left and right of the gutter; a line that runs across it (a title over both
    columns) goes with the left column, whole."""
    g0, g1 = gutter
    rows: list[list[float]] = []  # the lines across the gutter, top..bottom, merged
    for top, bottom in sorted((c["top"], c["bottom"]) for c in chars if c["x1"] > g0 + 1 and c["x0"] < g1 - 1):
        if rows and top <= rows[-1][1]:
            rows[-1][1] = max(rows[-1][1], bottom)
        else:
            rows.append([top, bottom])
    starts = [r[0] for r in rows]
    left, right = [], []
    for c in chars:
        mid = (c["top"] + c["bottom"]) / 2
        i = bisect_right(starts, mid) - 1
        if c["x0"] + c["x1"] >= g0 + g1 and not (i >= 0 and mid <= rows[i][1]):
            right.append(c)
        else:
            left.append(c)
    return left, right


def bullet_marks(shapes: list[dict]) -> list[tuple[float, float]]:
    """(right edge, vertical middle) of small filled dots and squares: list bullets drawn as shapes."""
    marks = []
    for c in shapes:
        w, h = float(c["x1"]) - float(c["x0"]), float(c["bottom"]) - float(c["top"])
        if 1.5 <= w <= 9 and 1.5 <= h <= 9 and abs(w - h) <= 0.5 * max(w, h):
            marks.append((float(c["x1"]), (float(c["top"]) + float(c["bottom"])) / 2))
    return marks


def _gutter_x(pages: list[PageText]) -> float | None:
    """Where the document's two columns meet: the x that the most pages' gutters hold, when those
    pages and the pages whose text is all on one side of it (a column's tail) are most pages."""
    events = sorted([(p.band[0], 1) for p in pages if p.gutter] + [(p.band[1], -1) for p in pages if p.gutter])
    best, x, cover = 0, None, 0
    for (at, step), nxt in zip(events, events[1:]):
        cover += step
        if cover > best:
            best, x = cover, (at + nxt[0]) / 2
    if x is None:
        return None
    fits = sum(1 for p in pages if p.lines and ((p.band and p.band[0] < x < p.band[1]) or (
        p.x_range and (p.x_range[1] <= x or p.x_range[0] >= x))))
    return x if 2 * fits > sum(1 for p in pages if p.lines) else None


def columns(pages: list[PageText]) -> tuple[list[list[PdfLine]], list[list[PdfLine]]] | None:
    """Each page's left column and right column, when the document is laid out in two (see _gutter_x);
    a page whose text runs across the gutter is all left column, a column's tail on its side."""
    x = _gutter_x(pages)
    if x is None:
        return None
    left, right = [], []
    for p in pages:
        if p.band and p.band[0] < x < p.band[1]:
            left.append(p.left)
            right.append(p.right)
        else:
            alone = bool(p.x_range and p.x_range[0] >= x)
            left.append([] if alone else p.lines)
            right.append(p.lines if alone else [])
    return left, right
