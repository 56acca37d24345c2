#!/usr/bin/env bash
# Regenerates the pages-*.png images of the gallery (issue 10, page parity): the bundled
# campaign's letter to the Prime Minister as PDF and as LibreOffice renders the DOCX, every page,
# for a sender in Berlin (A4, DIN 5008 B) in English, Urdu and Dari, and a sender in Chicago
# (US Letter, #10 window) in English and Urdu. Needs letterkit, poppler-utils and LibreOffice.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -f pages-*.png
shoot() {  # shoot NAME SENDER-ARGS... : write en/ur/fa_AF letters and render every page
  local name=$1; shift
  export LETTERKIT_CONFIG_DIR="$work/config-$name"
  letterkit init "$@" >/dev/null
  local langs=${LANGS:-"en ur fa_AF"}
  for lang in $langs; do
    local out="$work/$name-$lang"
    letterkit write pakistan-deportations --to pm --lang "$lang" --format pdf,docx \
      --out "$out" --date 2026-12-04 >/dev/null 2>&1
    soffice -env:UserInstallation="file://$work/lo" --headless --convert-to pdf \
      --outdir "$out/lo" "$out/pakistan-deportations-pm-$lang.docx" >/dev/null 2>&1
    pdftoppm -png -r 50 "$out/pakistan-deportations-pm-$lang.pdf" "pages-$name-$lang-pdf"
    pdftoppm -png -r 50 "$out/lo/pakistan-deportations-pm-$lang.pdf" "pages-$name-$lang-docx"
  done
}
LANGS="en ur fa_AF" shoot a4 --name "Amina Rahimi" --street "Example Straße 12" \
  --city Berlin --postal-code 10115 --country DE --email amina@example.org \
  --phone "+49 30 1234567"
LANGS="en ur" shoot letter --name "Jordan Miller" --street "1250 W Addison St" --city Chicago \
  --region IL --postal-code 60613 --country US --email jordan@example.org \
  --phone "+1 312 555 0142"
