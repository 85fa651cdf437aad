// Loading scenarios and running them: shared by the Lab (worker), the command line and the tests.
import { loadCodec, type Codec } from '../wire/codec.ts';
import { validateScenario, formatErrors, type Scenario } from '../scenario/schema.ts';
import { builtin, builtinIds } from '../scenario/builtin.ts';
import { World, type WorldOptions } from './world.ts';

export class ScenarioInvalid extends Error {
  constructor(readonly errors: { path: string; expected: string; got: string }[]) {
    super(`invalid scenario:\n${formatErrors(errors)}`);
  }
}

/** A built-in id or an inline object → a validated scenario (throws ScenarioInvalid with field paths). */
export function resolveScenario(ref: string | unknown): Scenario {
  let input: unknown = ref;
  if (typeof ref === 'string') {
    input = builtin(ref);
    if (!input)
      throw new ScenarioInvalid([
        {
          path: 'scenario',
          expected: `a built-in id (${builtinIds().join(', ')}) or a scenario object`,
          got: JSON.stringify(ref),
        },
      ]);
  }
  const v = validateScenario(input);
  if (!v.ok) throw new ScenarioInvalid(v.errors);
  return v.scenario;
}

let shared: Promise<Codec> | undefined;
/** One codec (one packet core instance) per process is enough: worlds run one at a time. */
export function codec(): Promise<Codec> {
  shared ??= loadCodec();
  return shared;
}

/** Builds a world, starts it and runs it to the scenario's end. */
export async function runScenario(ref: string | unknown, opts: WorldOptions): Promise<World> {
  const sc = resolveScenario(ref);
  const w = new World(sc, await codec(), opts);
  w.start();
  w.runUntil(sc.durationUs);
  return w;
}
