// A decision tree as data: each node asks one question, names the facts that answer it, and maps
// each possible answer to the next node or a leaf. Evaluation is pure (facts in, path out), so the
// tests can walk every branch of both trees with made-up facts.
import type { Facts } from '../facts/types.js';

export interface Answer {
  branch: string;
  evidence: string[];
}

export interface DecisionNode {
  id: string;
  question: string;
  /** Which facts answer it (shown to the user, checked by tests). */
  factSources: (keyof Facts | `isolation.${string}`)[];
  answer(f: Facts): Answer;
  /** answer → next node id or leaf id. */
  branches: Record<string, string>;
}

export type Level = 'required' | 'recommended' | 'optional';

export interface Step {
  kind: 'command' | 'settings' | 'note';
  text: string;
}

export interface Leaf {
  id: string;
  level: Level;
  title: string;
  why: string;
  steps(f: Facts): Step[];
  /** Where the seed guide's later text disagrees with this leaf. */
  correction?: string;
  /** The situation is already as it should be (nothing to change). */
  ok?: boolean;
}

export interface Tree {
  id: 'seed' | 'corrected';
  title: string;
  source: string;
  root: string;
  nodes: Record<string, DecisionNode>;
  leaves: Record<string, Leaf>;
}

export interface PathStep {
  node: string;
  question: string;
  factSources: string[];
  answer: string;
  evidence: string[];
  declared: boolean;
}

export interface Evaluation {
  tree: Tree['id'];
  title: string;
  path: PathStep[];
  leaf: { id: string; level: Level; title: string; why: string; correction?: string; ok: boolean; steps: Step[] };
}

export function evaluateTree(tree: Tree, facts: Facts): Evaluation {
  const path: PathStep[] = [];
  let at = tree.root;
  const seen = new Set<string>();
  while (tree.nodes[at]) {
    if (seen.has(at)) throw new Error(`decision tree ${tree.id} loops at ${at}`);
    seen.add(at);
    const node = tree.nodes[at]!;
    const declared = facts.answers[node.id];
    let a: Answer;
    if (declared !== undefined && declared in node.branches) {
      a = { branch: declared, evidence: [`declared with --answer ${node.id}=${declared}`] };
    } else {
      a = node.answer(facts);
    }
    const next = node.branches[a.branch];
    if (!next) throw new Error(`decision tree ${tree.id}: node ${node.id} answered '${a.branch}', which has no branch`);
    path.push({ node: node.id, question: node.question, factSources: [...node.factSources], answer: a.branch, evidence: a.evidence, declared: declared !== undefined && declared in node.branches });
    at = next;
  }
  const leaf = tree.leaves[at];
  if (!leaf) throw new Error(`decision tree ${tree.id}: ${at} is neither a node nor a leaf`);
  const out: Evaluation['leaf'] = { id: leaf.id, level: leaf.level, title: leaf.title, why: leaf.why, ok: leaf.ok === true, steps: leaf.steps(facts) };
  if (leaf.correction) out.correction = leaf.correction;
  return { tree: tree.id, title: tree.title, path, leaf: out };
}

/** Every (node, answer) edge of a tree, for coverage checks. */
export function edges(tree: Tree): string[] {
  return Object.values(tree.nodes).flatMap((n) => Object.keys(n.branches).map((b) => `${n.id}=${b}`));
}

/** Checks the tree's shape: every branch target exists, every leaf is reachable. */
export function validateTree(tree: Tree): string[] {
  const problems: string[] = [];
  const reached = new Set<string>([tree.root]);
  for (const n of Object.values(tree.nodes)) {
    for (const [b, t] of Object.entries(n.branches)) {
      if (!tree.nodes[t] && !tree.leaves[t]) problems.push(`${n.id}=${b} → ${t}: no such node or leaf`);
      reached.add(t);
    }
  }
  for (const id of [...Object.keys(tree.nodes), ...Object.keys(tree.leaves)]) if (!reached.has(id)) problems.push(`${id} is unreachable`);
  return problems;
}
