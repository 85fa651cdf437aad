// "1 seed", "2 seeds", "1 result file": a count with its noun in the right number, for every
// sentence the lab writes about a count (session 9 review: "1 seeds", "1 file(s)"). The page is in
// English; Intl.PluralRules picks the form (it is deterministic: no clock, no locale of the machine).
const RULES = new Intl.PluralRules('en-US');

/** `count(1, 'seed')` → "1 seed"; `count(3, 'index', 'indices')` → "3 indices". */
export function count(n: number, one: string, other = `${one}s`): string {
  return `${n} ${RULES.select(n) === 'one' ? one : other}`;
}
