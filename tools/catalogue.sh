#!/usr/bin/env bash
# Refresh the interface's gettext catalogues (explorer/locale) after strings changed in the code:
#   1. extract every marked string of the app into messages.pot,
#   2. merge it into each language's messages.po (new strings come in untranslated, changed ones as fuzzy),
#   3. compile each .po into the .mo the app reads.
# Then translate what tests/test_i18n.py lists as missing or fuzzy in explorer/locale/ko/LC_MESSAGES/messages.po
# (remove the "fuzzy" flag once checked) and run this again to compile. Commit the .pot, .po and .mo.
set -euo pipefail
cd "$(dirname "$0")/.."
locale=explorer/locale
pybabel extract -F babel.cfg --sort-output --add-location=file --add-comments=Translators: \
  --project="Attention Explorer" --version=0.1.0 --copyright-holder="Attention Explorer" \
  -o "$locale/messages.pot" main.py pages explorer models
pybabel update -i "$locale/messages.pot" -d "$locale" -l ko --init-missing --ignore-obsolete
pybabel compile -d "$locale" --statistics
