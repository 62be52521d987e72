// One attempt's timers (core/net/http-client.ts): an idle timeout, restarted by every chunk,
// and a total one, each ending the attempt with a TIMEOUT error that says which fired.
import { RegistryError, isAbortError } from './http-errors';
import { DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_PACKUMENT_TOTAL_TIMEOUT_MS } from './timeouts';

/** The request options the timers read (GetJsonOptions has them). */
export interface WatchdogOptions {
  idleTimeoutMs?: number;
  totalTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * One attempt's timers. Hand-written (rather than `AbortSignal.timeout` and `any`)
 * because the idle timer restarts with every chunk, and the error must say which
 * timeout fired and after how many bytes.
 */
export class Watchdog {
  private readonly controller = new AbortController();
  private readonly idleMs: number;
  private readonly totalMs: number;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly totalTimer: ReturnType<typeof setTimeout>;
  private readonly listeners: (() => void)[] = [];
  private readonly outer?: AbortSignal;
  private readonly onOuterAbort = () => this.controller.abort(this.outer?.reason);
  private bytes = 0;
  fired: 'idle' | 'total' | undefined;

  constructor(
    private readonly url: string,
    options: WatchdogOptions,
  ) {
    this.idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
    this.totalMs = options.totalTimeoutMs ?? DEFAULT_PACKUMENT_TOTAL_TIMEOUT_MS;
    this.outer = options.signal;
    if (this.outer?.aborted) this.controller.abort(this.outer.reason);
    else this.outer?.addEventListener('abort', this.onOuterAbort, { once: true });
    this.totalTimer = setTimeout(() => this.fire('total'), this.totalMs);
    this.kick();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Bytes (or headers) arrived: the idle timeout starts again. */
  kick(bytes = 0): void {
    this.bytes += bytes;
    if (this.fired) return;
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.fire('idle'), this.idleMs);
  }

  onFire(listener: () => void): void {
    this.listeners.push(listener);
  }

  private fire(which: 'idle' | 'total'): void {
    if (this.fired || this.controller.signal.aborted) return;
    this.fired = which;
    this.controller.abort(new DOMException(`${which} timeout`, 'TimeoutError'));
    for (const listener of this.listeners) listener();
  }

  timeoutError(): RegistryError {
    const received = this.bytes > 0 ? ` (${this.bytes} bytes of the body had arrived)` : '';
    const message =
      this.fired === 'total'
        ? `The request took longer than ${seconds(this.totalMs)} s and was stopped${received}.`
        : `Nothing arrived from the server for ${seconds(this.idleMs)} s, so the request was stopped${received}.`;
    return new RegistryError({ code: 'TIMEOUT', message, url: this.url });
  }

  /** The error to report for whatever an attempt threw. */
  explain(error: unknown): unknown {
    if (this.fired) return this.timeoutError();
    if (error instanceof RegistryError) return error;
    if (isAbortError(error) || this.outer?.aborted) return abortedError(this.url, error);
    return error;
  }

  /** The whole body arrived: the timeouts stop (an abort from outside still ends the attempt). */
  bodyDone(): void {
    clearTimeout(this.totalTimer);
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
  }

  dispose(): void {
    clearTimeout(this.totalTimer);
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.outer?.removeEventListener('abort', this.onOuterAbort);
  }
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

export function abortedError(url: string, cause: unknown): RegistryError {
  const reason = cause instanceof Error && cause.name === 'TimeoutError' ? ' (timed out)' : '';
  return new RegistryError({ code: 'ABORTED', message: `The request was cancelled${reason}.`, url });
}
