// Raw bytes to a server over TCP: request lines and headers no HTTP client would send.
import { connect } from 'node:net';

/** Sends `raw` bytes on a fresh TCP connection and resolves with everything the server
 * answers before it closes the connection (or 2 s pass). */
export function sendRaw(port: number, raw: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), 2000);
    socket.on('data', (d: Buffer) => {
      answer += d.toString('latin1');
      // One answer is enough: keep-alive connections stay open otherwise.
      if (/\r\n\r\n/.test(answer) && !/content-length: [1-9]/i.test(answer)) socket.end();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', reject);
    socket.end(raw);
  });
}
