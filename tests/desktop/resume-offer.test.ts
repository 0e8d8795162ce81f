// The desktop app and runs it did not finish: quitting while a run trains leaves it interrupted
// (not cancelled), and the next start offers, in a message box, to resume it; "Not now" leaves it
// as it is, "Resume training" takes it from its checkpoint to the end.

import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src-core/presets.ts';
import { CLOSED_WHILE_TRAINING, type RunRow } from '../../src-main/contract/rows.ts';
import { EVENT_CHANNEL } from '../../src-main/electron/channels.ts';
import { launchMain, type DesktopMain, type Note } from './harness.ts';

const launched: DesktopMain[] = [];
afterAll(async () => {
  for (const main of launched) await main.kill();
});

async function launch(configHome?: string): Promise<DesktopMain> {
  const main = await launchMain({ configHome });
  launched.push(main);
  return main;
}

/** A note that the app told its window of run `id`'s event `type`. */
const sent =
  (type: string, id: number) =>
  (n: Note): boolean => {
    if (n.type !== 'send' || n.channel !== EVENT_CHANNEL) return false;
    const event = (n.args as { type: string; runId?: number }[])[0];
    return event?.type === type && event.runId === id;
  };

async function run(main: DesktopMain, id: number) {
  const answer = await main.call('getRun', { id });
  if (!answer.ok) throw new Error(answer.error.message);
  return answer.value as RunRow & { history: { kind: string }[] };
}

const EPOCHS = 30;
describe('a run the desktop app was closed on', () => {
  it('is interrupted, offered for resuming at the next start, and resumed to its end', async () => {
    const first = await launch();
    const datasets = await first.call('listDatasets', {});
    const [mnist] = datasets.ok ? (datasets.value as { id: number }[]) : [];
    const started = await first.call('startRun', {
      name: 'closed mid-run',
      preset: null,
      // Enough epochs that quitting after the first lands mid-run: on the WebAssembly kernels
      // three epochs of this network end in about a second.
      config: { ...PRESETS.quick, layers: [16], activations: ['relu'], epochs: EPOCHS },
      datasetId: mnist.id,
    });
    const id = started.ok ? (started.value as RunRow).id : 0;
    await first.waitFor(sent('epoch', id), 120_000);
    expect(await first.quit()).toBe(0);

    // No message box when nothing was interrupted: the first start showed none.
    expect(first.notes.filter((n) => n.type === 'messageBox')).toEqual([]);

    const second = await launch(first.configHome);
    const box = await second.waitFor((n) => n.type === 'messageBox');
    expect(box.options).toMatchObject({
      type: 'question',
      message: 'A run was interrupted when Backprop Lab closed. Resume it?',
      buttons: ['Resume training', 'Not now'],
      cancelId: 1,
    });
    expect((box.options as { detail: string }).detail).toContain(`Run ${id}, closed mid-run:`);
    expect(await run(second, id)).toMatchObject({
      status: 'interrupted',
      error: CLOSED_WHILE_TRAINING,
    });
    await second.answerMessageBox(1); // Not now
    await new Promise((r) => setTimeout(r, 500));
    expect((await run(second, id)).status).toBe('interrupted');
    expect(await second.quit()).toBe(0);

    const third = await launch(first.configHome);
    await third.waitFor((n) => n.type === 'messageBox');
    await third.answerMessageBox(0); // Resume training
    const ended = await third.waitFor(sent('ended', id), 120_000);
    expect((ended.args as { status: string }[])[0].status).toBe('completed');
    const done = await run(third, id);
    expect(done).toMatchObject({ status: 'completed', epochsDone: EPOCHS });
    expect(done.history.map((h) => h.kind)).toEqual(['continued']);
    expect(await third.quit()).toBe(0);
  }, 300_000);
});
