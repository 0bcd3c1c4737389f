/**
 * Masked forms of personal data, for support views and log lines: enough to tell two customers
 * apart on the phone, not enough to contact or impersonate one.
 */

/** `john.smith@example.com` → `jo***@example.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '***';
  return `${email.slice(0, Math.min(2, Math.max(at - 1, 1)))}***${email.slice(at)}`;
}

/** `+4915112345678` → `***5678`: the last 4 digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `***${digits.slice(-4)}`;
}

/** A name or address line: its first letter. */
export const maskText = (text: string): string => `${[...text][0] ?? ''}***`;

const EMAIL_IN_TEXT = /[^\s@"'<>(),;:[\]\\]+@[^\s@"'<>(),;:[\]\\]+\.[A-Za-z0-9-]+/gu;
/** A plus and 7..15 digits (E.164, the only phone form the API accepts), not inside a longer word. */
const PHONE_IN_TEXT = /(?<![\w+])\+[1-9]\d{6,14}(?!\d)/g;

/** Every email address and phone number in free text, masked: the logger's last line of defence. */
export function maskPiiInText(text: string): string {
  if (!text.includes('@') && !text.includes('+')) return text;
  return text.replace(EMAIL_IN_TEXT, maskEmail).replace(PHONE_IN_TEXT, maskPhone);
}
