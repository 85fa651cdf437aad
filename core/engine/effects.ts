// The executor of the pure roles' actions (core/roles/actions.ts): each action, in order, through
// the world's `Net` — a send is originated and traced as `tx`, a timer is armed on the kernel (its
// firing goes back to the role as the timer's data), a forwarding or binding change goes to the
// data plane and the trace, a phase change is checked against its machine's table and traced.
import { timerKey, type Action, type TimerHost } from '../roles/actions.ts';
import type { Net } from '../roles/net.ts';

export type { TimerHost } from '../roles/actions.ts';

export function perform(net: Net, node: string, actions: readonly Action[], host?: TimerHost): void {
  for (const a of actions) {
    switch (a.do) {
      case 'send':
        net.send(node, a.msg, a.why);
        break;
      case 'send-link':
        net.sendOnLink(node, a.mnLla, a.msg, a.why);
        break;
      case 'send-tunnelled':
        net.sendTunnelled(node, a.msg, a.peer, a.why);
        break;
      case 'arm': {
        if (!host) throw new Error(`${node}: a timer armed (${a.timer.name}) by a role with no timer host`);
        const d = a.delayUs;
        const us = typeof d === 'number' ? d : net.rng.int(d.min, d.max);
        const t = a.timer;
        host.armed.set(
          timerKey(t),
          net.timer(node, t.name, us, () => host.fire(t)),
        );
        break;
      }
      case 'cancel': {
        const id = host?.armed.get(timerKey(a.timer));
        if (id !== undefined) net.cancel(node, a.timer.name, id);
        break;
      }
      case 'tunnel':
        net.fwd.tunnelTo(node, a.addr, a.peer, a.lifetimeUs, a.why, a.type);
        break;
      case 'untunnel':
        net.fwd.untunnel(node, a.addr, a.why);
        break;
      case 'reverse':
        net.fwd.reverseTunnel(node, a.src, a.peer, a.lifetimeUs, a.why, a.type);
        break;
      case 'unreverse':
        if (net.fwd.unreverse) net.fwd.unreverse(node, a.src, a.why);
        else net.fwd.reverseTunnel(node, a.src, a.peer, 0, a.why, 'bet-reverse');
        break;
      case 'bicast':
        net.fwd.bicast?.(node, a.addr, a.peer, a.on);
        break;
      case 'host-route':
        net.fwd.hostRoute(node, a.addr, a.on, a.why);
        break;
      case 'nc':
        net.fwd.nc(node, a.addr, a.lla, a.state, a.why);
        break;
      case 'buffer':
        net.fwd.buffer(node, a.addr, a.on, a.why);
        break;
      case 'flush':
        net.fwd.flush(node, a.addr);
        break;
      case 'bind':
        net.fwd.bind(node, a.home, a.coa, a.lifetimeUs, a.why);
        break;
      case 'state':
        net.state(node, a.machine, a.from, a.to, a.why);
        break;
      case 'own':
        net.own(node, a.addr);
        break;
      case 'disown':
        net.disown(node, a.addr);
        break;
      case 'mark':
        net.mark(node, a.what, a.detail);
        break;
      case 'mark-lla':
        net.markLla(a.mnLla, a.what);
        break;
      case 'second-interface':
        net.secondInterfaceUp(node, { cell: a.cell, router: a.router, lla: a.lla });
        break;
      case 'beth':
        host?.bethInput?.(a.on, a.mnLla);
        break;
    }
  }
}
