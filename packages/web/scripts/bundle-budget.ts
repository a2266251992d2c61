/**
 * The build check on the wizard's weight: the JavaScript a browser must load before the wizard (/assess)
 * can run — the entry chunk, the wizard page's lazy chunk and every chunk they import statically — gzipped.
 * The build fails above the budget; the workspace pages are lazy chunks of their own and do not count.
 */
import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export const WIZARD_BUDGET_BYTES = 400 * 1024;
/** the wizard page's module, the root of its lazy chunk */
const WIZARD_MODULE = /\/src\/wizard\/wizard-page\.tsx$/;

interface Chunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  facadeModuleId: string | null;
  imports: string[];
}

/** the files (and their gzipped sizes) loaded before the wizard runs */
export function wizardInitialJs(bundle: Record<string, { type: string }>): {
  files: string[];
  gzipped: number;
} {
  const chunks = Object.values(bundle).filter((c): c is Chunk => c.type === 'chunk');
  const roots = chunks.filter((c) => c.isEntry || WIZARD_MODULE.test(c.facadeModuleId ?? ''));
  if (!roots.some((c) => !c.isEntry)) throw new Error('bundle budget: the wizard page chunk was not found');
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<string>();
  const visit = (c: Chunk) => {
    if (seen.has(c.fileName)) return;
    seen.add(c.fileName);
    for (const i of c.imports) {
      const next = byName.get(i);
      if (next) visit(next);
    }
  };
  for (const r of roots) visit(r);
  const files = [...seen].sort();
  const gzipped = files.reduce((n, f) => n + gzipSync(byName.get(f)!.code, { level: 9 }).length, 0);
  return { files, gzipped };
}

export function bundleBudget(budget = WIZARD_BUDGET_BYTES): Plugin {
  return {
    name: 'icpdesk-bundle-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const { files, gzipped } = wizardInitialJs(bundle as Record<string, { type: string }>);
      const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
      const line = `wizard initial JavaScript: ${kb(gzipped)} gzipped (budget ${kb(budget)}; ${files.length} files)`;
      if (gzipped > budget) this.error(`${line}: over budget`);
      this.info(line);
      // the figure, for the e2e tests' report (dist/ root is not served: only dist/assets is)
      this.emitFile({
        type: 'asset',
        fileName: 'bundle-budget.json',
        source: JSON.stringify({ gzipped, budget, files }, null, 2),
      });
    },
  };
}
