// Reading the Prometheus HTTP API's answer to an instant query: checked by hand (no schema library over
// 50,000 series), bounded by the caller's byte limit, and every refusal a sentence the operator can act on.

export interface PromSample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

export class PromAnswerError extends Error {}

/** The answer of an instant query is a vector; anything else means a proxy or the wrong URL answered. */
export function parseInstantVector(body: string, what: string): PromSample[] {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    throw new PromAnswerError(`Prometheus answered ${what} with malformed JSON (${describeStart(body)})`);
  }
  if (!isObject(doc)) throw new PromAnswerError(`Prometheus answered ${what} with JSON that is no API answer`);
  if (doc.status === 'error') {
    const kind = typeof doc.errorType === 'string' ? doc.errorType : 'error';
    const msg = typeof doc.error === 'string' ? doc.error.slice(0, 500) : 'no message';
    throw new PromAnswerError(`Prometheus refused ${what}: ${kind}: ${msg}`);
  }
  if (doc.status !== 'success' || !isObject(doc.data)) throw new PromAnswerError(`Prometheus answered ${what} with JSON that is no API answer (no status "success" and data)`);
  const { resultType, result } = doc.data;
  if (resultType !== 'vector' || !Array.isArray(result)) throw new PromAnswerError(`Prometheus answered ${what} with a ${String(resultType)}, not an instant vector`);
  const out: PromSample[] = [];
  for (const item of result) {
    if (!isObject(item) || !isObject(item.metric) || !Array.isArray(item.value) || item.value.length !== 2) {
      throw new PromAnswerError(`Prometheus answered ${what} with a malformed series`);
    }
    const labels: Record<string, string> = {};
    for (const [k, v] of Object.entries(item.metric)) {
      if (typeof v !== 'string') throw new PromAnswerError(`Prometheus answered ${what} with a non-string label ${k}`);
      labels[k] = v;
    }
    const raw = item.value[1];
    if (typeof raw !== 'string') throw new PromAnswerError(`Prometheus answered ${what} with a non-string sample value`);
    // "NaN", "+Inf" and "-Inf" are valid sample values; Number() reads the infinities, NaN stays NaN.
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    if (Number.isNaN(value) && raw !== 'NaN') throw new PromAnswerError(`Prometheus answered ${what} with a sample value that is no number`);
    out.push({ labels, value });
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeStart(body: string): string {
  const t = body.trimStart();
  if (t === '') return 'an empty body';
  if (t.startsWith('<')) return 'an HTML page: is the URL a Prometheus server?';
  return `starting ${JSON.stringify(t.slice(0, 40))}`;
}
