import type { TraceRecord } from '../../core/trace.ts';

/** One console line per record worth printing; null for records the console skips. */
export function formatRecord(r: TraceRecord): string | null {
  const t = `${(r.t / 1000).toFixed(3).padStart(9)} ms`;
  switch (r.kind) {
    case 'tx':
      return `${t}  ${r.node.padEnd(4)} tx  ${r.msg}${r.flags ? `(${r.flags})` : ''} ${r.from} -> ${r.to}  ${r.hex.length / 2} bytes`;
    case 'rx':
      return `${t}  ${r.node.padEnd(4)} rx  ${r.msg}${r.flags ? `(${r.flags})` : ''} ${r.from} -> ${r.to}`;
    case 'drop':
      return `${t}  ${r.node.padEnd(4)} drop ${r.msg ?? ''} (${r.reason})`;
    case 'l2':
      return `${t}  ${r.node.padEnd(4)} l2  ${r.trigger}`;
    default:
      return null;
  }
}
