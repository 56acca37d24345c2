#!/usr/bin/env bash
# Regenerates the letter images of the gallery: the bundled campaign's letters (PDF) in English,
# Urdu and Dari, the Urdu and Dari DOCX as LibreOffice renders them, and one preview per locale.
# Needs letterkit installed, poppler-utils (pdftoppm) and LibreOffice (soffice).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LETTERKIT_CONFIG_DIR="$work/config"
letterkit init --name "Amina Rahimi" --street "12 Example Street" --city Berlin \
  --postal-code 10115 --country DE --email amina@example.org --language en >/dev/null
for lang in en ur fa_AF; do
  letterkit write pakistan-deportations --to pm --lang "$lang" --format pdf,docx \
    --out "$work" --date 2024-01-20 >/dev/null 2>&1
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/pakistan-deportations-pm-$lang.pdf" \
    "letter-pm-$lang"
done
for lang in ur fa_AF; do
  soffice -env:UserInstallation="file://$work/lo" --headless --convert-to pdf \
    --outdir "$work/lo-out" "$work/pakistan-deportations-pm-$lang.docx" >/dev/null 2>&1
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/lo-out/pakistan-deportations-pm-$lang.pdf" \
    "docx-libreoffice-pm-$lang"
done
# the bundled open letter with its 51 signatories: English and Dari, sorted, grouped, two
# columns; page 1 (addressees) and the page with the list, from the PDF and from the DOCX
list=../../templates/campaigns/afghan-deportations-open-letter/signatories.csv
for lang in en fa_AF; do
  letterkit sign-on afghan-deportations-open-letter "$list" --lang "$lang" --sort name --group \
    --columns 2 --format pdf,docx --out "$work" --date 2025-08-12 >/dev/null 2>&1
  pdftoppm -png -r 60 "$work/afghan-deportations-open-letter-$lang.pdf" "$work/ol-$lang"
  cp "$work/ol-$lang-1.png" "open-letter-$lang-page1.png"
  cp "$work/ol-$lang-2.png" "open-letter-$lang-list.png"
  soffice -env:UserInstallation="file://$work/lo" --headless --convert-to pdf \
    --outdir "$work/lo-out" "$work/afghan-deportations-open-letter-$lang.docx" >/dev/null 2>&1
  pdftoppm -png -r 60 -f 2 -l 2 -singlefile \
    "$work/lo-out/afghan-deportations-open-letter-$lang.pdf" "open-letter-$lang-docx-list"
done
letterkit preview --all-locales --out locales --dpi 60 --date 2024-01-20 --force >/dev/null
