import { startPlatform, type Platform } from '../../test/support/platform';
let p: Platform;
beforeAll(async () => { p = await startPlatform(['api', 'auth']); }, 60000);
afterAll(() => p?.stop());
it('routes', async () => {
  const h = await fetch(`${p.api}/health`); console.log(h.status, await h.text());
  const r = await fetch(`${p.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }); console.log(r.status, await r.text());
  const routes = await p.broker.call('api.routes'); console.log(JSON.stringify(routes).slice(0, 600));
}, 30000);
