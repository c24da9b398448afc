"""HTML out: a self-contained report, each notice's two versions side by side, findings marked."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..model import Cell, Page, Paragraph, Severity
from ..safeio import display
from .common import plural, summary

__all__ = ["to_html"]

_SEV_CLASS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info"}

_CSS = """
.nav { display: block; margin-top: .2em; font-size: 12px; } .nav a { margin-right: 1em; }
li.finding.current { outline: 2px solid var(--info); } .note { display: block; color: var(--muted); }

:root { --err: #c62828; --err-bg: #fde7e7; --warn: #a86400; --warn-bg: #fff3d6; --info: #1565c0; --info-bg: #e3f0fd;
        --line: #d9dde3; --muted: #5f6b7a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
       margin: 0; color: #1d232b; background: #f6f7f9; }
header.top { background: #1f2a37; color: #fff; padding: 16px 24px; }
header.top h1 { margin: 0 0 4px; font-size: 20px; }
header.top .tool { color: #c5cfdb; font-size: 13px; }
main { padding: 16px 24px 48px; }
table.summary { border-collapse: collapse; margin: 12px 0 4px; background: #fff; }
table.summary th, table.summary td { border: 1px solid var(--line); padding: 6px 14px; text-align: right; }
table.summary th { background: #eef1f5; font-weight: 600; }
td.n-error { color: var(--err); font-weight: 700; } td.n-warning { color: var(--warn); font-weight: 700; }
td.n-info { color: var(--info); font-weight: 700; }
ul.files { margin: 8px 0 0; padding-left: 20px; }
section.file { background: #fff; border: 1px solid var(--line); border-radius: 6px; margin: 20px 0; padding: 0 0 8px; }
section.file > h2 { font-size: 17px; margin: 0; padding: 12px 16px; border-bottom: 1px solid var(--line);
                    font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
.counts { font-size: 13px; color: var(--muted); padding: 6px 16px; }
.input-error { margin: 12px 16px; padding: 10px 12px; border-left: 4px solid var(--err); background: var(--err-bg); }
table.notice { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.notice col.ln { width: 64px; } table.notice col.side { width: calc(50% - 64px); }
table.notice th { position: sticky; top: 0; background: #eef1f5; text-align: left; padding: 6px 10px;
                  border-bottom: 1px solid var(--line); z-index: 1; }
table.notice td { vertical-align: top; padding: 6px 10px; border-top: 1px solid #eef0f3; }
td.ln { color: var(--muted); font: 12px/1.6 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
        text-align: right; white-space: nowrap; }
td.ln .where { display: block; font-size: 11px; }
td.empty { background: repeating-linear-gradient(135deg, #fafbfc, #fafbfc 6px, #f1f3f6 6px, #f1f3f6 12px); }
td.empty::after { content: "(no counterpart)"; color: var(--muted); font-style: italic; font-size: 13px; }
tr.section td { background: #f0f3f7; font-weight: 700; border-top: 2px solid var(--line); }
tr.part td { background: #f7f8fa; color: var(--muted); font-size: 12px; text-transform: uppercase;
             letter-spacing: .04em; }
.blk + .blk { margin-top: 6px; }
.blk.heading, .blk.subheading, .blk.title { font-weight: 700; }
.blk.bullet::before { content: "• "; color: var(--muted); }
.blk .label { color: var(--muted); }
.blk.links { font-size: 13px; color: var(--muted); word-break: break-all; }
.blk.hit-error { box-shadow: inset 3px 0 0 var(--err); padding-left: 8px; }
.blk.hit-warning { box-shadow: inset 3px 0 0 var(--warn); padding-left: 8px; }
.blk.hit-info { box-shadow: inset 3px 0 0 var(--info); padding-left: 8px; }
mark { border-radius: 2px; padding: 0 1px; color: inherit; }
mark.error { background: var(--err-bg); outline: 1px solid #f3a5a5; }
mark.warning { background: var(--warn-bg); outline: 1px solid #f0cc79; }
mark.info { background: var(--info-bg); outline: 1px solid #9cc4ef; }
a.badge { display: inline-block; font: 11px/1.5 ui-monospace, monospace; padding: 0 5px; margin-left: 4px;
          border-radius: 3px; color: #fff; text-decoration: none; vertical-align: 1px; }
a.badge.error { background: var(--err); } a.badge.warning { background: var(--warn); } a.badge.info { background: var(--info); }
tr.findings td { padding: 2px 10px 10px; border-top: none; }
ul.findings { list-style: none; margin: 0; padding: 0; }
ul.findings li { margin: 4px 0; padding: 6px 10px; border-radius: 4px; border-left: 4px solid; }
ul.findings li.error { border-color: var(--err); background: var(--err-bg); }
ul.findings li.warning { border-color: var(--warn); background: var(--warn-bg); }
ul.findings li.info { border-color: var(--info); background: var(--info-bg); }
.code { font: 600 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.sev { font-size: 12px; text-transform: uppercase; font-weight: 700; margin: 0 6px; }
li.error .sev { color: var(--err); } li.warning .sev { color: var(--warn); } li.info .sev { color: var(--info); }
.rname { color: var(--muted); font-size: 12px; margin-right: 6px; }
.fix { display: block; font-size: 13px; margin-top: 2px; }
.locs { display: block; font: 12px ui-monospace, monospace; color: var(--muted); margin-top: 2px; }
.clean { color: #2e7d32; padding: 12px 16px; }
h3.other { font-size: 15px; margin: 16px 16px 4px; }
section.file > ul.findings { margin: 0 16px; }
@media print { table.notice th { position: static; } body { background: #fff; } }
"""


def _esc(s) -> str:
    """HTML-escaped, and display()'s escapes for controls, bidi overrides and undecodable name bytes."""
    return html.escape(display("" if s is None else str(s), keep="\t\n"), quote=True)


@dataclass
class _Hit:
    diag_id: int
    severity: Severity
    start: int
    end: int


@dataclass
class _Row:
    en: tuple = ()
    fr: tuple = ()


def _span_in_block(block, loc) -> tuple[int, int] | None:
    """Offsets in block.text of a location, or None for the whole block."""
    if not loc.text:
        return None
    if loc.text == block.text[: len(loc.text)] and len(loc.text) >= min(len(block.text), 120):
        return None  # the whole block
    for start, line, col in block.pieces:
        if line == loc.line:
            off = start + (loc.column - col)
            if 0 <= off and block.text[off: off + len(loc.text)] == loc.text:
                return off, off + len(loc.text)
    i = block.text.find(loc.text)
    if i >= 0:
        return i, i + len(loc.text)
    return None


_MD_LINK = re.compile(r"\[([^\]\n]{1,300})\]\(((?:https?://|mailto:|#)[^\s()<>\"]{0,2000})\)")


def _links_in(block) -> list[tuple]:
    """(start, end, url, anchor span, url span) of the links in a block's text: the reader's (Block.links:
    the anchor text's offsets, its URL kept apart) and Markdown `[text](url)` still written in the text."""
    out = [(ln.start, ln.end, ln.url, (ln.start, ln.end), None)
           for ln in getattr(block, "links", ()) if 0 <= ln.start < ln.end]
    out += [(m.start(), m.end(), m.group(2), m.span(1), m.span(2)) for m in _MD_LINK.finditer(block.text)]
    return sorted(out)


def _link_piece(links, marked, a: int, b: int, piece: str) -> str:
    """The piece [a, b) of the text as shown: a link's anchor text as a link; Markdown's `[`, `](url)` and
    `)` hidden, the URL kept (in parentheses) only when a finding marks it."""
    for start, end, url, (a1, a2), uspan in links:
        if not (start <= a and b <= end):
            continue
        link = f'<a class="link" href="{_esc(url)}" rel="noopener noreferrer">'
        if a1 <= a and b <= a2:
            return link + piece + "</a>"
        if uspan is None:
            return piece
        show_url = any(h.start < uspan[1] and uspan[0] < h.end for h in marked)
        if uspan[0] <= a and b <= uspan[1]:
            return link + piece + "</a>" if show_url else ""
        if show_url and a == a2:
            return " ("
        if show_url and b == end:
            return ")"
        return ""
    return piece


def _render_block(block, hits: list[_Hit], fid: int, prefix: str = "") -> str:
    kind = block.kind
    classes = ["blk", kind]
    if hits:
        classes.append("hit-" + _SEV_CLASS[max(h.severity for h in hits)])
    text = block.text
    spans = [h for h in hits if h.start >= 0]
    whole = [h for h in hits if h.start < 0]
    links = _links_in(block)
    # Split the text at every span and link boundary; each piece is marked with the worst finding covering it.
    cuts = sorted({0, len(text), *(h.start for h in spans), *(h.end for h in spans),
                   *(x for ln in links for x in (*ln[:2], *ln[3], *(ln[4] or ())) if 0 <= x <= len(text))})
    body = []
    for a, b in zip(cuts, cuts[1:]):
        piece = _link_piece(links, spans, a, b, _esc(text[a:b]))
        if not piece:
            continue
        cover = [h for h in spans if h.start <= a and b <= h.end]
        if cover:
            sev = _SEV_CLASS[max(h.severity for h in cover)]
            body.append(f'<mark class="{sev}">{piece}</mark>')
        else:
            body.append(piece)
    content = _esc(prefix) + "".join(body)
    if whole:
        content = f'<mark class="{_SEV_CLASS[max(h.severity for h in whole)]}">{content}</mark>'
    label = f'<span class="label">{_esc(block.label)}: </span>' if kind == "field" and block.label else ""
    worst: dict[int, Severity] = {}
    for h in hits:
        worst[h.diag_id] = max(worst.get(h.diag_id, h.severity), h.severity)
    badges = "".join(f'<a class="badge {_SEV_CLASS[sev]}" href="#f{fid}-d{i}">#{i}</a>'
                     for i, sev in sorted(worst.items()))
    return f'<div class="{" ".join(classes)}">{label}{content}{badges}</div>'


def _lines_cell(blocks) -> str:
    """Where the blocks are: the paragraph (¶) of a Word document, else lines (and page, for a PDF)."""
    if not blocks:
        return '<td class="ln"></td>'
    first, last = blocks[0].line, blocks[-1].end_line
    lines = f"{first}" if first == last else f"{first}–{last}"
    title = f"line {lines}"
    cell = next((p for b in blocks for _, _, p in b.places if isinstance(p, Cell)), None)
    if cell is not None:
        shown = f"T{cell.table} R{cell.row} C{cell.column}"
        return f'<td class="ln" title="{_esc(cell.describe())}">{_esc(shown)}</td>'
    first, last = blocks[0].place, blocks[-1].place
    if isinstance(first, Paragraph):
        a, b = first.number, last.number if isinstance(last, Paragraph) else first.number
        shown = f"¶ {a}" if a == b else f"¶ {a}–{b}"
        title = f"paragraph {a}" + (f"–{b}" if a != b else "")
        return f'<td class="ln" title="{_esc(title)}">{_esc(shown)}</td>'
    where = ""
    if first is not None:  # a PDF page, or any other place, beside the lines
        short = f"p. {first.number}" if isinstance(first, Page) else first.describe()
        where = f'<span class="where">{_esc(short)}</span>'
    return f'<td class="ln" title="{_esc(title)}">{_esc(lines)}{where}</td>'


def _describe(loc, lang: str) -> str:
    if loc is None:
        return f"{lang}: no counterpart"
    if isinstance(loc.place, Paragraph):  # a Word document's lines are the tool's own: its paragraph or cell
        return f"{lang}: {loc.path}, {loc.place.describe()}"
    s = f"{lang}: {loc.path}:{loc.line}:{loc.column}"
    if loc.place:
        s += f" ({loc.place.describe()})"
    return s


def _finding_item(fid: int, i: int, d) -> str:
    sev = _SEV_CLASS[d.severity]
    fix = f'<span class="fix">Suggestion: {_esc(d.suggestion)}</span>' if d.suggestion else ""
    notes = "".join(f'<span class="note">Note: {_esc(n)}</span>' for n in getattr(d, "notes", ()) or ())
    locs = f'<span class="locs">{_esc(_describe(d.en, "EN"))} · {_esc(_describe(d.fr, "FR"))}</span>'
    # Filled by _number_findings once every finding of the report is known: previous / next finding.
    nav = f'<span class="nav" data-finding="f{fid}-d{i}"></span>'
    return (f'<li class="{sev} finding" id="f{fid}-d{i}"><span class="code">#{i} {_esc(d.rule)}</span><span class="sev">{_esc(str(d.severity))}</span>'
            f'<span class="rname">{_esc(d.name)}</span>{_esc(d.message)}{fix}{notes}{locs}{nav}</li>')


_NAV = re.compile(r'<span class="nav" data-finding="(f\d+-d\d+)"></span>')

# j / k (or n / p) jump to the next / previous finding, as in mail readers and code review tools.
_SCRIPT = """
(function () {
  var items = Array.prototype.slice.call(document.querySelectorAll('li.finding'));
  var at = -1;
  document.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || /input|textarea/i.test(e.target.tagName)) return;
    var step = {j: 1, n: 1, k: -1, p: -1}[e.key];
    if (!step || !items.length) return;
    at = Math.max(0, Math.min(items.length - 1, at + step));
    items.forEach(function (li) { li.classList.remove('current'); });
    items[at].classList.add('current');
    items[at].scrollIntoView({block: 'center'});
    location.hash = items[at].id;
  });
})();
"""


def _number_findings(body: str) -> str:
    """Give every finding its previous / next links, in report order (the order a reader meets them)."""
    ids = _NAV.findall(body)
    where = {fid: k for k, fid in enumerate(ids)}

    def nav(m: re.Match) -> str:
        k = where[m.group(1)]
        prev = f'<a class="prev" href="#{ids[k - 1]}">← previous</a>' if k > 0 else ""
        nxt = f'<a class="next" href="#{ids[k + 1]}">next →</a>' if k + 1 < len(ids) else ""
        return f'<span class="nav">{prev}{nxt} <kbd>j</kbd>/<kbd>k</kbd></span>'

    return _NAV.sub(nav, body)


def _notice_rows(notice) -> list[tuple[str, object]]:
    """("part", title) / ("section", SectionPair) / ("row", _Row) in reading order, every block once."""
    pairs_by_section: dict = {}
    for p in notice.pairs:
        pairs_by_section.setdefault(p.section, []).append(p)

    def rows_for(pairs, en_blocks, fr_blocks) -> list[_Row]:
        rows = [_Row(tuple(p.en), tuple(p.fr)) for p in pairs]
        seen = {id(b) for r in rows for b in (*r.en, *r.fr)}
        for side, blocks in (("en", en_blocks), ("fr", fr_blocks)):
            for b in blocks:
                if id(b) in seen:
                    continue
                seen.add(id(b))
                # Insert before the first row whose same-side blocks start after this one.
                at = len(rows)
                for k, r in enumerate(rows):
                    mine = getattr(r, side)
                    if mine and mine[0].line > b.line:
                        at = k
                        break
                rows.insert(at, _Row((b,), ()) if side == "en" else _Row((), (b,)))
        return rows

    out: list[tuple[str, object]] = []
    header = rows_for(pairs_by_section.get(0, []), notice.en.header, notice.fr.header)
    if header:
        out.append(("part", "Header"))
        out.extend(("row", r) for r in header)
    for sp in notice.sections:
        number = (sp.en or sp.fr).number
        en_blocks = sp.en.blocks if sp.en else ()
        fr_blocks = sp.fr.blocks if sp.fr else ()
        ids = {id(b) for b in (*en_blocks, *fr_blocks)}
        pairs = [p for p in pairs_by_section.get(number, []) if any(id(b) in ids for b in (*p.en, *p.fr))]
        out.append(("section", sp))
        out.extend(("row", r) for r in rows_for(pairs, en_blocks, fr_blocks))
    return out


def _file_html(res, fid: int) -> str:
    diags = res.diagnostics
    n = {s: sum(d.severity == s for d in diags) for s in Severity}
    shown = res.path
    if res.notice is not None and res.notice.fr_path and res.notice.fr_path != res.notice.path:
        shown = f"{res.notice.path} + {res.notice.fr_path}"
    head = f'<section class="file" id="file-{fid}"><h2>{_esc(shown)}</h2>'
    if res.split is not None:  # a combined file: where its versions were split
        head += f'<p class="split">{_esc(res.split.describe())}</p>'

    if res.error:
        return head + f'<p class="input-error"><strong>Could not be linted:</strong> {_esc(res.error)}</p></section>'
    counts = (f'<div class="counts">{plural(n[Severity.ERROR], "error")} · {plural(n[Severity.WARNING], "warning")} · '
              f'{plural(n[Severity.INFO], "info")}</div>')
    notice = res.notice
    if notice is None:
        items = "".join(_finding_item(fid, i, d) for i, d in enumerate(diags, start=1))
        return head + counts + (f'<ul class="findings">{items}</ul>' if items else "") + "</section>"

    entries = _notice_rows(notice)
    fr_path = notice.fr_path or notice.path
    # Which block each diagnostic points into, on each side.
    block_hits: dict[int, list[_Hit]] = {}
    home: dict[int, int] = {}  # diagnostic index → row index (where its message is shown)
    all_rows = [(k, e) for k, (kind, e) in enumerate(entries) if kind in ("row", "section")]

    def row_blocks(kind, e, side):
        if kind == "row":
            return getattr(e, side)
        sec = getattr(e, side)
        return (sec.heading,) if sec is not None and sec.heading is not None else ()

    for i, d in enumerate(diags, start=1):
        for side, loc, path in (("en", d.en, notice.path), ("fr", d.fr, fr_path)):
            if loc is None or loc.path != path:
                continue
            for k, e in all_rows:
                kind = entries[k][0]
                hit = next((b for b in row_blocks(kind, e, side) if b.line <= loc.line <= b.end_line), None)
                if hit is None:
                    continue
                span = _span_in_block(hit, loc)
                block_hits.setdefault(id(hit), []).append(
                    _Hit(i, d.severity, *(span if span else (-1, -1))))
                home.setdefault(i, k)  # the English side's row when there is one (it comes first)
                break
    by_row: dict[int, list[int]] = {}
    for i, k in home.items():
        by_row.setdefault(k, []).append(i)

    parts = [head, counts, '<table class="notice"><colgroup><col class="ln"><col class="side"><col class="ln">'
             '<col class="side"></colgroup><thead><tr><th></th><th>English</th><th></th><th>Français</th></tr>'
             '</thead><tbody>']
    for k, (kind, e) in enumerate(entries):
        if kind == "part":
            parts.append(f'<tr class="part"><td colspan="4">{_esc(e)}</td></tr>')
            continue
        if kind == "section":
            if not row_blocks(kind, e, "en") and not row_blocks(kind, e, "fr") and k not in by_row:
                continue  # the unnumbered body of a notice without sections: no heading row
            cells = []
            for side in ("en", "fr"):
                sec = getattr(e, side)
                if sec is None:
                    cells.append('<td class="ln"></td><td class="empty"></td>')
                    continue
                blocks = row_blocks(kind, e, side)
                num = f"{sec.number}. " if sec.number is not None else ""
                title = "".join(_render_block(b, block_hits.get(id(b), []), fid, num) for b in blocks)
                cells.append(_lines_cell(blocks) + f'<td lang="{side}">{title}</td>')
            parts.append(f'<tr class="section">{"".join(cells)}</tr>')
        else:
            cells = []
            for side in ("en", "fr"):
                blocks = getattr(e, side)
                if not blocks:
                    cells.append('<td class="ln"></td><td class="empty"></td>')
                    continue
                inner = "".join(_render_block(b, block_hits.get(id(b), []), fid) for b in blocks)
                cells.append(_lines_cell(blocks) + f'<td lang="{side}">{inner}</td>')
            parts.append(f'<tr>{"".join(cells)}</tr>')
        if k in by_row:
            items = "".join(_finding_item(fid, i, diags[i - 1]) for i in sorted(by_row[k]))
            parts.append(f'<tr class="findings"><td></td><td colspan="3"><ul class="findings">{items}</ul></td></tr>')
    parts.append("</tbody></table>")
    rest = [i for i in range(1, len(diags) + 1) if i not in home]
    if rest:
        parts.append('<h3 class="other">Other findings</h3><ul class="findings">')
        parts.extend(_finding_item(fid, i, diags[i - 1]) for i in rest)
        parts.append("</ul>")
    if not diags:
        parts.append('<p class="clean">No inconsistencies found.</p>')
    parts.append("</section>")
    return "".join(parts)


def to_html(results, tool: dict) -> str:
    """A self-contained report: summary, then each notice's two versions side by side, findings marked."""
    s = summary(results)
    version = f" {tool.get('version')}" if tool.get("version") else ""
    model = f" · model {tool.get('model')}" if tool.get("model") else ""
    files = []
    for fid, r in enumerate(results, start=1):
        if r.error:
            what = "could not be linted"
        else:
            n = {sev: sum(d.severity == sev for d in r.diagnostics) for sev in Severity}
            what = f"{plural(n[Severity.ERROR], 'error')}, {plural(n[Severity.WARNING], 'warning')}, {plural(n[Severity.INFO], 'info')}"
        files.append(f'<li><a href="#file-{fid}">{_esc(r.path)}</a> — {_esc(what)}</li>')
    summary_html = (
        '<table class="summary"><tr><th>files</th><th>errors</th><th>warnings</th><th>infos</th>'
        '<th>unreadable</th></tr>'
        f'<tr><td>{s["files"]}</td><td class="n-error">{s["errors"]}</td><td class="n-warning">{s["warnings"]}</td>'
        f'<td class="n-info">{s["infos"]}</td><td>{s["failed_inputs"]}</td></tr></table>'
    )
    body = _number_findings("".join(_file_html(r, fid) for fid, r in enumerate(results, start=1)))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"generator\" content=\"noticelint\">"
        f"<title>noticelint report</title><style>{_CSS}</style></head><body>"
        f'<header class="top"><h1>noticelint report</h1><div class="tool">{_esc("noticelint" + version + model)}'
        "</div></header><main>"
        f'<section class="overview">{summary_html}<ul class="files">{"".join(files)}</ul></section>'
        f"{body}</main><script>{_SCRIPT}</script></body></html>\n"
    )
