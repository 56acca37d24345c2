"""Everything that writes PDF syntax: the PDF document, font embedding and the PDF writers.

* :mod:`.canvas` and :mod:`.document` — the page canvas every PDF writer draws on (pages of
  operators, document language, metadata), opened, packed and saved by :mod:`.document`, and
  written by :mod:`.file_writer`; :mod:`.reportlab_fonts` gives a caller's own reportlab canvas
  letterkit's fonts;
* :mod:`.syntax`, :mod:`.font_embedding`, :mod:`.text_operators`, :mod:`.text_drawing` — PDF
  numbers and objects, each face embedded once per document as a CID font, the text operators
  of shaped glyph runs, and the drawing of laid-out text (:mod:`letterkit.text` lays it out and
  places the glyphs; nothing in the text engine knows PDF);
* the writers, one module per document: :mod:`.letter` (the letter, on the pages
  :mod:`letterkit.pages` composes), :mod:`.fax` (cover sheet + letter), :mod:`.envelope`,
  :mod:`.labels` (their address blocks: :mod:`.address_block`), and :mod:`.letterhead` (a
  group's letterhead PDF under the letter, via pypdf).

pypdf is imported here only (a letterhead; pypdfium2 also renders previews, outside), and only
when a PDF is read; reportlab only when a caller brings a reportlab canvas.
"""
