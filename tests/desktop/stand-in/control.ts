// The stand-in's line to the test that started it (tests/desktop/harness.ts forks the main
// process with an IPC channel): notes on what the app did go up, commands come down. Without a
// channel (the stand-in executable started by `npm start`) notes go to stdout as single lines.

export type Note = { readonly type: string } & Record<string, unknown>;
export type Command = { readonly id: number; readonly op: string } & Record<string, unknown>;
type CommandHandler = (command: Command) => unknown;

const handlers = new Map<string, CommandHandler>();

/** Whether a harness drives this process (it was forked with an IPC channel). */
export const driven = typeof process.send === 'function';

export function note(message: Note): void {
  if (driven) {
    if (process.connected) process.send?.(message);
  } else console.log(`electron stand-in: ${JSON.stringify(message)}`);
}

export function onCommand(op: string, handler: CommandHandler): void {
  handlers.set(op, handler);
}

if (driven) {
  process.on('message', (raw) => {
    const command = raw as Command;
    if (typeof command?.op !== 'string') return;
    const handler = handlers.get(command.op);
    void (async () => {
      try {
        if (handler === undefined) throw new Error(`the stand-in has no command '${command.op}'`);
        note({ type: 'reply', id: command.id, ok: true, value: await handler(command) });
      } catch (error) {
        note({
          type: 'reply',
          id: command.id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    })();
  });
  // The harness going away ends the app, as closing the last window would.
  process.on('disconnect', () => process.exit(0));
}
