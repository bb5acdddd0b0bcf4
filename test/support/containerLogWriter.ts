// A process that writes a container's json-file log the way dockerd does: JSON lines, through one fd held
// open, opened with O_APPEND (as dockerd opens a new log) or without it (as dockerd reopens the log after a
// rotation: O_WRONLY|O_TRUNC|O_CREAT, then writing at its own offset). Each line sent on its stdin is written
// as one more log line, and it answers "ok" once written.
import { spawn, type ChildProcess } from 'node:child_process';
import { superviseChild } from './processes';

const PY_WRITER = `
import json, os, sys, time
path, append, initial = sys.argv[1], sys.argv[2] == "append", int(sys.argv[3])
flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else os.O_TRUNC)
fd = os.open(path, flags, 0o640)
line = (json.dumps({"log": "x" * 200 + "\\n", "stream": "stdout", "time": "2026-12-07T03:00:00.000000000Z"}) + "\\n").encode()
written = 0
while written < initial:
    written += os.write(fd, line)
print("ready", flush=True)
for text in sys.stdin:
    os.write(fd, (json.dumps({"log": text, "stream": "stdout", "time": "2026-12-07T03:00:01.000000000Z"}) + "\\n").encode())
    print("ok", flush=True)
`;

export interface ContainerLogWriter {
  pid: number;
  /** Writes one more log line and waits until it is written. */
  write(text: string): Promise<void>;
  stop(): Promise<void>;
}

function nextLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const onData = (c: Buffer) => {
      child.stdout!.off('data', onData);
      resolve(c.toString().trim());
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the log writer exited ${code}`)));
  });
}

/** Starts a writer of `path` that first writes at least `initialBytes` of log lines. */
export async function startContainerLogWriter(path: string, mode: 'append' | 'no-append', initialBytes: number): Promise<ContainerLogWriter> {
  const child = spawn('python3', ['-c', PY_WRITER, path, mode === 'append' ? 'append' : 'plain', String(initialBytes)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const stop = superviseChild(child);
  try {
    await nextLine(child);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    pid: child.pid!,
    async write(text) {
      const answered = nextLine(child);
      child.stdin!.write(`${text}\n`);
      await answered;
    },
    stop,
  };
}
