/**
 * Fault switches. Each targets one path or every path, and lasts until cleared or for a given
 * number of requests. Transport faults replace or delay the HTTP exchange; WeChat faults
 * answer with the errcode WeChat would send.
 */
export type Fault =
  | { kind: 'slowHeaders'; ms: number }
  | { kind: 'slowBody'; ms: number }
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'html502' }
  | { kind: 'notJson' }
  | { kind: 'truncatedJson' }
  | { kind: 'oversize'; bytes: number }
  | { kind: 'busy' }
  | { kind: 'quota45009' }
  | { kind: 'minuteQuota45011' }
  | { kind: 'ipNotWhitelisted'; ip: string };

export type FaultKind = Fault['kind'];

/** A path like "/cgi-bin/token", or options; omitted means every path, until cleared. */
export type FaultTarget = string | { path?: string; times?: number };

interface Active {
  fault: Fault;
  path: string | undefined;
  remaining: number;
}

export class Scenario {
  private active: Active[] = [];

  /** Wait this long before sending the response headers. */
  slowHeaders(ms: number, target?: FaultTarget): this {
    return this.set({ kind: 'slowHeaders', ms }, target);
  }
  /** Send headers and half the body, then wait this long before the rest. */
  slowBody(ms: number, target?: FaultTarget): this {
    return this.set({ kind: 'slowBody', ms }, target);
  }
  /** Never answer: hold the request open until the client gives up (its timeout, or a cancel). */
  hang(target?: FaultTarget): this {
    return this.set({ kind: 'hang' }, target);
  }
  /** Destroy the socket without answering. */
  reset(target?: FaultTarget): this {
    return this.set({ kind: 'reset' }, target);
  }
  /** A gateway's HTML 502 page. */
  html502(target?: FaultTarget): this {
    return this.set({ kind: 'html502' }, target);
  }
  /** 200 with a plain-text body. */
  notJson(target?: FaultTarget): this {
    return this.set({ kind: 'notJson' }, target);
  }
  /** 200 application/json whose document stops half-way. */
  truncatedJson(target?: FaultTarget): this {
    return this.set({ kind: 'truncatedJson' }, target);
  }
  /** 200 with a valid JSON body of (about) this many bytes, streamed chunked without a Content-Length. */
  oversize(bytes: number, target?: FaultTarget): this {
    return this.set({ kind: 'oversize', bytes }, target);
  }
  /** errcode -1 "system error" for the next `times` requests (default 1), then normal. */
  busy(times = 1, path?: string): this {
    return this.set({ kind: 'busy' }, { path, times });
  }
  /** errcode 45009, as when the daily quota is spent. */
  quota45009(target?: FaultTarget): this {
    return this.set({ kind: 'quota45009' }, target);
  }
  /** errcode 45011, the per-minute limit. */
  minuteQuota45011(target?: FaultTarget): this {
    return this.set({ kind: 'minuteQuota45011' }, target);
  }
  /** errcode 40164 naming `ip` as the caller. */
  ipNotWhitelisted(ip = '1.2.3.4', target?: FaultTarget): this {
    return this.set({ kind: 'ipNotWhitelisted', ip }, target);
  }

  set(fault: Fault, target?: FaultTarget): this {
    const { path, times } = typeof target === 'string' ? { path: target, times: undefined } : (target ?? {});
    this.active.push({ fault, path, remaining: times ?? Number.POSITIVE_INFINITY });
    return this;
  }

  /** Remove every switch, or those of one kind. */
  clear(kind?: FaultKind): this {
    this.active = kind ? this.active.filter((a) => a.fault.kind !== kind) : [];
    return this;
  }

  /** The faults for one request, used up by one each. */
  take(path: string): Fault[] {
    const hits = this.active.filter((a) => a.remaining > 0 && (a.path === undefined || a.path === path));
    for (const hit of hits) hit.remaining -= 1;
    this.active = this.active.filter((a) => a.remaining > 0);
    return hits.map((h) => h.fault);
  }
}
