// One loader for the packet core, the same in the browser, the Web Worker, Vitest and Node.
// Vite rewrites the URL below to the hashed asset; under Node it is a file: URL that we read
// with node:fs (taken through process.getBuiltinModule so no bundler sees a Node import).
import { instantiate } from '../build/packet.js';

export type PacketCore = Awaited<ReturnType<typeof instantiate>>;

const wasmUrl = new URL('../build/packet.wasm', import.meta.url);

let compiled: Promise<WebAssembly.Module> | undefined;

function compile(): Promise<WebAssembly.Module> {
  if (wasmUrl.protocol === 'file:') {
    const fs = (
      globalThis as unknown as {
        process: { getBuiltinModule(id: 'node:fs'): typeof import('node:fs') };
      }
    ).process.getBuiltinModule('node:fs');
    return WebAssembly.compile(fs.readFileSync(wasmUrl));
  }
  return WebAssembly.compileStreaming(fetch(wasmUrl));
}

/** A fresh instance of the packet core (its own linear memory). The module is compiled once. */
export async function loadPacketCore(): Promise<PacketCore> {
  compiled ??= compile();
  const module = await compiled;
  return instantiate(module, {});
}
