// The layer rule of eslint.config.js (ARCHITECTURE.md, "Rules the lint enforces"), run
// through ESLint's Node API on snippets placed, in name only, in each layer: a wrong-way
// import must fail `npm run lint`, a right-way one must not.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function layerErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${path}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

const page = "import { PackagePage } from '../features/package/components/package-page';\nexport const X = PackagePage;\n";

describe('the layer rule', { timeout: 60_000 }, () => {
  it('refuses a shared component importing a feature', async () => {
    const errors = await layerErrors('src/components/layer-fixture.tsx', page);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('"components"');
    expect(errors[0]).toContain('"feature"');
  });

  it('refuses a shared component or a feature importing the app', async () => {
    const code = "import { parseHash } from '../../../app/routes';\nexport const X = parseHash;\n";
    expect(await layerErrors('src/features/search/components/layer-fixture.tsx', code)).toHaveLength(1);
    const shared = "import { parseHash } from '../app/routes';\nexport const X = parseHash;\n";
    expect(await layerErrors('src/components/layer-fixture.tsx', shared)).toHaveLength(1);
  });

  it('refuses lib importing shared components, and core importing lib', async () => {
    const lib = "import { LoadingBlock } from '../components/loading-block';\nexport const X = LoadingBlock;\n";
    expect(await layerErrors('src/lib/layer-fixture.ts', lib)).toHaveLength(1);
    const core = "import { packageHref } from '../../lib/hrefs';\nexport const X = packageHref;\n";
    expect(await layerErrors('src/core/analysis/layer-fixture.ts', core)).toHaveLength(1);
  });

  it('refuses one feature importing another, except the package screen embedding charts and export', async () => {
    const other = "import { VersionPage } from '../../version/components/version-page';\nexport const X = VersionPage;\n";
    expect(await layerErrors('src/features/compare/components/layer-fixture.tsx', other)).toHaveLength(1);
    const embedded = "import { ExportButtons } from '../../export/components/export-buttons';\nexport const X = ExportButtons;\n";
    expect(await layerErrors('src/features/package/components/layer-fixture.tsx', embedded)).toEqual([]);
  });

  it('accepts imports that run the right way', async () => {
    const code = [
      "import { usePackage } from '../../../lib/package-data/use-package';",
      "import { PackageBreadcrumb } from '../../../components/package-breadcrumb';",
      "import { analyzePackage } from '../../../core/analysis/analyze-package';",
      "import { FindingsList } from '../../../components/findings-list';",
      'export const X = [usePackage, PackageBreadcrumb, analyzePackage, FindingsList];',
      '',
    ].join('\n');
    expect(await layerErrors('src/features/audit/components/layer-fixture.tsx', code)).toEqual([]);
  });
});
