"""Everything that writes PDF syntax: the PDF document, font embedding and the PDF writers.

* :mod:`.document` — a reportlab canvas fit for letters (document language, no reportlab font
  in the pages, contents compressed), shared by every PDF writer, and saved by
  :mod:`.file_writer`, letterkit's own writer of the file (reportlab draws, letterkit writes);
* :mod:`.syntax`, :mod:`.font_embedding`, :mod:`.text_operators`, :mod:`.text_drawing` — PDF
  numbers and objects, each face embedded once per document as a CID font, the text operators
  of shaped glyph runs, and the drawing of laid-out text (:mod:`letterkit.text` lays it out and
  places the glyphs; nothing in the text engine knows PDF);
* the writers, one module per document: :mod:`.letter` (the letter, on the pages
  :mod:`letterkit.pages` composes), :mod:`.fax` (cover sheet + letter), :mod:`.envelope`,
  :mod:`.labels` (their address blocks: :mod:`.address_block`), and :mod:`.letterhead` (a
  group's letterhead PDF under the letter, via pypdf).

reportlab and pypdf are imported here only (pypdfium2 also renders previews, outside), and only
when a PDF is written or read.
"""
