import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYamlSafely, YAML_LIMITS, yamlShapeProblem } from './safe-yaml.ts';

/** aliases of aliases, nine per level: 9^levels strings once expanded, from a few hundred characters */
function billionLaughs(levels: number): string {
  const names = 'abcdefghijklmnop';
  const lines = [`a: &a [${Array(9).fill('lol').join(', ')}]`];
  for (let i = 1; i < levels; i++)
    lines.push(
      `${names[i]}: &${names[i]} [${Array(9)
        .fill(`*${names[i - 1]}`)
        .join(', ')}]`,
    );
  return lines.join('\n');
}
const refused = (text: string) => {
  const r = parseYamlSafely(text);
  return r.ok ? undefined : r.problem;
};

describe('parseYamlSafely', () => {
  it('reads the example manifest, and a document with a few aliases', () => {
    const manifest = readFileSync(
      new URL('../../../examples/packages/b25-hangzhou/application.yaml', import.meta.url),
      'utf8',
    );
    expect(parseYamlSafely(manifest).ok).toBe(true);
    const r = parseYamlSafely('holder: &h 杭州示例\ndocuments:\n  - holder: *h\n  - holder: *h\n');
    expect(r.ok && r.data).toEqual({
      holder: '杭州示例',
      documents: [{ holder: '杭州示例' }, { holder: '杭州示例' }],
    });
  });
  it('refuses a billion-laughs document quickly, naming it', () => {
    const t0 = performance.now();
    const p = refused(billionLaughs(9));
    expect(p).toMatchObject({ kind: 'too-complex' });
    expect(p?.message).toContain('billion laughs');
    expect(performance.now() - t0).toBeLessThan(2000);
  });
  it('refuses deep nesting before the parser sees it (block, flow and indentation)', () => {
    // 200 000 "- " (400 KB) exhausted the heap inside the yaml package
    expect(refused(`${'- '.repeat(200_000)}x`)?.message).toContain('indented more than');
    expect(refused(`a: ${'['.repeat(YAML_LIMITS.flowDepth + 1)}`)?.message).toContain('nests [ ] or { }');
    const indented = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(refused(indented)?.message).toContain('indented more than');
  });
  it('refuses a document larger than the limit', () => {
    expect(refused(`a: "${'x'.repeat(YAML_LIMITS.chars)}"`)?.message).toContain('characters long');
  });
  it('does not count brackets in quotes, comments or words', () => {
    const deep = '['.repeat(YAML_LIMITS.flowDepth + 5);
    expect(yamlShapeProblem(`a: "${deep}"\nb: '${deep}'\n# ${deep}\nc: O'Brien ${deep}`)).toBeDefined();
    expect(yamlShapeProblem(`a: "${deep}"\nb: '${deep}'\n# ${deep}\n`)).toBeUndefined();
  });
  it('says an alias names no anchor instead of calling it a bomb', () => {
    expect(refused('a: *nobody\n')).toMatchObject({
      kind: 'syntax',
      message: expect.stringContaining('*nobody'),
    });
  });
  it('reports a syntax error with its line', () => {
    expect(refused('a:\n  b: [unclosed\n')).toMatchObject({ kind: 'syntax', line: 3 });
  });
});
