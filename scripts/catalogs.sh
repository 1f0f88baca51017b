#!/bin/sh
# Backbone's own words: extract the messages, then bring every language's catalog up to date
# (docs/translating.md). Run from the repository's root; then translate what is new or fuzzy.
set -e
LOCALE=plugins/backbone/locale
pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header \
  --project=Backbone -o "$LOCALE/backbone.pot" .
for lang in en es fr de; do
  if [ -f "$LOCALE/$lang/LC_MESSAGES/backbone.po" ]; then
    pybabel update -D backbone -d "$LOCALE" -i "$LOCALE/backbone.pot" -l "$lang" --no-wrap --ignore-obsolete --no-fuzzy-matching
  else
    pybabel init -D backbone -d "$LOCALE" -i "$LOCALE/backbone.pot" -l "$lang" --no-wrap
  fi
done
