/** What stopping the hub closes: the HTTP server (and its notice streams), then the database. */
export interface StoppableHub {
  hub: { close(): Promise<unknown> };
  database: { close(): Promise<void> };
}

/**
 * Stops the hub for a signal and gives the process's exit code: 0 when everything
 * closed, 1 when something failed on the way, said on stderr (the error's message
 * only, as the start path does), so a supervisor or an operator sees a stop that
 * went wrong. The database is closed even when the server's close failed.
 */
export async function stopHub(
  { hub, database }: StoppableHub,
  signal: string,
  report: (line: string) => void = (line) => console.error(line),
): Promise<number> {
  let code = 0;
  const failed = (what: string) => (error: unknown) => {
    code = 1;
    report(`CareDesk hub could not ${what} on ${signal}: ${(error as Error)?.message ?? String(error)}`);
  };
  await hub.close().catch(failed('close its server'));
  await database.close().catch(failed('close its database'));
  return code;
}
