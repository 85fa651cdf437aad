// The executor of the pure roles' actions (core/roles/actions.ts): each action, in order, through
// the world's `Net` — a send is originated and traced as `tx`, a binding change goes to the data
// plane and the trace, a phase change is checked against its machine's table and traced.
import type { Action } from '../roles/actions.ts';
import type { Net } from '../roles/net.ts';

export function perform(net: Net, node: string, actions: readonly Action[]): void {
  for (const a of actions) {
    if (a.do === 'send') net.send(node, a.msg, a.why);
    else if (a.do === 'bind') net.fwd.bind(node, a.home, a.coa, a.lifetimeUs, a.why);
    else net.state(node, a.machine, a.from, a.to, a.why);
  }
}
