// @ts-nocheck
// Bundles src/ into dist/ with esbuild: one small entry (dist/main.js) and lazily loaded chunks,
// so `memctl --version` and `--help` load almost nothing. Type checking is `npm run typecheck`.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  // The benchmark's worker threads load their own entry (raw RESP only: no SDK, no ioredis).
  entryPoints: { main: 'src/main.ts', 'bench-worker': 'src/lib/redis/bench/worker.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  define: { __MEMCTL_VERSION__: JSON.stringify(pkg.version) },
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins.
  banner: { js: "import { createRequire as __memctlRequire } from 'node:module'; const require = __memctlRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The top-level help as commander renders it when stdout is not a terminal, so bin/memctl can
// print it without loading the program (the terminal case still goes through commander).
const { spawnSync } = await import('node:child_process');
// main() itself, not bin/memctl, whose fast path would look for the file being made here.
const mainUrl = new URL('../dist/main.js', import.meta.url).href;
const render = `import(${JSON.stringify(mainUrl)}).then(async (m) => { process.exitCode = await m.main(['--help', '--no-color']); })`;
const help = spawnSync(process.execPath, ['--input-type=module', '-e', render], { encoding: 'utf8' });
if (help.status !== 0) throw new Error(`rendering help failed: ${help.stderr}`);
const { writeFileSync } = await import('node:fs');
writeFileSync(new URL('../dist/help.txt', import.meta.url), help.stdout);
