// What the pending-interrupt budget costs batched ENQUEUE (issue 11 item 6): the same batches into a
// VM whose registry has a budget (as the server always has) and into one whose registry has none
// (no accounting at all), alternated in pairs, in process, where the transport cannot hide it.

import {
  KVM_DEV_FLIC_ENQUEUE,
  KVM_DEV_TYPE_FLIC,
  VmRegistry,
  encodeIrqs,
  type AttrCall,
  type Irq,
  type Vm,
} from '../../src/device/index.js';
import { ioIrqs } from '../../test/support/workload.js';

/** A device figure (deviceBench.ts's DeviceFigure, by shape). */
interface OverheadFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly target: number;
  readonly higherIsBetter: boolean;
}

const BATCH = 1000;
/** Batches per leg: 200,000 interrupts, below the 266,250 limit. */
const BATCHES = 200;
/** A budget no leg comes near: the accounting runs, the limit never refuses. */
const AMPLE = 64 * 1024 ** 3;

function vmOf(budget: boolean): Vm {
  const reg = new VmRegistry(budget ? { maxPendingBytes: AMPLE } : {});
  reg.createVm('v');
  const vm = reg.get('v');
  vm.createDevice(KVM_DEV_TYPE_FLIC);
  return vm;
}

/**
 * CPU seconds of the process for `legs` legs of BATCHES batches, the queue emptied (untimed) between
 * legs. CPU time, not wall time: on a shared machine the time this process is not running is not
 * the budget's.
 */
function timeLegs(vm: Vm, legs: number, send: (vm: Vm) => void): number {
  let us = 0;
  for (let l = 0; l < legs; l++) {
    vm.clearIrqs();
    const c0 = process.cpuUsage();
    for (let b = 0; b < BATCHES; b++) send(vm);
    const c = process.cpuUsage(c0);
    us += c.user + c.system;
  }
  return us / 1e6;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Overhead in percent: the median over rounds of (time with budget ÷ time without − 1), each round
 * an A B B A sequence of single legs, so that a drift of the machine within a round favours neither.
 */
function overhead(rounds: number, send: (vm: Vm) => void): { percent: number; spread: [number, number] } {
  const ratios: number[] = [];
  const withBudget = vmOf(true);
  const without = vmOf(false);
  timeLegs(withBudget, 2, send);
  timeLegs(without, 2, send);
  for (let r = 0; r < rounds; r++) {
    const a1 = timeLegs(withBudget, 1, send);
    const b1 = timeLegs(without, 1, send);
    const b2 = timeLegs(without, 1, send);
    const a2 = timeLegs(withBudget, 1, send);
    ratios.push((a1 + a2) / (b1 + b2));
  }
  const pct = (x: number): number => (x - 1) * 100;
  return { percent: pct(median(ratios)), spread: [pct(Math.min(...ratios)), pct(Math.max(...ratios))] };
}

export function budgetOverheadFigures(quick: boolean): OverheadFigure[] {
  const rounds = quick ? 9 : 41;
  const irqs: readonly Irq[] = ioIrqs(BATCH);
  const data = encodeIrqs(irqs);
  const raw: AttrCall = { flags: 0, group: KVM_DEV_FLIC_ENQUEUE, attr: BigInt(data.length), data, badAddr: false };
  const cases: [string, (vm: Vm) => void][] = [
    ['raw', (vm) => vm.setAttr(raw)],
    ['typed', (vm) => vm.enqueue(irqs)],
  ];
  return cases.map(([label, send]) => {
    const o = overhead(rounds, send);
    return {
      name: `pending-interrupt budget: overhead on ${label} ENQUEUE of 1,000-record batches (median of ${rounds} rounds, ${o.spread[0].toFixed(1)} to ${o.spread[1].toFixed(1)} %)`,
      value: o.percent,
      unit: '%',
      target: 3,
      higherIsBetter: false,
    };
  });
}
