// UI strings of the risk register in English and Finnish (messages-en.ts, messages-fi.ts), registered once.
import { addMessages } from '../../web/i18n.js';
import { EN } from './messages-en.js';
import { FI } from './messages-fi.js';

addMessages({ en: EN, fi: FI });
