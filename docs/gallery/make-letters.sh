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
letterkit preview --all-locales --out locales --dpi 60 --date 2024-01-20 --force >/dev/null
