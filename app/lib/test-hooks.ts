// Test hooks (browser tests and bench/ui.ts only), exposed as `window.fmipLab` when the page is
// opened with ?testhooks=1: crash the engine as a bug would, load an inline scenario, open raw
// bytes in the inspector, read the session. Kept out of App.svelte so the layout holds no test code.
import type { Session } from './session.svelte.ts';

export interface TestHooks {
  crash(): void;
  /** Loads a whole scenario object (the performance bench's heavy traffic). */
  loadInline(inline: unknown): Promise<void>;
  /** Opens raw bytes (hex) in the inspector, as if a message: shows how a broken packet reads. */
  inspect(hex: string): void;
  /** The trace so far (shareable runs are compared record by record, issue 13). */
  trace(): readonly import('../../core/trace.ts').TraceRecord[];
  /** The session itself, for tests that read its state (cursor, trace). */
  session: Session;
}

export function installTestHooks(session: Session, search: string, seed: () => number): () => void {
  if (new URLSearchParams(search).get('testhooks') !== '1') return () => {};
  const hooks: TestHooks = {
    crash: () => session.crash(),
    loadInline: (inline) => session.load({ scenario: 'inline', inline, seed: seed() }),
    inspect: (hex) => session.inspectRaw(hex),
    trace: () => session.trace.records,
    session,
  };
  const w = window as unknown as { fmipLab?: TestHooks };
  w.fmipLab = hooks;
  return () => {
    if (w.fmipLab === hooks) delete w.fmipLab;
  };
}
