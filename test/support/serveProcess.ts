// The real `npm run serve` main process (out/main/serve.js) as a child: its URL, token and pid.
import { spawn } from 'node:child_process';
import { appRoot } from './cli';
import { superviseChild } from './processes';

export interface ServeProcess {
  pid: number;
  port: number;
  token: string;
  wsUrl: string;
  stop(): Promise<void>;
}

export async function startServe(dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [`${appRoot}/out/main/serve.js`, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SPOOLSCOPE_DATA_DIR: dataDir, ...env },
  });
  const stop = superviseChild(child);
  let err = '';
  child.stderr!.on('data', (c: Buffer) => {
    err = (err + c.toString()).slice(-4000);
  });
  const url = await new Promise<URL>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /serving at (\S+)/.exec(out);
      if (m) resolve(new URL(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out} ${err}`)));
  });
  const token = url.searchParams.get('token')!;
  return { pid: child.pid!, port: Number(url.port), token, wsUrl: `ws://127.0.0.1:${url.port}/ws?token=${token}`, stop };
}
