#!/usr/bin/env bash
# A short, realistic session on the example portfolio, through the real CLI.
# Run by `make demo`, which puts the project's .venv/bin first on PATH.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
demo="$(dirname "$here")/demo"
rm -rf "$demo"
mkdir -p "$demo"
cp -R "$here/portfolio" "$demo/portfolio"

# The example arrives as plain files, as if restored from a backup: put it under git.
git -C "$demo/portfolio" init -q -b main
git -C "$demo/portfolio" add -A
git -C "$demo/portfolio" -c user.name="Sam Patel" -c user.email="sam.patel@example.org" \
    commit -qm "Example portfolio"

export MPL_PORTFOLIO="$demo/portfolio"
export MPL_TODAY=2026-11-24    # the example's "today", so the demo reads the same every time
export COLUMNS="${COLUMNS:-100}"

step() {
    printf '\n\033[1m$ %s\033[0m\n' "$*"
    "$@"
}

step mpl role list
step mpl goal list
step mpl list --since 2026-09-01
step mpl show chaired-my-first-safety-huddle
step mpl log "Led the debrief after a medication incident" --date yesterday \
    --kind on-the-job --hours 1 --participatory --goal lead --tag leadership \
    --what "I led the team debrief after a near-miss with an insulin dose, with Priya observing." \
    --so-what "Starting with facts before feelings kept it calm; I let two people talk over the quieter HCA." \
    --now-what "Next time I will go round the room once before opening the discussion."
step mpl goal progress lead "Led a debrief on my own, Priya observing" --percent 70
step mpl goal met mentor 3 --by thank-you-letter --on 2026-11-06
step mpl goal show mentor
step mpl review list
step mpl log "Typo test" --hours 1
step mpl undo
step mpl history -n 5
step mpl status
step mpl search "debrief NOT huddle"

# The one-to-one on 1 December: what was agreed on 20 October, and what happened since.
step mpl export --period since-last-review --detail brief --format md

# The evening before the appraisal: the pack of the last twelve months, brief (four pages
# for the one-to-one) and standard (every reflection), as PDF, Word and HTML.
for detail in brief standard; do
    for format in pdf docx html; do
        step mpl export --period last-12-months --detail "$detail" --format "$format" \
            --out "$demo/appraisal-pack-$detail.$format"
    done
done
step mpl export --period last-12-months --format md --out "$demo/appraisal-pack.md"
echo
echo "The demo portfolio is in $demo/portfolio; try: mpl -C $demo/portfolio list"
echo "The appraisal packs are in $demo/: appraisal-pack-{brief,standard}.{pdf,docx,html}, appraisal-pack.md"
