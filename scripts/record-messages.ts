// Records tests/fixtures/messages.json: the protocol-message sequence of every built-in scenario
// with seed 1 (tests/engine/messages.ts). Run only when a change of the messages is intended.
import { writeFileSync } from 'node:fs';
import { runScenario } from '../core/engine/run.ts';
import { builtinIds } from '../core/scenario/builtin.ts';
import { FIXTURE, messagesOf, type Sequence } from '../tests/engine/messages.ts';

const out: Record<string, Sequence> = {};
for (const id of builtinIds()) {
  const w = await runScenario(id, { seed: 1, trace: true });
  out[id] = messagesOf(w.records);
}
writeFileSync(FIXTURE, JSON.stringify(out, null, 0).replace(/\],"/g, '],\n"').replace(/\},\{/g, '},\n{') + '\n');
console.log(`${FIXTURE}: ${Object.keys(out).length} scenarios`);
