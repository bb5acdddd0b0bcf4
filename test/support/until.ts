// Polls a condition the test cannot be told about (a file event, a sample, an alert) until it holds,
// failing with what it waited for once the time is up.
export async function until(what: string, pred: () => boolean, timeoutMs: number, pollMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
