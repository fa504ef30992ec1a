/**
 * The rooms of the house and which doors between them may be used, as one lint rule: an import is
 * resolved against the importing file, so `../../core/x` and `../core/x` are judged by where they
 * land, not by how they are spelled.
 *
 * - src/core imports nothing from the hosts (cli, web, electron, preload) nor the renderer;
 * - src/contract imports nothing but itself;
 * - the renderer imports no core, host or node code, and the zod table (src/contract/schema.ts)
 *   for its types only;
 * - a renderer feature imports no other feature (what two features share lives in renderer/ui), and
 *   renderer/ui imports no feature.
 */
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = import.meta.dirname;

/** [the importing folder, the folders it may not reach, why]. */
const walls = [
  [
    'src/core/',
    ['src/cli/', 'src/web/', 'src/electron/', 'src/preload/', 'src/renderer/'],
    'src/core is the Electron-free core: hosts import it, never the other way round.',
  ],
  [
    'src/contract/',
    ['src/core/', 'src/cli/', 'src/web/', 'src/electron/', 'src/preload/', 'src/renderer/'],
    'src/contract is the shared contract: it depends on nothing but itself.',
  ],
  [
    'src/renderer/ui/',
    ['src/renderer/features/'],
    'src/renderer/ui holds what features share; it cannot depend on one of them.',
  ],
  [
    'src/renderer/',
    ['src/core/', 'src/cli/', 'src/web/', 'src/electron/', 'src/preload/'],
    'The renderer reaches the core only through window.wxcred; it imports contract types and constants.',
  ],
];

const SCHEMA = 'src/contract/schema';
const FEATURE = /^src\/renderer\/features\/([^/]+)\//;

const repoPath = (file) => relative(ROOT, file).split(sep).join('/');

/** Where a relative import lands, as a repository path without extension; null for packages. */
function target(fromFile, source) {
  if (!source.startsWith('.')) return null;
  return repoPath(resolve(dirname(fromFile), source)).replace(/\.(d\.)?[cm]?[jt]sx?$/, '');
}

const typeOnly = (node) =>
  node.importKind === 'type' ||
  node.exportKind === 'type' ||
  (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === 'type' || s.exportKind === 'type'));

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports stay within the architecture: core, contract, hosts, renderer, features' },
    schema: [],
  },
  create(context) {
    const from = repoPath(context.filename);
    const fromFeature = FEATURE.exec(from)?.[1];
    function check(node, source) {
      if (typeof source !== 'string') return;
      const to = target(context.filename, source);
      if (to === null) return;
      for (const [room, denied, why] of walls) {
        if (!from.startsWith(room)) continue;
        const door = denied.find((d) => `${to}/`.startsWith(d));
        if (door) context.report({ node, message: `${from} may not import ${to}: ${why}` });
      }
      if (from.startsWith('src/renderer/') && (to === SCHEMA || to === `${SCHEMA}/index`) && !typeOnly(node)) {
        context.report({ node, message: `The renderer takes only types from ${SCHEMA}.ts (import type …): its values are the zod table.` });
      }
      const toFeature = FEATURE.exec(`${to}/`)?.[1];
      if (fromFeature && toFeature && toFeature !== fromFeature) {
        context.report({
          node,
          message: `Feature "${fromFeature}" may not import feature "${toFeature}": move what both need to src/renderer/ui/.`,
        });
      }
    }
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const boundaries = { rules: { boundaries: rule } };
