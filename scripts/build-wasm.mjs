// Builds the packet core (assembly/) into build/packet.wasm with raw bindings.
// Runs asc in-process (about 10x faster than spawning it) and skips the build when
// no source under assembly/ is newer than the output, so `npm test` and `npm start`
// can call it unconditionally.
import { readdirSync, statSync, mkdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const force = process.argv.includes('--force');
const out = join(root, 'build', 'packet.wasm');
const outputs = [out, join(root, 'build', 'packet.js'), join(root, 'build', 'packet.d.ts')];

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') || entry.name.endsWith('.json')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export async function buildWasm({ force: f = false, quiet: q = false } = {}) {
  const src = Math.max(newestSource(join(root, 'assembly')), statSync(fileURLToPath(import.meta.url)).mtimeMs);
  const upToDate = outputs.every((o) => existsSync(o) && statSync(o).mtimeMs >= src);
  if (upToDate && !f) {
    if (!q) console.log('build-wasm: build/packet.wasm is up to date');
    return true;
  }
  mkdirSync(join(root, 'build'), { recursive: true });
  const asc = (await import('assemblyscript/asc')).default;
  const t0 = performance.now();
  const { error, stderr } = await asc.main(
    [
      join(root, 'assembly', 'index.ts'),
      '--outFile',
      out,
      '--textFile',
      join(root, 'build', 'packet.wat'),
      '--bindings',
      'raw',
      '--runtime',
      'stub',
      '--enable',
      'simd',
      '--optimizeLevel',
      '3',
      '--shrinkLevel',
      '0',
      '--noAssert',
      '--initialMemory',
      '256',
      '--maximumMemory',
      '256',
    ],
    { stdout: process.stdout, stderr: process.stderr },
  );
  if (error) {
    console.error('build-wasm: asc failed: ' + error.message);
    console.error(stderr.toString());
    return false;
  }
  if (!q) console.log(`build-wasm: built build/packet.wasm in ${Math.round(performance.now() - t0)} ms`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ok = await buildWasm({ force, quiet });
  process.exit(ok ? 0 : 1);
}
