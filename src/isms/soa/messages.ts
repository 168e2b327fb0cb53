// placeholder
import { addMessages } from '../../web/i18n.js';
addMessages({ en: {}, fi: {} });
