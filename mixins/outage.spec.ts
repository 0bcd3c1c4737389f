import { Errors } from 'moleculer';
import { isOutage, serviceOf } from './outage';

/** An error as it arrives from another node: a plain object with the type kept, the class lost. */
const overTheWire = (err: Errors.MoleculerError) => ({
  message: err.message,
  code: err.code,
  type: err.type,
  retryable: err.retryable,
});

describe('outage or answer', () => {
  const outages = [
    new Errors.ServiceNotFoundError({ action: 'inventory.release' }),
    new Errors.ServiceNotAvailableError({ action: 'inventory.release' }),
    new Errors.RequestTimeoutError({ action: 'inventory.commit', nodeID: 'catalog' }),
    new Errors.RequestRejectedError({ action: 'inventory.commit', nodeID: 'catalog' }),
    new Errors.RequestSkippedError({ action: 'inventory.commit', nodeID: 'catalog' }),
    new Errors.QueueIsFullError({ action: 'inventory.commit', nodeID: 'catalog' }),
    new (Errors.BrokerDisconnectedError as unknown as new () => Errors.MoleculerError)(),
  ];

  it("takes Moleculer's unreachable and unanswered calls for outages, before and after the transporter", () => {
    for (const err of outages) {
      expect([err.name, isOutage(err)]).toEqual([err.name, true]);
      expect([err.type, isOutage(overTheWire(err))]).toEqual([err.type, true]);
    }
    // The trap: "service not available" carries the same code as a participant's "no such record".
    expect(new Errors.ServiceNotAvailableError({ action: 'x.y' }).code).toBe(404);
  });

  it("takes a participant's answers, whatever their code, for answers", () => {
    const answers = [
      new Errors.MoleculerClientError('Reservation not found', 404, 'NOT_FOUND'),
      new Errors.MoleculerClientError('already committed', 409, 'RESERVATION_COMMITTED'),
      new Errors.MoleculerServerError('provider down', 502, 'PAYMENT_PROVIDER_ERROR'),
      new Errors.ValidationError('bad', 'VALIDATION_ERROR', []),
      Object.assign(new Error('bare 404'), { code: 404 }),
      new TypeError('bug'),
    ];
    for (const err of answers) expect([err.message, isOutage(err)]).toEqual([err.message, false]);
    for (const odd of [undefined, null, 'SERVICE_NOT_FOUND', 404, {}]) expect(isOutage(odd)).toBe(false);
  });

  it('names the service of an action, versions included', () => {
    expect(serviceOf('inventory.release')).toBe('inventory');
    expect(serviceOf('v2.orders.get')).toBe('v2.orders');
    expect(serviceOf('nodot')).toBe('');
  });
});
