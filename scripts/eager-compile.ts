// Has V8 compile the code the app runs at start with the chunk that holds it (off the main
// thread, as the chunk streams in or is preloaded), not when a function is first called,
// which compiles it on the main thread in the task that calls it. Two ways:
//
// 1. The app's chunks start with V8's explicit compile hint `//# allFunctionsCalledOnLoad`
//    (`compileHintBanner`, rolldown's `postBanner`: added after minification, which would
//    drop a comment). Chromium (136 and later) then compiles every function of the chunk
//    eagerly; other engines ignore the comment. In traces of the package screen from
//    navigation, the main thread's lazy compilations went from 1,000–2,000 functions
//    (215–350 ms, in every task that renders) to 383 (123–162 ms). Only the app's chunks:
//    a chunk is compiled only if it is loaded, and the app loads a chunk when it runs it.
//    Not the workers' scripts, which compile on their own threads.
//
// 2. Each CommonJS module's body is compiled with its chunk, not when it is first required.
//
// The bundler wraps a CommonJS module (react-dom, @sigstore/*, …) in a factory it calls on
// the first `require`: `__commonJSMin(((exports, module) => { …the module… }))`. V8
// compiles a function only when it is first called, unless it looks like it will be called
// at once: a parenthesized `function` expression (V8's "PIFE" heuristic, v8.dev/blog/preparser).
// The bundler already parenthesizes the factory, but as an arrow function, and the V8 of
// Chromium 156 and Node 20 still compiles that lazily: react-dom's 190 KB factory was then
// parsed twice (pre-parsed with its chunk, fully parsed and compiled when React started),
// the second time on the main thread, in the task that starts the app (measured: React's
// start 29–86 ms in Chromium on this machine, 11–35 ms with this plugin; in Node 24 ms to
// 3 ms, the chunk's own evaluation unchanged). As a `function` expression, the factory is
// compiled with its chunk, which the browser does off the main thread for a streamed or
// preloaded script.
//
// Written here because no bundler option does it (rolldown's `pifeForModuleWrappers` is
// what writes the arrow PIFE). The change is to the function's head only: an arrow
// factory becomes a `function` expression with the same parameters and body. The two
// could differ in `this` and `arguments`:
// - `this`: a CommonJS module's top-level `this` (TypeScript's output reads it:
//   `(this && this.__importDefault) || …`) is `module.exports`, which the bundler passes
//   as a parameter and renames; any other `this` left in a factory is undefined in both
//   forms, as the wrapper calls the factory without a receiver, in a module's strict code;
// - `arguments` would be the wrapper's arguments in a `function` but is not defined in an
//   arrow at a module's top level: a factory whose own code (not a nested `function`'s)
//   names it is left as it is. (`new.target` cannot appear in such an arrow.)
import MagicString from 'magic-string';
import type { Plugin } from 'vite';

/** The wrappers of rolldown's runtime that take a CommonJS module's factory. */
const WRAPPERS = new Set(['__commonJSMin', '__commonJS']);

export interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export type Parse = (code: string) => Node;

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'type' || key === 'start' || key === 'end') continue;
    if (Array.isArray(value)) out.push(...value.filter(isNode));
    else if (isNode(value)) out.push(value);
  }
  return out;
}

/** Whether `body` names `arguments` of its own function (nested `function`s and class members have their own). */
function namesArguments(body: Node): boolean {
  const stack = [body];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.type === 'Identifier' && node['name'] === 'arguments') return true;
    if (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression') continue;
    // Method bodies and field initializers have their own `arguments` (or none); the
    // class's `extends` clause and computed keys are searched.
    if (node.type === 'ClassBody') {
      for (const member of children(node)) {
        const key = member['key'];
        if (member['computed'] === true && isNode(key)) stack.push(key);
      }
      continue;
    }
    stack.push(...children(node));
  }
  return false;
}

/**
 * `code` with each CommonJS factory written as a `function` expression, or null when
 * there is none to rewrite. `parse` gives an ESTree program with `start`/`end` offsets.
 */
export function eagerCommonJs(code: string, parse: Parse): MagicString | null {
  if (!code.includes('__commonJS')) return null;
  const s = new MagicString(code);
  let changed = false;
  const stack = [parse(code)];
  for (let node = stack.pop(); node; node = stack.pop()) {
    stack.push(...children(node));
    if (node.type !== 'CallExpression') continue;
    const callee = node['callee'];
    const args = node['arguments'];
    if (!isNode(callee) || callee.type !== 'Identifier' || !WRAPPERS.has(callee['name'] as string)) continue;
    if (!Array.isArray(args) || !isNode(args[0])) continue;
    // The parser gives ESTree, without nodes for parentheses: the PIFE's are not in the tree.
    const factory = args[0];
    const body = factory['body'];
    const params = factory['params'];
    if (factory.type !== 'ArrowFunctionExpression' || factory['async'] === true) continue;
    if (!isNode(body) || body.type !== 'BlockStatement' || !Array.isArray(params)) continue;
    if (namesArguments(body)) continue;
    const list = (params as Node[]).map((param) => code.slice(param.start, param.end)).join(', ');
    s.overwrite(factory.start, body.start, `function(${list}) `);
    changed = true;
  }
  return changed ? s : null;
}

/** V8's compile hint for a chunk of the app (`build.rollupOptions.output.postBanner`). */
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';

export function compileHintBanner(chunk: { fileName: string }): string {
  return chunk.fileName.endsWith('.js') ? COMPILE_HINT : '';
}

/** For the app's and the workers' builds (vite.config.ts). */
export function eagerCommonJsPlugin(): Plugin {
  return {
    name: 'provenance:eager-commonjs',
    apply: 'build',
    renderChunk(code, chunk) {
      const s = eagerCommonJs(code, (source) => this.parse(source) as unknown as Node);
      if (!s) return null;
      return { code: s.toString(), map: s.generateMap({ hires: true, source: chunk.fileName }) };
    },
  };
}
