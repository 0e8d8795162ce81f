// Browser mode's import: `POST /upload/dataset?file=NAME&size=BYTES[&file=…&size=…][&name=…]`
// with the files' bytes back to back as the body (one CSV, or the 2 or 4 files of an IDX
// dataset). The server has already checked the token, Host and Origin. The body streams to disk
// (see services/dataset-import.ts); nothing is held in memory. Sizes over the cap are refused
// with 413 before a byte is read, and the body can hold no more than the sizes say; gzipped
// data over the cap once unpacked is refused with 413 as soon as it passes it.

import type { IncomingMessage } from 'node:http';
import type { UploadResult } from '../contract/api.ts';
import type { ApiHandler } from '../services/handler.ts';

export const UPLOAD_PATH = '/upload/dataset';
const MAX_NAME = 255;

type Reply = (status: number, result: UploadResult) => void;

export function receiveUpload(
  req: IncomingMessage,
  url: URL,
  handler: ApiHandler,
  reply: Reply,
): void {
  const refuse = (status: number, message: string) =>
    reply(status, { ok: false, error: { code: 'invalid-request', message } });
  if (req.method !== 'POST') return refuse(405, 'upload with POST');
  const names = url.searchParams.getAll('file');
  const sizes = url.searchParams
    .getAll('size')
    .map((s) => (/^\d{1,15}$/.test(s) ? Number(s) : NaN));
  if (names.length === 0 || names.length !== sizes.length || sizes.some(Number.isNaN))
    return refuse(400, 'name every file and its size in bytes: ?file=NAME&size=BYTES');
  if (names.some((n) => n.length === 0 || n.length > MAX_NAME))
    return refuse(400, `a file name must be 1 to ${MAX_NAME} characters`);
  const total = sizes.reduce((a, b) => a + b, 0);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) !== total)
    return refuse(400, `the body is ${declared} bytes but the files' sizes add up to ${total}`);

  const name = url.searchParams.get('name') ?? undefined;
  void handler
    .importUpload({
      files: names.map((n, i) => ({ name: n, size: sizes[i], label: n })),
      body: req,
      name,
    })
    .then((result) => reply(result.ok ? 200 : statusOf(result), result))
    .catch((error: unknown) => console.error('Backprop Lab: answering an upload failed:', error));
}

function statusOf(result: Extract<UploadResult, { ok: false }>): number {
  switch (result.error.code) {
    case 'too-large':
      return 413;
    case 'invalid-request':
      return 400;
    default:
      return 500;
  }
}
