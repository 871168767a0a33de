/**
 * withinTime: runs synchronous work (a decoder that trusts its input, for instance) with a wall-clock limit, so a
 * malformed file that sends a library into a loop ends in a named error instead of a hang.
 *
 * Method: the work is called from a script run by node:vm with `timeout`, whose watchdog interrupts the running
 * JavaScript (V8 TerminateExecution) wherever it is, including inside library code; the interrupted call throws
 * ERR_SCRIPT_EXECUTION_TIMEOUT, which is turned into a TimeBoundError. Only synchronous work can be bounded this way.
 */
import vm from 'node:vm';

/** The work did not finish within its limit. */
export class TimeBoundError extends Error {
  readonly seconds: number;

  constructor(seconds: number) {
    super(`did not finish within ${seconds} s`);
    this.name = 'TimeBoundError';
    this.seconds = seconds;
  }
}

const script = new vm.Script('work()', { filename: 'evenhand-time-bound.vm' });
/** One context for every call (making a context costs far more than the call): `work` is set before each run. */
const context = vm.createContext({ work: (): unknown => undefined });

/**
 * Runs `work()` and returns its result, or throws TimeBoundError after `seconds` of wall-clock time.
 * Errors thrown by `work` pass through unchanged.
 * @example const table = withinTime(10, () => tableFromIPC(bytes));
 */
export function withinTime<T>(seconds: number, work: () => T): T {
  if (!(seconds > 0)) throw new RangeError(`withinTime: seconds must be > 0, got ${seconds}`);
  const previous: unknown = context['work'];
  context['work'] = work;
  try {
    // runInContext returns `any`: the value is work()'s own, of type T.
    return script.runInContext(context, { timeout: Math.ceil(seconds * 1000), breakOnSigint: false }) as T;
  } catch (err) {
    if (typeof err === 'object' && err !== null && 'code' in err && err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw new TimeBoundError(seconds);
    throw err;
  } finally {
    context['work'] = previous; // nested calls restore the outer work
  }
}
