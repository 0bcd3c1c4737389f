import { holderGone, holderText, holderUndecided, parseHolder, type ClusterView } from './notifications.claims.domain';

const view = (nodes: Record<string, { available: boolean; instanceID: string | null }>, heardFromAll = true): ClusterView => ({
  node: (id) => nodes[id],
  heardFromAll,
});
const held = holderText({ nodeID: 'notifications-1', instanceID: 'i-1' });

describe('holderGone', () => {
  it('keeps the claim of a live holder, including this very broker', () => {
    expect(holderGone(held, view({ 'notifications-1': { available: true, instanceID: 'i-1' } }))).toBe(false);
  });

  it('lets go of the claim of a node that left, or that came back as another incarnation under its NODE_ID', () => {
    expect(holderGone(held, view({ 'notifications-1': { available: false, instanceID: 'i-1' } }))).toBe(true);
    expect(holderGone(held, view({ 'notifications-1': { available: true, instanceID: 'i-2' } }))).toBe(true);
  });

  it('takes an unknown holder for gone only once every live node has had time to make itself known', () => {
    expect(holderGone(held, view({}, true))).toBe(true);
    expect(holderGone(held, view({}, false))).toBe(false);
    // Too early to tell: the caller asks again later instead of taking the notice for sent.
    expect(holderUndecided(held, view({}, false))).toBe(true);
    expect(holderUndecided(held, view({}, true))).toBe(false);
    expect(holderUndecided(held, view({ 'notifications-1': { available: true, instanceID: 'i-1' } }, false))).toBe(false);
    expect(holderUndecided(undefined, view({}, false))).toBe(false);
  });

  it('never takes a claim without a (well-formed) holder for gone', () => {
    for (const claimedBy of [undefined, '', 'no-separator', '#i-1', 'node#'])
      expect(holderGone(claimedBy, view({}, true))).toBe(false);
    expect(parseHolder('a#b#c')).toEqual({ nodeID: 'a#b', instanceID: 'c' });
  });
});
