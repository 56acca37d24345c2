"""Page composition: where each block of a letter goes, on which page, in which size.

Format-neutral (it holds no PDF syntax): the PDF writer (:mod:`letterkit.pdf.letter`) draws the
plan, and the DOCX writer asks the same composer for the spacing and page count so that both
formats break their pages alike. Text is measured with letterkit's text engine
(:mod:`letterkit.text`).
"""
