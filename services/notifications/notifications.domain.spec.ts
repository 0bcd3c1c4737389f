import {
  errorText,
  formatMoney,
  isSecret,
  maskAddress,
  noticeForStatus,
  noticeIdOf,
  orderVars,
  returnNotice,
  scalarVars,
  shipmentNotice,
} from './notifications.domain';

describe('notifications domain', () => {
  it('masks addresses for log lines', () => {
    expect(maskAddress('ann.smith@example.com')).toBe('an***@example.com');
    expect(maskAddress('al@example.com')).toBe('a***@example.com');
    expect(maskAddress('+491701234567')).toBe('***4567');
    expect(maskAddress(undefined)).toBe('-');
  });

  it('formats integer minor units exactly, per currency exponent', () => {
    expect(formatMoney(123456, 'EUR')).toBe('EUR 1234.56');
    expect(formatMoney(5, 'EUR')).toBe('EUR 0.05');
    expect(formatMoney(0, 'USD')).toBe('USD 0.00');
    expect(formatMoney(-1999, 'GBP')).toBe('GBP -19.99');
    expect(formatMoney(1500, 'JPY')).toBe('JPY 1500');
    expect(formatMoney(9007199254740991, 'EUR')).toBe('EUR 90071992547409.91');
  });

  it('builds order variables the default templates can always render, letting nothing override its own', () => {
    const vars = orderVars(
      '0f8c2a7e-1b2c-4d5e-8f90-123456789abc',
      { name: 'Ann' },
      {
        amount: { amount: 2500, currency: 'EUR' },
        name: 'Mallory',
        orderId: 'other',
        note: 'gift',
        lines: [{ sku: 'X' }],
      },
    );
    expect(vars).toEqual({
      name: 'Ann',
      orderId: '0f8c2a7e-1b2c-4d5e-8f90-123456789abc',
      orderRef: '0F8C2A7E',
      total: 'EUR 25.00',
      reason: '',
      note: 'gift',
    });
    expect(orderVars('o-1', { name: 'B' }, { total: { amount: 100, currency: 'USD' }, reason: 'out of stock' })).toMatchObject({
      total: 'USD 1.00',
      reason: 'out of stock',
    });
    expect(orderVars('o-1', { name: 'B' }, undefined)).toMatchObject({ total: '', reason: '' });
    expect(orderVars('o-1', { name: 'B' }, { total: { amount: 1.5, currency: 'EUR' } }).total).toBe('');
  });

  it('keeps only bounded scalars of caller data', () => {
    expect(scalarVars({ a: 'x'.repeat(900), b: 2, c: true, d: null, e: { f: 1 }, g: Number.NaN })).toEqual({
      a: 'x'.repeat(500),
      b: '2',
      c: 'true',
    });
  });

  it('sends an order notice for CONFIRMED and CANCELLED only: shipped and delivered are told per shipment', () => {
    expect(noticeForStatus('CANCELLED')).toBe('cancelled');
    expect(noticeForStatus('CONFIRMED')).toBe('confirmed');
    for (const s of ['PENDING', 'REJECTED', 'PARTIALLY_SHIPPED', 'SHIPPED', 'DELIVERED', ''])
      expect(noticeForStatus(s)).toBeNull();
  });

  it('a shipment notice names the carrier and the tracking link, and is deduped per (shipment, kind)', () => {
    const event = {
      shipmentId: 'o1:berlin',
      orderId: 'o1',
      userId: 'u1',
      carrier: 'sandbox',
      trackingNumber: 'SBX1',
      trackingUrl: 'https://t.example/SBX1',
    };
    const notice = shipmentNotice('shipment-shipped', event);
    expect(notice).toEqual({
      orderId: 'o1',
      userId: 'u1',
      shipmentId: 'o1:berlin',
      kind: 'shipment-shipped',
      data: { carrier: 'Sandbox Carrier', trackingNumber: 'SBX1', trackingUrl: 'https://t.example/SBX1' },
    });
    expect(noticeIdOf(notice)).toBe('o1:berlin:shipment-shipped');
    expect(noticeIdOf({ orderId: 'o1', kind: 'confirmed' })).toBe('o1:confirmed');
    expect(shipmentNotice('shipment-delivered', { ...event, carrier: 'Acme Post', trackingUrl: undefined }).data).toEqual({
      carrier: 'Acme Post',
      trackingNumber: 'SBX1',
      trackingUrl: '',
    });
    // Nothing in it reads as a secret: the delivery log keeps the mail as sent.
    expect(isSecret('shipment-shipped', notice.data)).toBe(false);
  });

  it('a return notice carries the RMA and units; the approval the label, a receipt the units back, a refund its amount', () => {
    const event = {
      returnId: 'r1',
      rma: 'RMA-000042',
      orderId: 'o1',
      userId: 'u1',
      lines: [
        { sku: 'MUG', quantity: 2, received: 1 },
        { sku: 'CUP', quantity: 1, received: 1 },
      ],
      receiptId: 'r1:2',
      issued: { amount: 1250, currency: 'EUR' },
    };
    const base = { orderId: 'o1', userId: 'u1', returnId: 'r1' };
    expect(returnNotice('return-requested', event)).toEqual({
      ...base,
      kind: 'return-requested',
      data: { rma: 'RMA-000042', units: 3 },
    });
    const label = { carrier: 'sandbox', trackingNumber: 'SBXR1', url: 'https://labels.example/SBXR1' };
    const approved = returnNotice('return-approved', event, label)!;
    expect(approved.data).toEqual({
      rma: 'RMA-000042',
      units: 3,
      carrier: 'Sandbox Carrier',
      trackingNumber: 'SBXR1',
      labelUrl: label.url,
    });
    expect(returnNotice('return-approved', event, null)!.data).toMatchObject({ carrier: '', trackingNumber: '', labelUrl: '' });
    // Per return for the request and approval; per receipt for the receipt and its refund.
    expect(noticeIdOf(approved)).toBe('r1:return-approved');
    const received = returnNotice('return-received', event)!;
    expect([noticeIdOf(received), received.data.received]).toEqual(['r1:2:return-received', 2]);
    const refund = returnNotice('refund-issued', event)!;
    expect([noticeIdOf(refund), refund.data.refund]).toEqual(['r1:2:refund-issued', 'EUR 12.50']);
    expect(returnNotice('refund-issued', { ...event, issued: { amount: 0, currency: 'EUR' } })).toBeNull();
    expect(isSecret('return-approved', approved.data)).toBe(false);
  });

  it('treats auth mails and data with secret-looking keys as secret', () => {
    expect(isSecret('password-reset', {})).toBe(true);
    expect(isSecret('email-verification', undefined)).toBe(true);
    expect(isSecret('promo', { resetToken: 'x' })).toBe(true);
    expect(isSecret('order-shipped', { orderId: '1', name: 'A' })).toBe(false);
  });

  it('keeps errors short and without URL credentials', () => {
    const err = Object.assign(new Error('connect to smtp://mailer:s3cret@mail.example.com:587 failed'), { code: 'ECONNECTION' });
    expect(errorText(err)).toBe('ECONNECTION: connect to smtp://mailer:***@mail.example.com:587 failed');
    expect(errorText(new Error('x'.repeat(400)))).toHaveLength(300);
    expect(errorText('plain')).toBe('plain');
  });
});
