import type { Template } from './notifications.contract';

export type SeedTemplate = Pick<Template, 'key' | 'channel' | 'format' | 'subject' | 'body'>;

/** Version 1 of each template the platform sends; admins publish later versions through the API. */
export const DEFAULT_TEMPLATES: SeedTemplate[] = [
  {
    key: 'order-confirmed',
    channel: 'email',
    format: 'html',
    subject: 'Your order {{orderRef}} is confirmed',
    body:
      '<p>Hi {{name}},</p>\n<p>thank you for your order {{orderRef}} ({{total}}). Your payment went through and we are packing your parcel.</p>\n' +
      '<p>Order number: {{orderId}}</p>',
  },
  {
    key: 'order-cancelled',
    channel: 'email',
    format: 'html',
    subject: 'Your order {{orderRef}} was cancelled',
    body:
      '<p>Hi {{name}},</p>\n<p>your order {{orderRef}} was cancelled. {{reason}}</p>\n' +
      '<p>If you were charged, the amount goes back to your payment method within a few days.</p>',
  },
  {
    key: 'order-shipped',
    channel: 'email',
    format: 'html',
    subject: 'Your order {{orderRef}} is on its way',
    body: '<p>Hi {{name}},</p>\n<p>good news: your order {{orderRef}} has shipped.</p>\n<p>Order number: {{orderId}}</p>',
  },
  {
    key: 'shipment-shipped',
    channel: 'email',
    format: 'html',
    subject: 'Your order {{orderRef}} is on its way',
    body:
      '<p>Hi {{name}},</p>\n<p>a parcel of your order {{orderRef}} has shipped with {{carrier}}.</p>\n' +
      '<p>Tracking number {{trackingNumber}}: <a href="{{trackingUrl}}">{{trackingUrl}}</a></p>\n<p>Order number: {{orderId}}</p>',
  },
  {
    key: 'shipment-delivered',
    channel: 'email',
    format: 'html',
    subject: 'A parcel of your order {{orderRef}} was delivered',
    body:
      '<p>Hi {{name}},</p>\n<p>{{carrier}} delivered a parcel of your order {{orderRef}}.</p>\n' +
      '<p>Tracking number {{trackingNumber}}: <a href="{{trackingUrl}}">{{trackingUrl}}</a></p>\n<p>Order number: {{orderId}}</p>',
  },
  {
    key: 'return-requested',
    channel: 'email',
    format: 'html',
    subject: 'We have your return request {{rma}}',
    body:
      '<p>Hi {{name}},</p>\n<p>we have your request to return {{units}} item(s) of your order {{orderRef}}. Your return number is {{rma}}.</p>\n' +
      '<p>We will write again once it is approved, with the label for your parcel.</p>',
  },
  {
    key: 'return-approved',
    channel: 'email',
    format: 'html',
    subject: 'Your return {{rma}} is approved',
    body:
      '<p>Hi {{name}},</p>\n<p>your return {{rma}} of order {{orderRef}} is approved. Please put {{rma}} on the parcel.</p>\n' +
      '<p>Your return label ({{carrier}}, tracking number {{trackingNumber}}): <a href="{{labelUrl}}">{{labelUrl}}</a></p>',
  },
  {
    key: 'return-received',
    channel: 'email',
    format: 'html',
    subject: 'We received your return {{rma}}',
    body:
      '<p>Hi {{name}},</p>\n<p>we received {{received}} of the {{units}} item(s) of your return {{rma}} (order {{orderRef}}).</p>\n' +
      '<p>We will let you know as soon as your refund is on its way.</p>',
  },
  {
    key: 'refund-issued',
    channel: 'email',
    format: 'html',
    subject: 'Your refund of {{refund}} is on its way',
    body:
      '<p>Hi {{name}},</p>\n<p>we refunded {{refund}} for your return {{rma}} (order {{orderRef}}).</p>\n' +
      '<p>It goes back to your payment method within a few days.</p>',
  },
  {
    key: 'password-reset',
    channel: 'email',
    format: 'text',
    subject: 'Reset your password',
    body:
      'Someone asked to reset the password of your account. If it was you, open this link:\n\n{{link}}\n\n' +
      'The link works once and expires soon. If it was not you, ignore this mail: your password stays as it is.',
  },
  {
    key: 'email-verification',
    channel: 'email',
    format: 'text',
    subject: 'Confirm your email address',
    body: 'Please confirm that this address is yours by opening this link:\n\n{{link}}\n\nIf you did not create an account, ignore this mail.',
  },
];

/** Deterministic ids: nodes seeding at the same time clash on the id, so version 1 exists once. */
export const templateId = (key: string, channel: string, version: number): string => `${key}:${channel}:v${version}`;
