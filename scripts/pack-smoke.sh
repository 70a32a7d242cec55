#!/usr/bin/env bash
# The CLI as a user outside this repository gets it: packs every public package, installs the
# tarballs with plain npm into an empty folder (optional peers left out), and runs the compiled
# `attnkit` there — no tsx, no workspace, no source condition. Needs the packages built (dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM="npx -y pnpm@12.21.0"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for dir in packages/* apps/cli; do
  if node -e "process.exit(require('./$dir/package.json').private ? 1 : 0)"; then
    (cd "$dir" && $PNPM pack --pack-destination "$work/tgz" >/dev/null)
  fi
done
mkdir "$work/app"
cd "$work/app"
echo '{ "name": "attnkit-pack-smoke", "private": true, "type": "module" }' >package.json
npm i --no-audit --no-fund --omit=optional "$work"/tgz/*.tgz >/dev/null
npx attnkit --help >/dev/null
npx attnkit bench --quick --variants full chunked --lengths 64,128 --workload random --out out >/dev/null
status=0
npx attnkit bench --variants nosuch --out none >/dev/null 2>&1 || status=$?
[ "$status" -eq 1 ] || { echo "attnkit bench --variants nosuch: exit $status, expected 1"; exit 1; }
npx attnkit-bench --help >/dev/null
# select answers from the default profile shipped inside the installed @attnkit/select.
npx attnkit select --n 4096 --exact | grep -q 'shipped default'
echo "pack smoke: attnkit installed from tarballs and ran (help, bench --quick, exit 1 on nothing to run, select)"
