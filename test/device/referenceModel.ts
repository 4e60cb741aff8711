// A deliberately naive FLIC (current kernels): plain arrays and linear scans, written from the
// spec with no code shared with src/device. The property tests run random call sequences through
// both and demand the same errno and the same GET_ALL_IRQS bytes.

export interface IoRec {
  type: number;
  sid: number;
  nr: number;
  parm: number;
  word: number;
}
export interface ExtRec {
  type: number;
  p: number;
  pad: number;
  p2: bigint;
}

const MAX_IO = 266250;
const MAX_VIRTIO = 87381;

export class ReferenceFlic {
  io: IoRec[] = [];
  pfault: ExtRec[] = [];
  virtio: ExtRec[] = [];
  svc = { word: 0, sccb: false, ev: false };
  mchk = { pending: false, cr14: 0n, mcic: 0n };
  ipm = 0;
  simm = 0;
  nimm = 0;
  adapters = new Map<number, { isc: number; suppressible: boolean }>();

  constructor(
    readonly ais: boolean,
    readonly gisa: boolean,
    readonly maxVcpus: number,
  ) {}

  /** ENQUEUE of whole records; returns the errno or null. */
  enqueue(records: Uint8Array[]): string | null {
    for (const r of records) {
      const dv = new DataView(r.buffer, r.byteOffset);
      const type = dv.getBigUint64(0);
      const err = this.injectOne(type, dv);
      if (err !== null) return err;
    }
    return null;
  }

  private injectOne(type: bigint, dv: DataView): string | null {
    if (type <= 0xfffdffffn) {
      return this.injectIo({ type: Number(type), sid: dv.getUint16(8), nr: dv.getUint16(10), parm: dv.getUint32(12), word: dv.getUint32(16) });
    }
    const ext = (): ExtRec => ({ type: Number(type), p: dv.getUint32(8), pad: dv.getUint32(12), p2: dv.getBigUint64(16) });
    switch (type) {
      case 0xffff2603n:
        if (this.virtio.length >= MAX_VIRTIO) return 'EBUSY';
        this.virtio.push(ext());
        return null;
      case 0xfffe0005n:
        if (this.pfault.length >= 64 * this.maxVcpus) return 'EBUSY';
        this.pfault.push(ext());
        return null;
      case 0xffff2401n: {
        const p = dv.getUint32(8);
        this.svc.word = (this.svc.word | (p & 3)) >>> 0;
        if (this.svc.word & 3) this.svc.ev = true;
        if (Math.floor(this.svc.word / 8) === 0) {
          this.svc.word = (this.svc.word | (p & 0xfffffff8)) >>> 0;
          this.svc.sccb = true;
        }
        return null;
      }
      case 0xfffe1000n:
        this.mchk.cr14 |= dv.getBigUint64(8) & 0x10000000n;
        this.mchk.mcic |= dv.getBigUint64(16);
        this.mchk.pending = true;
        return null;
      default:
        return 'EINVAL';
    }
  }

  private injectIo(r: IoRec): string | null {
    const isc = Math.floor(r.word / 2 ** 27) % 8;
    if (this.gisa && Math.floor(r.type / 2 ** 26) % 2 === 1) {
      this.ipm |= 128 / 2 ** isc;
      return null;
    }
    if (this.io.length >= MAX_IO) return 'EBUSY';
    this.io.push(r);
    return null;
  }

  clearIo(schid: number): string | null {
    if (schid === 0) return 'EINVAL';
    for (let isc = 0; isc < 8; isc++) {
      for (let i = 0; i < this.io.length; i++) {
        const r = this.io[i]!;
        if (Math.floor(r.word / 2 ** 27) % 8 === isc && r.sid * 65536 + r.nr === schid) {
          this.io.splice(i, 1);
          return null;
        }
      }
    }
    return null;
  }

  clearAll(): void {
    this.io = [];
    this.pfault = [];
    this.virtio = [];
    this.svc = { word: 0, sccb: false, ev: false };
    this.mchk = { pending: false, cr14: 0n, mcic: 0n };
    this.ipm = 0;
  }

  register(id: number, isc: number, flags: number): string | null {
    if (id >= 64 || this.adapters.has(id)) return 'EINVAL';
    this.adapters.set(id, { isc, suppressible: flags % 2 === 1 });
    return null;
  }

  airq(id: number): string | null {
    const a = this.adapters.get(id);
    if (a === undefined) return 'EINVAL';
    const shifted = (a.isc * 2 ** 27) % 2 ** 32;
    const word = shifted >= 2 ** 31 ? shifted : shifted + 2 ** 31;
    const ai: IoRec = { type: 0x04000000, sid: 0, nr: 0, parm: 0, word };
    if (!this.ais || !a.suppressible) return this.injectIo(ai);
    const m = a.isc <= 7 ? 128 / 2 ** a.isc : 0;
    if (this.nimm & m) return null;
    const err = this.injectIo(ai);
    if (err !== null) return err;
    if (this.simm & m) this.nimm |= m;
    return null;
  }

  aism(isc: number, mode: number): string | null {
    if (!this.ais) return 'EOPNOTSUPP';
    if (isc > 7) return 'EINVAL';
    const m = 128 / 2 ** isc;
    if (mode === 0) {
      this.simm &= ~m & 0xff;
      this.nimm &= ~m & 0xff;
    } else if (mode === 1) {
      this.simm |= m;
      this.nimm &= ~m & 0xff;
    } else return 'EINVAL';
    return null;
  }

  aismAllSet(simm: number, nimm: number): string | null {
    if (!this.ais) return 'EOPNOTSUPP';
    this.simm = simm;
    this.nimm = nimm;
    return null;
  }

  aismAllGet(): string | Uint8Array {
    if (!this.ais) return 'EOPNOTSUPP';
    return Uint8Array.of(this.simm, this.nimm);
  }

  /** GET_ALL_IRQS with a buffer of `len` bytes: the records, or an errno. */
  getAll(len: number): string | Uint8Array {
    if (len === 0 || len > 0x2000000) return 'EINVAL';
    const max = Math.floor(len / 72);
    const out: Uint8Array[] = [];
    const rec = (): DataView => {
      const r = new Uint8Array(72);
      out.push(r);
      return new DataView(r.buffer);
    };
    if (this.ipm !== 0) {
      for (let isc = 0; isc < 8; isc++) {
        if (out.length === max) {
          return 'ENOMEM';
        }
        const bit = 128 / 2 ** isc;
        if (this.ipm & bit) {
          this.ipm &= ~bit;
          const d = rec();
          d.setUint32(4, 0x04000000);
          d.setUint32(16, (0x80000000 + isc * 2 ** 27) >>> 0);
        }
      }
    }
    const sorted = [0, 1, 2, 3, 4, 5, 6, 7].flatMap((isc) => this.io.filter((r) => Math.floor(r.word / 2 ** 27) % 8 === isc));
    const total = out.length + sorted.length + this.pfault.length + this.virtio.length + (this.svc.sccb || this.svc.ev ? 1 : 0) + (this.mchk.pending ? 1 : 0);
    if (total > max) return 'ENOMEM';
    for (const r of sorted) {
      const d = rec();
      d.setUint32(4, r.type);
      d.setUint16(8, r.sid);
      d.setUint16(10, r.nr);
      d.setUint32(12, r.parm);
      d.setUint32(16, r.word);
    }
    for (const e of [...this.pfault, ...this.virtio]) {
      const d = rec();
      d.setUint32(4, e.type);
      d.setUint32(8, e.p);
      d.setUint32(12, e.pad);
      d.setBigUint64(16, e.p2);
    }
    if (this.svc.sccb || this.svc.ev) {
      const d = rec();
      d.setUint32(4, 0xffff2401);
      d.setUint32(8, this.svc.word);
    }
    if (this.mchk.pending) {
      const d = rec();
      d.setUint32(4, 0xfffe1000);
      d.setBigUint64(8, this.mchk.cr14);
      d.setBigUint64(16, this.mchk.mcic);
    }
    return Buffer.concat(out);
  }

  /** Records pending now (GISA bits included). */
  pending(): number {
    let bits = 0;
    for (let i = 0; i < 8; i++) if (this.ipm & (1 << i)) bits++;
    return bits + this.io.length + this.pfault.length + this.virtio.length + (this.svc.sccb || this.svc.ev ? 1 : 0) + (this.mchk.pending ? 1 : 0);
  }

  ioDepths(): number[] {
    return [0, 1, 2, 3, 4, 5, 6, 7].map((isc) => this.io.filter((r) => Math.floor(r.word / 2 ** 27) % 8 === isc).length);
  }
}
