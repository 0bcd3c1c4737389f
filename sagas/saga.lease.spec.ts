import { StaleSagaError } from './saga.errors';
import { SagaLease } from './saga.lease';
import { initialState, type SagaDoc } from './saga.state';
import { MemoryRepository } from './testing/memory.repository';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A store whose writes take a while, so renewals and state changes overlap. */
class SlowRepository extends MemoryRepository {
  override async save(doc: SagaDoc, expectVersion: number): Promise<SagaDoc> {
    await sleep(30);
    return super.save(doc, expectVersion);
  }
}

describe('saga lease', () => {
  it('renewals queued behind a state change never write the older state back', async () => {
    const repo = new SlowRepository();
    const doc = (await repo.create({ ...initialState('l1', 't', ['a'], {}, 1), leaseUntil: 0 }))!;
    const lease = new SagaLease(repo, doc, 'me', 60, () => undefined);
    lease.keepAlive();
    await sleep(25);
    await lease.save({ ...lease.state, status: 'COMPLETED' });
    await sleep(120);
    lease.stop();
    await sleep(40);
    const stored = repo.docs.get('l1')!;
    expect(stored.status).toBe('COMPLETED');
    // Renewals went on meanwhile, each a versioned write.
    expect(stored.version).toBeGreaterThan(4);
    expect(stored.leaseUntil).toBeGreaterThan(Date.now() - 200);
  });

  it('once another writer changed the saga, every later write is refused and renewals stop', async () => {
    const repo = new MemoryRepository();
    const doc = (await repo.create({ ...initialState('l2', 't', ['a'], {}, 1), leaseUntil: 0 }))!;
    const lease = new SagaLease(repo, doc, 'me', 60, () => undefined);
    lease.keepAlive();
    await repo.save({ ...doc, leaseOwner: 'other' }, 1);
    await sleep(50);
    await expect(lease.save({ ...lease.state, status: 'COMPLETED' })).rejects.toBeInstanceOf(StaleSagaError);
    const version = repo.docs.get('l2')!.version;
    await sleep(80);
    expect(repo.docs.get('l2')).toMatchObject({ version, leaseOwner: 'other', status: 'RUNNING' });
    await lease.release();
    expect(repo.docs.get('l2')!.leaseOwner).toBe('other');
  });
});
