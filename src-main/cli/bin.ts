#!/usr/bin/env node
// The `backprop-lab` command. Runs on Node 24, which strips the TypeScript types itself.
import { main } from './main.ts';

// A reader that stops early (`backprop-lab train --json | head -1`) closes the pipe: what is
// left to print goes nowhere, and the command carries on (a run trains to its end and is saved)
// instead of dying on an unhandled EPIPE.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv.slice(2));
