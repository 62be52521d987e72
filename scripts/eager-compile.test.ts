import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rolldown, type Plugin as RolldownPlugin } from 'rolldown';
import { parseAst } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { eagerCommonJs, eagerCommonJsPlugin, type Node } from './eager-compile';

const parse = (code: string) => parseAst(code) as unknown as Node;

const dir = mkdtempSync(path.join(tmpdir(), 'eager-commonjs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Three CommonJS modules as a bundle would hold them: one reading `this` at its top level
// (as TypeScript's CommonJS output does; the bundler passes `module.exports` for it), one naming `arguments` at its top level, one
// naming it only inside a nested function.
writeFileSync(
  path.join(dir, 'reads-this.cjs'),
  `var helper = (this && this.helper) || function (x) { return x * 2; };
   exports.doubled = helper(21);
   exports.thisType = typeof this;
   module.exports.sameExports = module.exports === exports;`,
);
writeFileSync(path.join(dir, 'top-arguments.cjs'), `exports.argumentsType = typeof arguments;`);
writeFileSync(
  path.join(dir, 'nested-arguments.cjs'),
  `exports.count = (function () { return arguments.length; })(1, 2, 3);`,
);
writeFileSync(
  path.join(dir, 'entry.js'),
  `import a from './reads-this.cjs';
   import b from './top-arguments.cjs';
   import c from './nested-arguments.cjs';
   export default { ...a, ...b, ...c };`,
);

async function bundle(plugins: RolldownPlugin[], name: string): Promise<{ code: string; exports: unknown }> {
  const build = await rolldown({ input: path.join(dir, 'entry.js'), plugins, logLevel: 'silent' });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  const code = output[0].code;
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(file, code);
  const module = (await import(pathToFileURL(file).href)) as { default: unknown };
  return { code, exports: module.default };
}

describe('eager CommonJS factories (scripts/eager-compile.ts)', () => {
  it("rewrites the bundler's arrow factories as function expressions, with the same exports", async () => {
    const before = await bundle([], 'before');
    const after = await bundle([eagerCommonJsPlugin() as unknown as RolldownPlugin], 'after');
    // The bundler's shape this plugin relies on: if rolldown stops writing it, this fails.
    expect(before.code.match(/__commonJSMin\(\(\(exports[\w$, ]*\) => \{/g)).toHaveLength(3);
    expect(after.code.match(/__commonJSMin\(\(function\(exports[\w$, ]*\) \{/g)).toHaveLength(2);
    // The factory naming its own `arguments` stays an arrow.
    expect(after.code).toMatch(/__commonJSMin\(\(\(exports\) => \{\s*exports\.argumentsType = typeof arguments/);
    expect(before.exports).toEqual({ doubled: 42, thisType: 'object', sameExports: true, argumentsType: 'undefined', count: 3 });
    expect(after.exports).toEqual(before.exports);
  });

  it('leaves code without a factory, and calls of other functions, as they are', () => {
    expect(eagerCommonJs('const f = (a) => { return a; }; f(1);', parse)).toBeNull();
    expect(eagerCommonJs('other(((exports) => { exports.a = 1; }));', parse)).toBeNull();
    // An expression body, or an async factory, is not the bundler's factory.
    expect(eagerCommonJs('__commonJSMin(((exports) => exports));', parse)).toBeNull();
    expect(eagerCommonJs('__commonJSMin((async (exports) => { exports.a = 1; }));', parse)).toBeNull();
  });

  it('keeps the parameters and the body, and finds factories nested in other code', () => {
    const code = 'var a = __commonJS(((exports, module) => { module.exports = () => this; }));\n' +
      'function wrap() { return __commonJSMin(((exports) => { exports.b = class { m() { return arguments; } }; })); }';
    const out = eagerCommonJs(code, parse)?.toString();
    expect(out).toBe(
      'var a = __commonJS((function(exports, module) { module.exports = () => this; }));\n' +
        'function wrap() { return __commonJSMin((function(exports) { exports.b = class { m() { return arguments; } }; })); }',
    );
  });
});
