"""The running text of a letter as flow items, top to bottom: lines moved out of the window, date
and reference (without an information box), an open letter's addressees, subject, salutation,
body paragraphs and lists, closing and signature, enclosures and copies, signatories, and an
open letter's signatory list in columns. :mod:`.paginate` puts them on pages.
"""

from __future__ import annotations

from ..locales import list_marker
from ..model import ListBlock, Paragraph, Span
from ..textclean import single_line
from .blocks import ColumnFlow, Flow, Part
from .setting import TextSetter, list_separator
from .sizes import MM


class RunningText(TextSetter):
    """The letter's running text (:meth:`flows`)."""

    def flows(self) -> list[Flow | ColumnFlow]:
        """The running text, top to bottom, as flow items."""
        letter = self.letter
        body = self.body
        line = self.line_height(body)
        para_gap = line * self.spacing.paragraph
        out: list[Flow | ColumnFlow] = []

        for moved in self.moved:  # the recipient's lines the window had no room for
            out.append(
                Flow(
                    [
                        Part(
                            self.visual_line(
                                moved, self.width, body, self.start_side, direction=letter.direction
                            ),
                            self.left,
                        )
                    ],
                    keep_with_next=True,
                )
            )
        if letter.addressees:
            out.extend(self.addressee_flows(line))
        elif self.layout.info is None:
            date = self.date_line()
            if date:
                # the date stands on the right in both directions (end of an English line,
                # start of an Urdu one)
                align = "start" if self.rtl else "end"
                out.append(
                    Flow([Part(self.paragraph(date, self.width, body, align=align), self.left)])
                )
            ref = self.reference_line()
            if ref:
                out.append(
                    Flow(
                        [Part(self.paragraph(ref, self.width, body), self.left)],
                        space_before=line * 0.5 if date else 0.0,
                    )
                )
        subject = single_line(letter.subject)
        if subject:
            label = single_line(letter.labels.subject)
            spans = [Span(label + " ", bold=True)] if label else []
            spans.append(Span(subject, bold=True))
            out.append(
                Flow(
                    [Part(self.paragraph(spans, self.width, body), self.left)],
                    space_before=line * 1.2 if out else 0.0,
                    keep_with_next=True,
                )
            )
        if single_line(letter.salutation):
            out.append(
                Flow(
                    [Part(self.paragraph(letter.salutation, self.width, body), self.left)],
                    space_before=line * 1.2 if out else 0.0,
                    keep_with_next=True,
                )
            )
        for index, block in enumerate(letter.body):
            gap = para_gap if (out or index) else 0.0
            if isinstance(block, Paragraph):
                if not any(s.text.strip() for s in block.spans):
                    continue
                out.append(
                    Flow(
                        [Part(self.paragraph(block.spans, self.width, body), self.left)],
                        space_before=gap,
                    )
                )
            elif isinstance(block, ListBlock):
                out.extend(self.list_flows(block, gap, line))
        closing = self.closing_flows(line, para_gap)
        if closing and single_line(letter.closing):
            # the closing never stands alone: at least two lines of text stay with it
            lines = 0
            for item in reversed(out):
                if lines >= 2:
                    break
                item.keep_with_next = True
                lines += item.lines
        out.extend(closing)
        out.extend(self.signatory_flows(line, para_gap))
        return out

    def addressee_flows(self, line: float) -> list[Flow | ColumnFlow]:
        """An open letter's head: the date on the end side, then "To:" and one line per
        addressee on the start side (no window address: the letter goes to many)."""
        body = self.body
        out: list[Flow | ColumnFlow] = []
        date = self.date_line()
        if date:
            align = "start" if self.rtl else "end"
            out.append(Flow([Part(self.paragraph(date, self.width, body, align=align), self.left)]))
        ref = self.reference_line()
        if ref:
            out.append(Flow([Part(self.paragraph(ref, self.width, body), self.left)]))
        parts = []
        label = single_line(self.letter.labels.to)
        if label:
            parts.append(
                Part(self.paragraph([Span(label, bold=True)], self.width, body), self.left)
            )
        hang = 5 * MM
        for name in self.letter.addressees:
            text = self.join_fields([name], "")
            block = self.paragraph(text, self.width - hang, body)
            parts.append(
                Part(
                    block,
                    self.left if self.rtl else self.left + hang,
                    line * 0.1 if len(parts) > 1 else 0.0,
                )
            )
        if parts:
            out.append(Flow(parts, space_before=line * 1.2 if out else 0.0))
        return out

    def signatory_flows(self, line: float, para_gap: float) -> list[Flow | ColumnFlow]:
        """An open letter's numbered list of signatories: a heading, the counts line, then per
        group a heading and the names in one or two columns.

        Each entry is the number on the start side and, hanging beside it, the name (in its own
        direction, isolated, so a Persian name keeps its order inside an English line and a
        Latin one inside a Dari line), the name in its own script, affiliation and country."""
        roster = self.letter.signatory_list
        if roster is None or not roster.members:
            return []
        body = self.body
        small = self.style(max(self.body.size - 1.0, 9.5))
        bold = self.style(self.body.size, bold=True)
        out: list[Flow | ColumnFlow] = []
        heading = [
            Part(
                self.paragraph([Span(single_line(roster.heading), bold=True)], self.width, body),
                self.left,
            )
        ]
        if single_line(roster.counts):
            heading.append(
                Part(self.paragraph(roster.counts, self.width, body), self.left, line * 0.2)
            )
        out.append(Flow(heading, space_before=para_gap * 2, keep_with_next=True))
        columns = roster.columns
        gutter = 6 * MM
        col_width = (self.width - gutter * (columns - 1)) / columns
        step = (col_width + gutter) * (-1 if self.rtl else 1)
        start_x = self.right - col_width if self.rtl else self.left
        numbers = [m.number for m in roster.members]
        number_width = max(self.engine.measure(n, small) for n in numbers)
        hang = number_width + 2 * MM
        text_width = col_width - hang
        text_x = start_x if self.rtl else start_x + hang
        mark_x = start_x + col_width - number_width if self.rtl else start_x
        sep = list_separator(self.language)
        for group in roster.groups:
            if single_line(group.heading):
                out.append(
                    Flow(
                        [
                            Part(
                                self.paragraph(
                                    [Span(single_line(group.heading), bold=True)], self.width, bold
                                ),
                                self.left,
                            )
                        ],
                        space_before=line * 0.8,
                        keep_with_next=True,
                    )
                )
            entries = []
            for i, person in enumerate(group.members):
                # one level of isolates: the name, the name in its own script, affiliation
                # and country each in their own direction ("·" before the local name)
                text = self.join_fields(
                    [person.name, person.name_local, person.organisation, person.place],
                    sep,
                    seps=["", " · ", sep, sep],
                )
                style = small
                if person.language and person.language != self.language:
                    style = self.style(small.size, language=person.language)
                block = self.paragraph(text, text_width, style, direction=self.letter.direction)
                # the number stands on the start side, flush towards the name, so that "9."
                # and "10." line up on their dots
                mark = self.paragraph(person.number, number_width, small, align="end")
                entries.append(
                    Flow(
                        [Part(block, text_x)],
                        marker=Part(mark, mark_x),
                        space_before=line * 0.15 if i else 0.0,
                    )
                )
            out.append(ColumnFlow(entries, columns, step, space_before=line * 0.4))
        return out

    def list_flows(self, block: ListBlock, gap: float, line: float) -> list[Flow]:
        """A list: one flow per item, its number or bullet beside the first line.

        Numbers as :func:`letterkit.locales.list_marker` writes them (Dari ۱. ۲., Urdu 1۔ 2۔) stand
        on the start side: the left in an English letter, the right in an Urdu one.
        """
        body = self.body
        digits = self.letter.digits
        markers = []
        for i in range(len(block.items)):
            if block.ordered:  # the same numbers as the DOCX writer's
                markers.append(list_marker(block.start + i, self.language, digits=digits))
            else:
                markers.append("•")
        marker_width = max(self.engine.measure(m, body) for m in markers) if markers else 0.0
        hang = max(6.5 * MM, marker_width + 2.5 * MM)
        indent = 0.0  # lists sit flush with the text; the hang separates number and text
        text_width = self.width - indent - hang
        if self.rtl:
            text_x = self.left
            marker_x = self.right - indent - hang
        else:
            text_x = self.left + indent + hang
            marker_x = self.left + indent
        flows = []
        for i, (item, marker) in enumerate(zip(block.items, markers, strict=True)):
            text = self.paragraph(item, text_width, body)
            mark = self.paragraph(marker, hang, body)
            flows.append(
                Flow(
                    [Part(text, text_x)],
                    space_before=gap if i == 0 else line * 0.25,
                    marker=Part(mark, marker_x),
                )
            )
        return flows

    def closing_flows(self, line: float, para_gap: float) -> list[Flow]:
        """Closing and signature (kept together), then enclosures, copies and signatories."""
        letter, body = self.letter, self.body
        out: list[Flow] = []
        parts: list[Part] = []
        if single_line(letter.closing):
            parts.append(Part(self.paragraph(letter.closing, self.width, body), self.left))
        for i, name in enumerate(letter.signature):
            if not single_line(name):
                continue
            gap = line * self.spacing.signature if (i == 0 and parts) else 0.0
            parts.append(
                Part(self.visual_line(name, self.width, body, self.start_side), self.left, gap)
            )
        if parts:
            out.append(Flow(parts, space_before=para_gap * 1.3))

        for label, items in (
            (letter.labels.enclosures, letter.enclosures),
            (letter.labels.cc, letter.cc),
        ):
            items = tuple(i for i in (single_line(x) for x in items) if i)
            if not items:
                continue
            group = [Part(self.paragraph(label, self.width, body), self.left)]
            group += [
                Part(
                    self.paragraph(item, self.width - 5 * MM, body),
                    self.left if self.rtl else self.left + 5 * MM,
                )
                for item in items
            ]
            out.append(
                Flow(
                    group if len(items) <= 6 else group[:1],
                    space_before=para_gap * 1.5,
                    keep_with_next=len(items) > 6,
                )
            )
            if len(items) > 6:  # long lists flow on like the body
                out.extend(Flow([p]) for p in group[1:])

        signatories = [s for s in letter.signatories if single_line(s.name)]
        if signatories:
            heading = self.paragraph(letter.labels.signatories, self.width, body)
            out.append(
                Flow([Part(heading, self.left)], space_before=para_gap * 1.5, keep_with_next=True)
            )
            small = self.style(10.0)
            for i, person in enumerate(signatories):
                text = self.join_fields(
                    [person.name, person.organisation, person.place], list_separator(self.language)
                )
                style = small
                if person.language and person.language != self.language:
                    style = self.style(10.0, language=person.language)
                block = self.visual_line(
                    text, self.width, style, self.start_side, direction=self.letter.direction
                )
                out.append(Flow([Part(block, self.left)], space_before=line * 0.1 if i else 0.0))
        return out
