// UI strings of policies and procedures, in English and Finnish; domain messages (MSG) translated too.
import { addMessages } from '../../web/i18n.js';
import { en } from './messages-en.js';
import { fi, fiDomain } from './messages-fi.js';
import { MSG } from './schema.js';

// The English domain messages are their own keys.
const enDomain = Object.fromEntries(Object.values(MSG).map((m) => [m, m]));
const fiByText = Object.fromEntries((Object.keys(MSG) as (keyof typeof MSG)[]).map((k) => [MSG[k], fiDomain[k]]));

addMessages({ en: { ...enDomain, ...en }, fi: { ...fiByText, ...fi } });
