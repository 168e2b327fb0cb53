// The demo organisation, Esimerkki Payments Oy (filled in by the people work).
import type { Ctx } from '../core/context.js';

export interface DemoUser {
  role: string;
  email: string;
  password: string;
  totpSecret: string | null;
}

export interface DemoResult {
  organisation: string;
  people: number;
  users: DemoUser[];
}

export async function seedDemo(_ctx: Ctx): Promise<DemoResult> {
  return { organisation: 'Esimerkki Payments Oy', people: 0, users: [] };
}
