// A lint rule of the project's own: eslint-plugin-import-x's `no-cycle` skips type-only imports,
// and a cycle of types is still a cycle (docs/decisions.md D-lint-cycles).
import { readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The project file a relative specifier names (`./x.js` is `./x.ts` here), or undefined. */
function resolveLocal(fromFile, specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = resolve(dirname(fromFile), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mts'), target]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not there: try the next spelling
    }
  }
  return undefined;
}

/** Imports of other files by path, with the mtime they were read at. */
const importsCache = new Map();

/**
 * The project files `file` imports at load time: every `import` and `export … from`, type-only
 * ones included; dynamic `import()` is left out (it runs after both modules have loaded).
 */
function importsOf(file) {
  const mtimeMs = statSync(file).mtimeMs;
  const cached = importsCache.get(file);
  if (cached?.mtimeMs === mtimeMs) return cached.imports;
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const imports = [];
  for (const s of source.statements) {
    const specifier = ts.isImportEqualsDeclaration(s)
      ? ts.isExternalModuleReference(s.moduleReference)
        ? s.moduleReference.expression
        : undefined
      : ts.isImportDeclaration(s) || ts.isExportDeclaration(s)
        ? s.moduleSpecifier
        : undefined;
    const target =
      specifier && ts.isStringLiteral(specifier) ? resolveLocal(file, specifier.text) : undefined;
    if (target !== undefined) imports.push(target);
  }
  importsCache.set(file, { mtimeMs, imports });
  return imports;
}

/**
 * `local/no-import-cycle`: reports an import that leads back to its own file. Type-only imports
 * count, unlike eslint-plugin-import-x's `no-cycle` (docs/decisions.md D-lint-cycles): a cycle of
 * types still ties two modules into one and is where a value cycle starts.
 */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid imports that lead back to the importing file (type-only ones too)' },
    schema: [],
    messages: { cycle: 'import cycle: {{route}}; move what they share to a module of its own' },
  },
  create(context) {
    const file = context.physicalFilename;
    const name = (f) => relative(context.cwd, f);
    // Files already searched from this one that do not lead back to it.
    const deadEnds = new Set();
    /** The shortest route from `start` back to `file`, or undefined. */
    const routeBack = (start) => {
      const parent = new Map([[start, undefined]]);
      const queue = [start];
      while (queue.length > 0) {
        const at = queue.shift();
        for (const next of importsOf(at)) {
          if (next === file) {
            const route = [file];
            for (let f = at; f !== undefined; f = parent.get(f)) route.unshift(f);
            return [file, ...route];
          }
          if (parent.has(next) || deadEnds.has(next)) continue;
          parent.set(next, at);
          queue.push(next);
        }
      }
      for (const f of parent.keys()) deadEnds.add(f);
      return undefined;
    };
    const check = (node) => {
      const target = resolveLocal(file, String(node.source.value));
      if (target === undefined || target === file || deadEnds.has(target)) return;
      const route = routeBack(target);
      if (route !== undefined) {
        context.report({ node, messageId: 'cycle', data: { route: route.map(name).join(' → ') } });
      }
    };
    return {
      'Program > ImportDeclaration': check,
      'Program > ExportNamedDeclaration[source]': check,
      'Program > ExportAllDeclaration': check,
      'Program > TSImportEqualsDeclaration[moduleReference.type="TSExternalModuleReference"]': (node) =>
        check({ ...node, source: node.moduleReference.expression }),
    };
  },
};
