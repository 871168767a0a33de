/** The one error the statistics throw on a bad argument, naming the function, the argument, the expectation and the value. */

/**
 * A bad argument to a statistics function: a RangeError (so `instanceof RangeError` still holds) whose `name` is
 * 'StatsArgumentError' and whose fields say which function, which argument, what was expected and what was found.
 * @example new StatsArgumentError('logGamma', 'x', 'a number', NaN).message // 'logGamma: x must be a number, got NaN'
 */
export class StatsArgumentError extends RangeError {
  override readonly name = 'StatsArgumentError';
  readonly fn: string;
  readonly argument: string;
  readonly expected: string;
  readonly found: string;

  constructor(fn: string, argument: string, expected: string, found: unknown) {
    super(`${fn}: ${argument} must be ${expected}, got ${String(found)}`);
    this.fn = fn;
    this.argument = argument;
    this.expected = expected;
    this.found = String(found);
  }
}
