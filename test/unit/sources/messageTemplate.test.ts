import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_INPUT, TemplateCounter, templateOf } from '../../../src/main/core/sources/messageTemplate';

describe('message templates', () => {
  it.each([
    ['numbers become <num>, units stay', 'flushed batch 123 of 4000 records in 45ms', 'flushed batch <num> of <num> records in <num>ms'],
    ['UUIDs', 'session=0a1b2c3d-1234-4abc-a123-0123456789ab done', 'session=<uuid> done'],
    ['hex with 0x and long hex runs', 'ptr 0xdeadbeef trace=0a1b2c3d4e5f6071', 'ptr <hex> trace=<hex>'],
    ['IPv4 with and without port', 'from 10.1.2.3 to 192.168.0.1:8080', 'from <ip> to <ip>'],
    ['IPv6', 'peer fe80:0:0:0:1:2:3:4 gone', 'peer <ip> gone'],
    ['paths', 'reading /var/spool/in/ab12.ndjson and /healthz', 'reading <path> and <path>'],
    ['double- and single-quoted values', `user="bob" role='admin'`, `user="<str>" role='<str>'`],
    ['ISO timestamps', 'at 2026-04-30T09:30:00.123Z next', 'at <ts> next'],
    ['error codes are kept: a category, not a value', 'accept: Too many open files (os error 24)', 'accept: Too many open files (os error 24)'],
    ['errno and exit status kept', 'write failed errno=28; exit status 137', 'write failed errno=28; exit status 137'],
    ['apostrophes in words are not quotes', "it's fine, don't worry", "it's fine, don't worry"],
    ['digits inside words stay', 'v2 api h2c', 'v2 api h2c'],
  ])('%s', (_why, line, template) => {
    expect(templateOf(line)).toBe(template);
  });

  it('lines that differ only in values share one template', () => {
    const a = templateOf('GET /v1/items/17 -> 200 in 12ms request_id=0a1b2c3d-1234-4abc-a123-0123456789ab');
    const b = templateOf('GET /v1/orders/99999 -> 404 in 900ms request_id=ffffffff-0000-4000-a000-000000000000');
    expect(a).toBe(b);
  });

  it('a huge line is templated on its first part only', () => {
    const t = templateOf('x'.repeat(MAX_TEMPLATE_INPUT * 5) + ' 12');
    expect(t.length).toBe(MAX_TEMPLATE_INPUT);
  });

  it('hostile text (newlines, $(...), invalid UTF-8 replacement chars) round-trips as text', () => {
    const line = 'rm -rf $(touch /tmp/pwned)\n\uFFFD end';
    expect(templateOf(line)).toBe('rm -rf $(touch <path>)\n\uFFFD end');
  });
});

describe('template counter', () => {
  it('counts identical templates, ranks by count, keeps the first line as example and shares of all lines', () => {
    const c = new TemplateCounter();
    for (let i = 0; i < 90; i++) c.add(`accept failed after ${i} tries`);
    for (let i = 0; i < 10; i++) c.add(`login ok user="u${i}"`);
    const s = c.summary(5);
    expect(s.lines).toBe(100);
    expect(s.top[0]).toEqual({ template: 'accept failed after <num> tries', count: 90, share: 0.9, example: 'accept failed after 0 tries' });
    expect(s.top[1]).toMatchObject({ template: 'login ok user="<str>"', count: 10, share: 0.1 });
  });

  it('stops keeping new templates at the cap and counts their lines as uncounted', () => {
    const c = new TemplateCounter(3);
    for (const w of ['alpha', 'beta', 'gamma', 'delta', 'epsilon']) c.add(`event ${w}`);
    c.add('event alpha');
    const s = c.summary(10);
    expect(s.distinct).toBe(3);
    expect(s.uncountedLines).toBe(2);
    expect(s.top.find((t) => t.template === 'event alpha')?.count).toBe(2);
  });

  it('cuts examples to 500 characters', () => {
    const c = new TemplateCounter();
    c.add('y'.repeat(3000));
    expect(c.summary().top[0].example.length).toBe(500);
  });
});
