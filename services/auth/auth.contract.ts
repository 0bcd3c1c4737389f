export type Role = 'customer' | 'support' | 'admin';

export type Account = {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  roles: Role[];
  status: 'active' | 'disabled';
  createdAt: number;
  updatedAt: number;
  version?: number;
};

/** What leaves the auth service about an account: never the hash. */
export type PublicAccount = Omit<Account, 'passwordHash'>;

export interface EnsureAdminResult {
  account: PublicAccount;
  created: boolean;
  /** Only when this call created the account with a generated password: shown once, never stored in clear. */
  generatedPassword?: string;
}
