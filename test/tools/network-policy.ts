/**
 * Who may reach whom under a set of NetworkPolicy objects, as Kubernetes decides it for ingress:
 * a pod no policy selects takes anything; a selected pod takes what some rule of a policy
 * selecting it lets in (a rule without `from` lets in anyone). Pods are told by their labels,
 * all in one namespace; namespaceSelector rules are not matched (the tests ask about pods of the
 * app). Enough for the deploy test's questions, not a general implementation.
 */
type Labels = Record<string, string>;
interface Selector { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] }
interface Peer { podSelector?: Selector; namespaceSelector?: Selector }
interface Rule { from?: Peer[]; ports?: { port?: number | string }[] }
export interface NetworkPolicyObject { kind: 'NetworkPolicy'; spec: { podSelector: Selector; policyTypes?: string[]; ingress?: Rule[] } }

export function selects(selector: Selector, labels: Labels): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpression = (selector.matchExpressions ?? []).every((e) => {
    const has = e.key in labels;
    if (e.operator === 'In') return has && e.values!.includes(labels[e.key]);
    if (e.operator === 'NotIn') return !has || !e.values!.includes(labels[e.key]);
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    throw new Error(`operator ${e.operator}`);
  });
  return byLabel && byExpression;
}

/** Whether a pod labelled `from` may open `port` on a pod labelled `to`. */
export function allowed(policies: NetworkPolicyObject[], from: Labels, to: Labels, port: number): boolean {
  const applying = policies.filter((p) => (p.spec.policyTypes ?? ['Ingress']).includes('Ingress') && selects(p.spec.podSelector, to));
  if (!applying.length) return true;
  return applying.some((p) => (p.spec.ingress ?? []).some((rule) => {
    const portOk = !rule.ports?.length || rule.ports.some((r) => r.port === undefined || Number(r.port) === port);
    const peerOk = !rule.from?.length || rule.from.some((peer) => !peer.namespaceSelector && !!peer.podSelector && selects(peer.podSelector, from));
    return portOk && peerOk;
  }));
}
