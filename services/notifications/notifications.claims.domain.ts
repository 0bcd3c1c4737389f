/**
 * Who holds a notice's claim, and whether that holder is gone. A node SIGKILLed between claiming a
 * notice and sending it leaves the claim behind; the event that asked for the notice is redelivered
 * to another node (or the same node restarted), which would otherwise wait out the whole claim
 * lease (a minute) and acknowledge the event unsent. A holder is one broker incarnation, so a node
 * restarted under the same NODE_ID does not pass for its dead predecessor.
 */
export interface ClaimHolder {
  nodeID: string;
  instanceID: string;
}

/** What the local broker knows of the cluster's nodes. */
export interface ClusterView {
  /** The node as the registry knows it; undefined when it never heard of it. */
  node(nodeID: string): { available: boolean; instanceID: string | null } | undefined;
  /** True once this broker has been connected longer than the heartbeat timeout: every live node has made itself known. */
  heardFromAll: boolean;
}

const SEPARATOR = '#';

export const holderText = (h: ClaimHolder): string => `${h.nodeID}${SEPARATOR}${h.instanceID}`;

export function parseHolder(text: string | undefined): ClaimHolder | null {
  const at = text?.lastIndexOf(SEPARATOR) ?? -1;
  if (!text || at <= 0 || at === text.length - 1) return null;
  return { nodeID: text.slice(0, at), instanceID: text.slice(at + 1) };
}

/** A holder this broker has not heard of yet, while it may still hear from it: neither alive nor gone. */
export function holderUndecided(claimedBy: string | undefined, cluster: ClusterView): boolean {
  const holder = parseHolder(claimedBy);
  return holder !== null && !cluster.heardFromAll && cluster.node(holder.nodeID) === undefined;
}

/** Asked again later (a redelivered event, a saga retry), the claim's holder will be known alive or gone. */
export class ClaimUndecidedError extends Error {
  readonly code = 503;
  readonly type = 'NOTICE_CLAIM_UNDECIDED';
  readonly retryable = true;
  constructor(noticeId: string) {
    super(`notice ${noticeId} is claimed by a node not heard from yet`);
    this.name = 'ClaimUndecidedError';
  }
}

/**
 * True only when the claim's holder is known not to be sending any more: its node left, or came
 * back as another incarnation, or is unknown to a broker that has heard from every live node. A
 * claim without a holder (written before holders were recorded) is never taken for gone.
 */
export function holderGone(claimedBy: string | undefined, cluster: ClusterView): boolean {
  const holder = parseHolder(claimedBy);
  if (!holder) return false;
  const node = cluster.node(holder.nodeID);
  if (!node) return cluster.heardFromAll;
  if (!node.available) return true;
  return node.instanceID !== null && node.instanceID !== holder.instanceID;
}
