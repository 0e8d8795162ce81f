// `backprop-lab serve`: the app in a browser, for machines without Electron. Prints the address
// (with its access token) and runs until Ctrl-C, which stops running training as interrupted
// (the user closed the app; they did not cancel the run, and may resume it) before the server
// stops.

import { ensureRendererBuilt } from '../renderer-build.ts';
import { startAppServices } from '../services/app-services.ts';
import { forkSpawner } from '../services/spawner.ts';
import { resolveDatabasePath } from '../store/paths.ts';
import { startHttpServer, type RunningServer } from '../transport/http-server.ts';
import { UsageError } from './errors.ts';
import { parseFlags } from './train-options.ts';

export const DEFAULT_PORT = 5170;
const PORTS_TRIED = 10;

export async function serveCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseFlags(args, {
    port: { type: 'string' },
    db: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0)
    throw new UsageError(`serve: unexpected argument '${positionals[0]}'`);
  const explicit = values.port !== undefined;
  const port = Number(values.port ?? DEFAULT_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port: expected a port number, got '${values.port}'`);

  // Like JUPYTER_TOKEN: a fixed token keeps open tabs working across restarts. From the
  // environment, not a flag, so other users of the machine cannot read it in `ps`.
  const token = process.env.BACKPROP_LAB_TOKEN;
  if (token !== undefined && token.length < 16)
    throw new UsageError('BACKPROP_LAB_TOKEN: expected at least 16 characters');

  const staticDir = await ensureRendererBuilt((line) => console.error(line));
  const services = startAppServices(resolveDatabasePath(values.db, process.env), forkSpawner());
  let server: RunningServer | null = null;
  try {
    // The default port may be taken (a second copy, another program): try the next few.
    for (let p = port; server === null; p++) {
      try {
        server = await startHttpServer({ handler: services.handler, staticDir, port: p, token });
      } catch (error) {
        const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (!inUse || explicit || port === 0 || p >= port + PORTS_TRIED - 1)
          throw inUse ? new UsageError(`port ${p} is in use; choose another with --port`) : error;
      }
    }
  } catch (error) {
    await services.close();
    throw error;
  }
  if (values.json)
    console.log(JSON.stringify({ type: 'listening', url: server.url, port: server.port }));
  else console.log(`Backprop Lab is running at ${server.url}`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  console.error(
    'Stopping: running training is kept to resume later (backprop-lab resume RUN); closing the database…',
  );
  await server.close();
  await services.close();
  return 0;
}
