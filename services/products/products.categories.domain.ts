import type { Category, CategoryNode } from './products.contract';
import type { Problem } from './products.prices.domain';

/** Deep enough for any storefront menu; it bounds path length and the writes a move makes. */
export const MAX_CATEGORY_DEPTH = 8;

type Placed = Pick<Category, 'id' | 'path'>;

/** `/root-id/child-id/`: the parent's path plus the category's own id. */
export const pathOf = (parent: Pick<Category, 'path'> | null, id: string): string => `${parent?.path ?? '/'}${id}/`;

export const depthOf = (path: string): number => path.split('/').length - 2;

/**
 * The string range holding a path and every path below it: [path, path with its last character
 * incremented). Stores compare strings by code point, so this is "starts with" as one range query.
 */
export function subtreeRange(path: string): { $gte: string; $lt: string } {
  const last = path.charCodeAt(path.length - 1);
  return { $gte: path, $lt: `${path.slice(0, -1)}${String.fromCharCode(last + 1)}` };
}

export const isWithin = (path: string, ancestorPath: string): boolean => path.startsWith(ancestorPath);

/**
 * New paths for a category moving under `parent` (null: to the root) and for its descendants, or
 * the problem that forbids the move: a category cannot move below itself, nor past the depth limit.
 */
export function planMove(
  category: Placed,
  parent: Placed | null,
  descendants: Placed[],
): { paths: Map<string, string>; problem?: undefined } | { problem: Problem; paths?: undefined } {
  if (parent && isWithin(parent.path, category.path)) {
    return { problem: { field: 'parentId', message: 'A category cannot move below itself or one of its descendants.' } };
  }
  const newPath = pathOf(parent, category.id);
  const paths = new Map<string, string>([[category.id, newPath]]);
  for (const d of descendants) paths.set(d.id, `${newPath}${d.path.slice(category.path.length)}`);
  if ([...paths.values()].some((p) => depthOf(p) > MAX_CATEGORY_DEPTH)) {
    return { problem: { field: 'parentId', message: `Categories nest at most ${MAX_CATEGORY_DEPTH} deep.` } };
  }
  return { paths };
}

const byName = (a: CategoryNode, b: CategoryNode) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1);

/** The forest of categories, each level sorted by name; a category whose parent is missing becomes a root. */
export function buildTree(categories: Category[]): CategoryNode[] {
  const nodes = new Map<string, CategoryNode>(
    categories.map((c) => [
      c.id,
      { id: c.id, slug: c.slug, name: c.name, ...(c.parentId ? { parentId: c.parentId } : {}), path: c.path, children: [] },
    ]),
  );
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: CategoryNode[]) => {
    list.sort(byName);
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
