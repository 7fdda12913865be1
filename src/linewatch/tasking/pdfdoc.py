"""A plain A4 document for briefings and reports: marking top and bottom, headings, tables.

Built on fpdf2 with its core Helvetica, so it needs no font files; text is folded to the
Latin-1 that core fonts can draw (typographic quotes and dashes become plain ones).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fpdf import FPDF
from fpdf.fonts import FontFace

_FOLD = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "…": "...", "→": "->", "≥": ">="}
)


def latin(text: object) -> str:
    return str(text).translate(_FOLD).encode("latin-1", "replace").decode("latin-1")


class Document(FPDF):
    def __init__(self, title: str, marking: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc_title = latin(title)
        self.marking = latin(marking)
        self.set_title(self.doc_title)
        self.set_creator("Linewatch")
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(15, 18, 15)
        self.add_page()

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 6, self.marking, align="C", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 5, f"{self.doc_title} - page {self.page_no()}", align="L")
        self.cell(0, 5, self.marking, align="R")

    def heading(self, text: str, size: int = 13) -> None:
        self.ln(2)
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def para(self, text: str, size: int = 10) -> None:
        self.set_font("Helvetica", "", size)
        self.multi_cell(0, 5, latin(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def bullets(self, items: Sequence[str], empty: str) -> None:
        if not items:
            self.para(empty)
            return
        self.set_font("Helvetica", "", 10)
        for item in items:
            self.multi_cell(0, 5, latin(f"- {item}"), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def grid(
        self,
        head: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[int] | None = None,
        empty: str = "None.",
    ) -> None:
        if not rows:
            self.para(empty)
            return
        self.set_font("Helvetica", "", 9)
        with self.table(
            col_widths=tuple(widths) if widths else None,
            headings_style=FontFace(emphasis="BOLD", fill_color=(243, 242, 241)),
            line_height=4.6,
            text_align="LEFT",
        ) as table:
            table.row([latin(h) for h in head])
            for row in rows:
                table.row([latin(cell) for cell in row])
        self.ln(2)

    def output_bytes(self) -> bytes:
        return bytes(self.output())
