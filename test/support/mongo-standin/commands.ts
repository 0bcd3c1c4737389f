import { adminCommands } from './commands.admin';
import { ddlCommands } from './commands.ddl';
import { readCommands } from './commands.read';
import { writeCommands } from './commands.write';
import type { Context, Handler } from './context';
import { asCommandError, CommandError } from './errors';
import type { Doc } from './values';

const locked: Record<string, Handler> = {
  ...readCommands,
  ...writeCommands,
  ...ddlCommands,
  // The transaction manager answers these itself; they only need to be known commands.
  commitTransaction: () => ({ ok: 1 }),
  abortTransaction: () => ({ ok: 1 }),
};

/** Runs one command and always resolves with a reply document, errors included. */
export async function dispatch(command: Doc, db: string, ctx: Context): Promise<Doc> {
  const name = Object.keys(command)[0] ?? '';
  try {
    if (Object.hasOwn(adminCommands, name)) return adminCommands[name](command, db, ctx);
    const handler = Object.hasOwn(locked, name) ? locked[name] : undefined;
    if (!handler) throw new CommandError(59, 'CommandNotFound', `no such command: '${name}'`);
    return await ctx.transactions.run(command, name, () => handler(command, db, ctx));
  } catch (error) {
    return asCommandError(error).toReply();
  }
}
