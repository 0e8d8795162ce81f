#!/usr/bin/env node
// The `backprop-lab` command. Runs on Node 24, which strips the TypeScript types itself.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2));
