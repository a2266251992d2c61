import { describe, expect, it } from 'vitest';
import { wizardInitialJs } from '../scripts/bundle-budget.ts';

const chunk = (
  fileName: string,
  code: string,
  o: { entry?: boolean; facade?: string; imports?: string[] } = {},
) => ({
  type: 'chunk',
  fileName,
  code,
  isEntry: !!o.entry,
  facadeModuleId: o.facade ?? null,
  imports: o.imports ?? [],
});

describe('the wizard’s initial JavaScript', () => {
  const bundle = {
    'index.js': chunk('index.js', 'a'.repeat(1000), { entry: true, imports: ['react.js'] }),
    'react.js': chunk('react.js', 'r'.repeat(1000)),
    'wizard.js': chunk('wizard.js', 'w'.repeat(1000), {
      facade: '/x/packages/web/src/wizard/wizard-page.tsx',
      imports: ['antd.js', 'react.js'],
    }),
    'antd.js': chunk('antd.js', 'd'.repeat(1000)),
    'workspace.js': chunk('workspace.js', 'k'.repeat(100_000), { facade: '/x/src/pages/companies.tsx' }),
    'style.css': { type: 'asset' },
  };

  it('counts the entry, the wizard page and what they import, never another page', () => {
    const r = wizardInitialJs(bundle);
    expect(r.files).toEqual(['antd.js', 'index.js', 'react.js', 'wizard.js']);
    expect(r.gzipped).toBeGreaterThan(0);
    expect(r.gzipped).toBeLessThan(400);
  });

  it('fails when the wizard page is not a chunk of its own', () => {
    const { 'wizard.js': _, ...without } = bundle;
    expect(() => wizardInitialJs(without)).toThrow(/wizard page chunk was not found/);
  });
});
