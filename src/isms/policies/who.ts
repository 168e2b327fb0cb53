// Who is acting, as the name a policy page shows for an author, approver or publisher.
import { findUserById } from '../../auth/users-repo.js';
import { actorUserId, type Ctx } from '../../core/context.js';

export interface Identity {
  /** The user account, or null for the system. */
  id: string | null;
  name: string;
}

/** The acting user's name (a token acts for its user); the system's label otherwise. */
export async function actorIdentity(ctx: Ctx): Promise<Identity> {
  const actor = ctx.actor!;
  const userId = actorUserId(actor);
  if (!userId) return { id: null, name: actor.label };
  const user = await findUserById(ctx.db, userId);
  return { id: userId, name: user?.name ?? actor.label };
}
