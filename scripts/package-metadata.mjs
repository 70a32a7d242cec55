// One source for the metadata every public package carries (repository, engines, keywords,
// LICENSE, the ./package.json export, files without tests). `--write` applies it; `--check`
// (scripts/check-packages.sh) fails on drift, so a package added later cannot ship without it;
// `--list` prints the public packages' folders.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

// Assumed home of the repository; change it here only.
const REPOSITORY = 'https://github.com/attnkit/attnkit';
const ENGINES = { node: '>=20' };
const KEYWORDS = ['attention', 'transformer', 'machine-learning', 'typescript', 'webassembly'];
const FILES = ['LICENSE', '!**/*.test.*'];

/** Every package.json under packages/ and apps/ that is not private, with its folder. */
function publicPackages(root = new URL('../', import.meta.url)) {
  const found = [];
  for (const group of ['packages', 'apps']) {
    const dir = new URL(`${group}/`, root);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const file = new URL(`${group}/${name}/package.json`, root);
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      if (!pkg.private) found.push({ directory: `${group}/${name}`, file, pkg });
    }
  }
  return found;
}

function expected({ directory, pkg }) {
  const next = { ...pkg };
  next.repository = { type: 'git', url: `git+${REPOSITORY}.git`, directory };
  next.homepage = `${REPOSITORY}/tree/main/${directory}#readme`;
  next.bugs = { url: `${REPOSITORY}/issues` };
  next.engines = ENGINES;
  next.keywords = [...new Set([...KEYWORDS, ...(pkg.keywords ?? [])])];
  next.exports = { ...pkg.exports, './package.json': './package.json' };
  next.files = [...new Set([...(pkg.files ?? []), ...FILES])];
  return next;
}

const mode = process.argv[2];
const root = new URL('../', import.meta.url);
if (mode === '--list') {
  console.log(
    publicPackages(root)
      .map((p) => p.directory)
      .join('\n'),
  );
  process.exit(0);
}
const problems = [];
for (const entry of publicPackages(root)) {
  const want = expected(entry);
  const licence = new URL(`${entry.directory}/LICENSE`, root);
  const licenceText = readFileSync(new URL('LICENSE', root), 'utf8');
  if (mode === '--write') {
    writeFileSync(entry.file, `${JSON.stringify(want, null, 2)}\n`);
    copyFileSync(new URL('LICENSE', root), licence);
  } else {
    if (JSON.stringify(want) !== JSON.stringify(entry.pkg))
      problems.push(
        `${entry.directory}/package.json: metadata differs from scripts/package-metadata.mjs`,
      );
    if (!existsSync(licence) || readFileSync(licence, 'utf8') !== licenceText)
      problems.push(`${entry.directory}/LICENSE: missing or not the root LICENSE`);
  }
}
if (problems.length > 0) {
  console.error(`${problems.join('\n')}\nRun: node scripts/package-metadata.mjs --write`);
  process.exit(1);
}
