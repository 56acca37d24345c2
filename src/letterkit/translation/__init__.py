"""Tools for translators: add a language, see its status, check it, compile and pseudo-locales.

One module per job: :mod:`.letterfile` (paragraphs and fingerprints of a letter template),
:mod:`.add`, :mod:`.status`, :mod:`.findings` and the checks (:mod:`.check_po`,
:mod:`.check_letter`, :mod:`.check_campaign`), :mod:`.compile`. The CLI is
``letterkit locale ...`` (``letterkit.cli.locale``).
"""
