/** A problem in the data, located precisely enough for a person to fix it. */
export class DataError extends Error {
  constructor(
    readonly file: string,
    readonly entry: string | undefined,
    readonly problem: string,
  ) {
    super(`${file}${entry ? ` (entry "${entry}")` : ''}: ${problem}`);
    this.name = 'DataError';
  }
}

/** Several data problems found in one pass, so one start-up shows all of them. */
export class DataErrors extends Error {
  constructor(readonly errors: DataError[]) {
    super(
      `The data has ${errors.length} problem${errors.length === 1 ? '' : 's'}:\n` +
        errors.map((error) => `  - ${error.message}`).join('\n'),
    );
    this.name = 'DataErrors';
  }
}

/** A question the graph cannot answer because the caller named something that is not there. */
export class LookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LookupError';
  }
}
