// UI strings of the asset inventory in English and Finnish, domain messages (MSG) translated too,
// and `tMsg`, which translates a domain message whose placeholders the service already filled.
import { addMessages, t } from '../../web/i18n.js';
import { MSG } from './schema.js';
import { fiUi } from './messages-fi.js';

const fiDomain: Record<keyof typeof MSG, string> = {
  refFormat: 'Käytä kirjaimia, numeroita, pisteitä, väliviivoja tai alaviivoja (enintään 40), alussa kirjain tai numero, esimerkiksi AST-014.',
  refTaken: 'Toisella omaisuuserällä on jo tämä tunnus.',
  nameRequired: 'Kirjoita nimi.',
  tooLong: 'Käytä enintään 200 merkkiä.',
  descriptionTooLong: 'Käytä enintään 4000 merkkiä.',
  control: 'Ohjausmerkit eivät ole sallittuja.',
  nameTaken: 'Toisella omaisuuserällä on jo tämä nimi.',
  nameTakenBy: 'Omaisuuserällä {ref} on jo tämä nimi.',
  kind: 'Tyypin on oltava information, system, service, device tai data_store.',
  classification: 'Luokituksen on oltava public, internal, confidential tai secret.',
  cia: 'Käytä kokonaislukua 1 (matala) – 4 (kriittinen).',
  environment: 'Ympäristön on oltava development, test tai production, tai tyhjä.',
  environmentForInformation: 'Tiedolla ei ole omaa ympäristöä; jätä kenttä tyhjäksi.',
  environmentRequired: 'Valitse ympäristö: kehitys, testi tai tuotanto.',
  status: 'Tilan on oltava active tai retired.',
  ownerId: 'Valitse omistaja henkilöhakemistosta.',
  ownerMissing: 'Hakemistossa ei ole henkilöä tällä tunnisteella.',
  ownerLeft: 'Tämä henkilö on lähtenyt organisaatiosta; valitse joku, joka on yhä talossa.',
  ownerEmail: 'Kirjoita sähköpostiosoite, esimerkiksi nimi@example.com.',
  ownerEmailMissing: 'Hakemistossa ei ole henkilöä tällä sähköpostiosoitteella.',
  dependencyFormat: 'Nimeä jokainen omaisuuserä tunnuksella (esim. AST-014) tai tunnisteella.',
  dependencyUnknown: 'Millään omaisuuserällä ei ole tunnusta {ref}.',
  dependencySelf: 'Omaisuuserä ei voi riippua itsestään.',
  dependencyCycle: 'Tämä riippuvuus sulkisi kehän: {path}.',
  tooManyDependencies: 'Omaisuuserä voi riippua enintään 200 muusta.',
  requiredForNew: 'Uusi omaisuuserä tarvitsee tähän arvon.',
  blank: 'Tämä sarake ei voi olla tyhjä.',
  duplicateRef: 'Tunnus {ref} on jo tiedoston aiemmalla rivillä (rivi {row}).',
  duplicateName: 'Sama nimi on jo tiedoston aiemmalla rivillä (rivi {row}).',
  cellTooLong: 'Käytä enintään {max} merkkiä (tässä on {n}).',
  fieldCount: 'Otsikkorivin mukaan kenttiä pitäisi olla {expected}, mutta niitä on {found}.',
  notCsv: 'Tiedosto ei ole kelvollista CSV:tä: tarkista, että lainausmerkit on suljettu ja lainatun kentän sisällä kahdennettu.',
  notCsvNear:
    'Tiedosto ei ole kelvollista CSV:tä (rivin {line} tienoilla): tarkista, että lainausmerkit on suljettu ja lainatun kentän sisällä kahdennettu.',
  emptyFile: 'Tiedosto on tyhjä. Sen ensimmäisen rivin on nimettävä sarakkeet.',
  noRows: 'Tiedostossa on otsikkorivi mutta ei omaisuuseriä. Lisää sen alle rivi kutakin omaisuuserää kohden.',
  tooManyRows: 'Tiedostossa on {n} riviä; tuo kerralla enintään {max}.',
  unknownColumn: 'Tuntematon sarake {name}.',
  duplicateColumn: 'Sarake {name} on otsikkorivillä useammin kuin kerran.',
  keyColumn: 'Tiedostossa on oltava sarake "ref" tai "name", jotta kunkin rivin omaisuuserä tunnistetaan.',
  headerMismatch: 'Otsikkorivi ei kelpaa: {problems} Sarakkeet ovat: {columns}.',
};

// The English domain messages are their own keys.
const enDomain = Object.fromEntries(Object.values(MSG).map((m) => [m, m]));
const fiByText = Object.fromEntries((Object.keys(MSG) as (keyof typeof MSG)[]).map((k) => [MSG[k], fiDomain[k]]));

const en: Record<string, string> = {
  ...enDomain,
  'assets.title': 'Assets',
  'assets.subtitle': 'The inventory of information and what holds it (ISO 27001 A.5.9): each asset with an owner, a classification and what it depends on.',
  'assets.count': '{n} assets',
  'assets.imported': 'Import applied: {created} new and {changed} changed assets.',
  'assets.kind.information': 'Information',
  'assets.kind.system': 'System',
  'assets.kind.service': 'Service',
  'assets.kind.device': 'Device',
  'assets.kind.data_store': 'Data store',
  'assets.classification.public': 'Public',
  'assets.classification.internal': 'Internal',
  'assets.classification.confidential': 'Confidential',
  'assets.classification.secret': 'Secret',
  'assets.environment.development': 'Development',
  'assets.environment.test': 'Test',
  'assets.environment.production': 'Production',
  'assets.environment.none': 'No environment',
  'assets.status.active': 'Active',
  'assets.status.retired': 'Retired',
  'assets.cia.low': 'low',
  'assets.cia.medium': 'medium',
  'assets.cia.high': 'high',
  'assets.cia.critical': 'critical',
  'assets.cia.summary': 'Confidentiality {c}, integrity {i}, availability {a}',
  'assets.owner.none': 'No owner',
  'assets.owner.left': 'Owner has left',
  'assets.owner.leftShort': 'left',
  'assets.field.ref': 'Reference',
  'assets.field.name': 'Name',
  'assets.field.kind': 'Kind',
  'assets.field.description': 'Description',
  'assets.field.owner': 'Owner',
  'assets.field.classification': 'Classification',
  'assets.field.confidentiality': 'Confidentiality',
  'assets.field.integrity': 'Integrity',
  'assets.field.availability': 'Availability',
  'assets.field.cia': 'C·I·A',
  'assets.field.environment': 'Environment',
  'assets.field.status': 'Status',
  'assets.field.updated': 'Updated',
  'assets.field.depends_on': 'Depends on',
  'assets.action.add': 'Add asset',
  'assets.action.import': 'Import CSV',
  'assets.action.export': 'Export CSV',
  'assets.action.edit': 'Edit',
  'assets.action.retire': 'Retire',
  'assets.action.retireConfirm': 'Retire {name}? It stays in the inventory and its history, marked as no longer in use.',
  'assets.action.reactivate': 'Reactivate',
  'assets.filter.label': 'Filter assets',
  'assets.filter.q': 'Search',
  'assets.filter.qHint': 'e.g. AST-014 or vault',
  'assets.filter.all': 'All',
  'assets.filter.noOwner': 'No owner',
  'assets.filter.apply': 'Filter',
  'assets.filter.clear': 'Clear filters',
  'assets.empty.title': 'No assets in the inventory yet',
  'assets.empty.body':
    'List what the organisation must protect: its information, and the systems, services, devices and data stores that hold or process it. Add assets one by one, or import the spreadsheet you keep them in as CSV.',
  'assets.empty.readOnly': 'A security officer or an administrator can add assets or import the inventory.',
  'assets.noMatch.title': 'No asset matches these filters',
  'assets.noMatch.body': 'Try fewer filters or another search word.',
  'assets.summary.title': 'The inventory at a glance',
  'assets.summary.byKind': 'By kind',
  'assets.summary.byClassification': 'By classification',
  'assets.summary.count': 'Assets',
  'assets.summary.desc': '{n} assets; the largest group is {top} with {count}.',
  'assets.summary.empty': 'Nothing to count yet.',
  'assets.detail.facts': 'Facts',
  'assets.detail.protection': 'Protection needs',
  'assets.detail.protectionHint':
    'C, I and A run from 1 (low) to 4 (critical). The effective value is the highest among this asset and the active assets that depend on it, directly or through others.',
  'assets.detail.dimension': 'Property',
  'assets.detail.own': 'Own value',
  'assets.detail.effective': 'Effective value',
  'assets.detail.from': 'from',
  'assets.detail.ownValue': 'its own value; nothing that depends on it needs more',
  'assets.detail.criticality': 'Effective criticality',
  'assets.detail.dependencies': 'Dependencies',
  'assets.detail.editDependencies': 'Change dependencies',
  'assets.detail.dependsOn': 'Depends on ({n})',
  'assets.detail.dependsOnNone': 'This asset depends on no other asset in the inventory.',
  'assets.detail.neededBy': 'Needed by ({n})',
  'assets.detail.neededByNone': 'No other asset depends on this one.',
  'assets.detail.retiredNeeded': 'This asset is retired, but {n} active asset(s) still depend on it. Move them to what replaced it.',
  'assets.detail.risks': 'Risks ({n})',
  'assets.detail.risksNone': 'No risk in the register names this asset yet.',
  'assets.detail.risksLink': 'Open the risk register',
  'assets.detail.controls': 'Controls ({n})',
  'assets.detail.controlsNone': 'No control is linked to this asset yet.',
  'assets.detail.controlsLink': 'Open the controls',
  'assets.history.title': 'History',
  'assets.history.all': 'In the audit trail',
  'assets.history.none': 'No recorded changes.',
  'assets.history.by': 'by {who}',
  'assets.history.asset.create': 'Added to the inventory',
  'assets.history.asset.update': 'Details changed',
  'assets.history.asset.retire': 'Retired',
  'assets.history.asset.reactivate': 'Reactivated',
  'assets.history.asset.dependencies': 'Dependencies changed',
  'assets.history.asset.import': 'Changed by a CSV import',
  'assets.form.newTitle': 'Add an asset',
  'assets.form.editTitle': 'Edit {name}',
  'assets.form.choose': 'Choose…',
  'assets.form.noOwner': 'No owner yet',
  'assets.form.noEnvironment': 'None (information)',
  'assets.form.refHintNew': 'Leave blank for the next free AST number.',
  'assets.form.refHint': 'Other areas link by id, so changing the reference keeps their links.',
  'assets.form.cia': 'Confidentiality, integrity and availability',
  'assets.form.ciaHint': 'How much harm a breach of each would do: 1 low, 2 medium, 3 high, 4 critical.',
  'assets.form.dependsHint': 'References of the assets this one needs to work, separated by semicolons, e.g. AST-003; AST-014.',
  'assets.form.create': 'Add asset',
  'assets.form.save': 'Save changes',
  'assets.form.cancel': 'Cancel',
  'assets.import.title': 'Import assets',
  'assets.import.subtitle': 'Upload the inventory as CSV. You see every change before anything is saved.',
  'assets.import.file': 'CSV file',
  'assets.import.fileHint': 'UTF-8 text with a header line; a spreadsheet saved as “CSV UTF-8” works.',
  'assets.import.paste': 'Or paste the CSV here',
  'assets.import.preview': 'Preview changes',
  'assets.import.format': 'The format',
  'assets.import.formatBody': 'One asset per row, with the same columns as the export:',
  'assets.import.rule.key': 'A row is matched by its ref; without one, by its name. New assets without a ref get the next AST number.',
  'assets.import.rule.values': 'kind: information, system, service, device or data_store. classification: public, internal, confidential or secret. C, I and A: 1–4.',
  'assets.import.rule.owner': 'owner_email names a person in the people directory.',
  'assets.import.rule.depends': 'depends_on lists refs separated by semicolons; they may be in the file or the inventory, and may not form a cycle.',
  'assets.import.rule.missingColumns': 'Columns the file leaves out keep their current values.',
  'assets.import.rule.allOrNothing': 'The import is all or nothing: one wrong row and nothing is saved.',
  'assets.import.template': 'Download the current inventory as a starting point',
  'assets.import.fileProblem': 'The file cannot be imported',
  'assets.import.headerLead': 'The header line does not match. The columns are: {columns}.',
  'assets.import.notUtf8': 'The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.',
  'assets.import.nothingSent': 'Choose a file or paste the CSV first.',
  'assets.import.previewTitle': 'Check the import',
  'assets.import.previewSubtitle': '{rows} rows read. Nothing has been saved yet.',
  'assets.import.new': 'New',
  'assets.import.changes': 'Changed',
  'assets.import.unchanged': 'Unchanged',
  'assets.import.errors': 'Row errors',
  'assets.import.errorsTitle': '{n} row error(s) to fix',
  'assets.import.errorsBody': 'Nothing is imported until every row is right. Fix the file and try again; the other rows are listed below as they would be imported.',
  'assets.import.row': 'Row',
  'assets.import.column': 'Column',
  'assets.import.problem': 'Problem',
  'assets.import.again': 'Choose another file',
  'assets.import.nothing': 'The file matches the inventory: there is nothing to change.',
  'assets.import.confirmBody': 'Saving writes {n} asset(s) in one go, each with an entry in the audit trail.',
  'assets.import.apply': 'Save {n} change(s)',
  'assets.import.newTitle': 'New assets ({n})',
  'assets.import.assigned': 'assigned',
  'assets.import.changesTitle': 'Changed assets ({n})',
  'assets.import.asset': 'Asset',
  'assets.import.what': 'What changes',
  'assets.import.more': 'Showing the first {shown} of {total}.',
};

addMessages({ en, fi: { ...fiByText, ...fiUi } });

// Messages with placeholders, as patterns that read the filled-in values back.
const TEMPLATES = Object.values(MSG)
  .filter((m) => m.includes('{'))
  .map((m) => {
    const names: string[] = [];
    const pattern = m
      .split(/(\{\w+\})/)
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        if (name) {
          names.push(name);
          return '([\\s\\S]+?)';
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    return { template: m, names, re: new RegExp(`^${pattern}$`) };
  });

/** Translates a domain message, also one whose `{placeholders}` the service has already filled. */
export function tMsg(message: string): string {
  if (message in en) return t(message);
  for (const { template, names, re } of TEMPLATES) {
    const m = re.exec(message);
    if (m) return t(template, Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])));
  }
  return t(message);
}

/** Every UI key, for the test that both catalogues are complete. */
export const ASSET_MESSAGE_KEYS = Object.keys(en);
