/**
 * How `voke` ends once a command is done: as soon as what it wrote has left the process. Waiting for
 * Node to wind down on its own also waits for the HTTP agent's kept-alive socket to close and for the
 * environment's teardown, a few milliseconds on every run for nothing.
 */

/** The part of a writable stream this needs. */
export interface FlushableStream {
  readonly writableLength: number;
  readonly destroyed: boolean;
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

/**
 * Resolves once `stream` holds nothing unwritten. stdout and stderr are synchronous for files,
 * terminals and (on Linux) pipes, so this is usually at once; where a pipe is asynchronous (macOS,
 * Windows) an empty write's callback runs after the data before it went out.
 */
export function flushed(stream: FlushableStream): Promise<void> {
  if (stream.destroyed || stream.writableLength === 0) return Promise.resolve();
  return new Promise((resolve) => {
    stream.write("", () => resolve());
  });
}

export interface ExitParams {
  code: number;
  streams: readonly FlushableStream[];
  /** `process.exit`; tests pass a recorder. */
  exit: (code: number) => void;
}

/** Exits with `code` once every stream is flushed. The process's 'exit' listeners still run. */
export async function exitWhenFlushed(params: ExitParams): Promise<void> {
  await Promise.all(params.streams.map(flushed));
  params.exit(params.code);
}
