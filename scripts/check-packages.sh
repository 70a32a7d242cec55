#!/usr/bin/env bash
# Packs every public package as it would be published and checks the tarball: metadata in sync
# (scripts/package-metadata.mjs), no tests or test fixtures inside, publint, and attw with the
# esm-only profile. Then installs the tarballs into an empty folder outside the workspace with
# plain npm and loads every entry point by import() and by require() (Node >= 20.19 runs
# require(esm) unflagged), so the claims in docs/using-attnkit.md stay true.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM="${PNPM:-npx -y pnpm@12.21.0}"
node scripts/package-metadata.mjs --check
$PNPM build >/dev/null

OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mapfile -t DIRS < <(node scripts/package-metadata.mjs --list)
failed=0
for dir in "${DIRS[@]}"; do
  # pnpm pack turns workspace:* into the version, as publishing would.
  tarball="$(cd "$dir" && $PNPM pack --pack-destination "$OUT" 2>/dev/null | tail -n 1)"
  name="$(node -p "require('./$dir/package.json').name")"
  echo "== $name ($(basename "$tarball"))"
  shipped="$(tar -tzf "$tarball")"
  # Tests and fixtures stay home; core's testing entry is public API, not a fixture.
  if grep -E '\.test\.|/__fixtures__/|/fixtures?/' <<<"$shipped" ||
    { [ "$name" != "@attnkit/core" ] && grep -E '/testing/' <<<"$shipped"; }; then
    echo "   tests or fixtures in the tarball (above)"
    failed=1
  fi
  grep -qx 'package/LICENSE' <<<"$shipped" || { echo "   no LICENSE in the tarball"; failed=1; }
  npx publint run "$tarball" --strict || failed=1
  npx attw "$tarball" --profile esm-only --format table-flipped || failed=1
done

# A consumer outside the workspace: the tarballs with plain npm (third-party dependencies from the registry or the npm cache).
CONSUMER="$OUT/consumer"
mkdir -p "$CONSUMER" && echo '{ "name": "consumer", "private": true }' >"$CONSUMER/package.json"
npm install --prefix "$CONSUMER" --no-audit --no-fund --prefer-offline --omit=peer --omit=optional "$OUT"/*.tgz >/dev/null
node "scripts/check-entries.mjs" "$CONSUMER" "${DIRS[@]}" || failed=1
exit "$failed"
