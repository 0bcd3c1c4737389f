import type { Role } from '../../mixins/access/access.types';
import { maskEmail, maskPhone, maskText } from '../../mixins/pii/mask';
import type { AddressView, ProfileView, UserDetail } from './users.contract';

/** Support helps customers without reading their contact data; admins see it whole. */
export const seesPlainPii = (roles: readonly Role[]): boolean => roles.includes('admin');

export const maskProfile = <V extends ProfileView>(view: V): V => ({
  ...view,
  email: maskEmail(view.email),
  name: maskText(view.name),
  ...(view.phone && { phone: maskPhone(view.phone) }),
});

/** City, postal code and country stay: support needs them to follow a delivery, and they name no one. */
export const maskAddress = (address: AddressView): AddressView => ({
  ...address,
  name: maskText(address.name),
  line1: maskText(address.line1),
  ...(address.line2 && { line2: maskText(address.line2) }),
  ...(address.phone && { phone: maskPhone(address.phone) }),
});

export const maskUserDetail = (detail: UserDetail): UserDetail => ({
  ...maskProfile(detail),
  addresses: detail.addresses.map(maskAddress),
});
