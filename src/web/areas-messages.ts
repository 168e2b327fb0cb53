// Strings of the pages of ISMS areas not built yet: what each will hold and which promise of the seed it keeps.
import { addMessages } from './i18n.js';

addMessages({
  en: {
    'area.status': 'Not built yet',
    'area.holds.title': 'What this area will hold',
    'area.promise.title': 'The promise it keeps',
    'area.promise.source': 'From “Information security for customers”, the page Kilpi is built to run and prove.',
    'area.arrives.title': 'When it arrives',
    'area.meanwhile.title': 'Until then',
    'area.nodata': 'This page shows no figures on purpose: nothing here is real until the area is built.',






    'area.evidence.lead': 'The proof behind each claim: files and automated check results, each anchored in the verified ledger so it cannot be altered or back-dated unseen.',
    'area.evidence.holds.1': 'Evidence files and imports — scanner reports, backup logs, review records — with their source and time.',
    'area.evidence.holds.2': 'Continuous checks: backups taken and restorable, changes code reviewed, vulnerabilities found and fixed in time.',
    'area.evidence.holds.3': 'Freshness: evidence that is too old turns its control to stale.',
    'area.evidence.promise.1': 'Databases are backed up regularly; the backups are protected and encrypted.',
    'area.evidence.promise.2': 'All changes to systems are code reviewed.',
    'area.evidence.promise.3': 'Software vulnerabilities are managed with automated tools during development and in production.',
    'area.evidence.arrives': 'With evidence and continuous control tests, after the ISMS core.',
    'area.evidence.meanwhile': 'Every change made in Kilpi is already recorded, with who made it and when, in the audit trail.',

    'area.incidents.lead': 'Security incidents and personal data breaches, from the first report to the last notification, with the law’s deadlines as clocks.',
    'area.incidents.holds.1': 'Each incident with its severity, owner, timeline and the actions taken.',
    'area.incidents.holds.2': 'Regulatory clocks from the moment of detection: GDPR’s 72 hours; DORA’s 4 hours, 72 hours and one month.',
    'area.incidents.holds.3': 'Reports from customers, and onward reporting as the company’s practice requires.',
    'area.incidents.holds.4': 'The notifications made: who sent what to whom, and when.',
    'area.incidents.promise.1': 'If a breach still happens, we have effective operating models to react fast and minimise the harm.',
    'area.incidents.promise.2': 'We make the notifications that the law requires of the breaches we detect.',
    'area.incidents.arrives': 'With incidents and regulatory clocks.',

    'area.access.lead': 'Who has access to which system and with what rights — and regular reviews in which managers confirm or remove it.',
    'area.access.holds.1': 'Accounts and rights per system, matched to people in the directory.',
    'area.access.holds.2': 'Review campaigns every six months: each manager confirms or removes their people’s access, one key press per decision.',
    'area.access.holds.3': 'A leaver’s access flagged on the day they leave, and each removal tracked until it is done.',
    'area.access.promise.1': 'Access to systems and tools is given only to the people (and with the rights) who need it to develop or run the services.',
    'area.access.promise.2': 'We review user accounts and access rights at regular intervals and remove unnecessary access.',
    'area.access.arrives': 'With access management and reviews.',
    'area.access.meanwhile': 'The people directory already records managers and who is leaving on which date — the facts reviews will be built on.',

    'area.suppliers.lead': 'The suppliers the services depend on — cloud hosting first — with their assessments and the register that DORA requires.',
    'area.suppliers.holds.1': 'Each supplier with the services it provides, the data it handles and how critical it is.',
    'area.suppliers.holds.2': 'Procurement assessments and the dates they must be renewed.',
    'area.suppliers.holds.3': 'The DORA register of ICT third-party arrangements, ready to export for the supervisor.',
    'area.suppliers.promise.1': 'The procurement, access management, change management and incident management processes help us protect our services.',
    'area.suppliers.promise.2': 'Development, testing and production have separate technical environments, run in AWS’s public cloud.',
    'area.suppliers.arrives': 'With the governance loop: suppliers, internal audits, nonconformities and management review.',

    'area.customers.lead': 'The customer side: a portal for merchants with their credentials, the changes they must make, their reports and their audits.',
    'area.customers.holds.1': 'API credentials and keys issued to each customer, with access over encrypted connections only.',
    'area.customers.holds.2': 'Interface change notices with the date by which each customer must change, tracked by their real API usage.',
    'area.customers.holds.3': 'Security incidents and misuse reported by customers, and how each was handled.',
    'area.customers.holds.4': 'Audit engagements requested by customers, with the hours billed.',
    'area.customers.promise.1': 'The customer’s system always uses the services over an encrypted connection.',
    'area.customers.promise.2': 'The customer must make the changes by the date we announce to keep using the services.',
    'area.customers.promise.3': 'The customer must immediately report security incidents or misuse that relate to the services.',
    'area.customers.promise.4': 'The customer has the right to audit the security of the services at its own cost.',
    'area.customers.arrives': 'With the customer side.',
  },
  fi: {
    'area.status': 'Ei vielä rakennettu',
    'area.holds.title': 'Mitä tämä osa-alue tulee sisältämään',
    'area.promise.title': 'Lupaus, jonka se pitää',
    'area.promise.source': 'Sivulta ”Tietoturvallisuus asiakkaille”, jonka lupausten toteuttamiseen ja todentamiseen Kilpi rakennetaan.',
    'area.arrives.title': 'Milloin se tulee',
    'area.meanwhile.title': 'Siihen asti',
    'area.nodata': 'Tällä sivulla ei tarkoituksella ole lukuja: mikään täällä ei ole totta ennen kuin osa-alue on rakennettu.',






    'area.evidence.lead': 'Jokaisen väitteen takana oleva näyttö: tiedostot ja automaattisten tarkistusten tulokset, kukin ankkuroituna varmennettuun kirjanpitoon, jotta niitä ei voi huomaamatta muuttaa tai päivätä taaksepäin.',
    'area.evidence.holds.1': 'Näyttötiedostot ja tuonnit – skannausraportit, varmuuskopiolokit, katselmointikirjaukset – lähteineen ja aikoineen.',
    'area.evidence.holds.2': 'Jatkuvat tarkistukset: varmuuskopiot otettu ja palautettavissa, muutokset koodikatselmoitu, haavoittuvuudet löydetty ja korjattu ajallaan.',
    'area.evidence.holds.3': 'Tuoreus: liian vanha näyttö muuttaa hallintakeinonsa tilaksi vanhentunut.',
    'area.evidence.promise.1': 'Tietokannoista otetaan säännöllisesti varmuuskopiot, jotka on suojattu ja salattu.',
    'area.evidence.promise.2': 'Kaikki järjestelmien muutokset koodikatselmoidaan.',
    'area.evidence.promise.3': 'Ohjelmistohaavoittuvuuksia hallitaan automaattisin työkaluin kehityksen aikana ja tuotannossa.',
    'area.evidence.arrives': 'Näytön ja jatkuvien kontrollitestien mukana, hallintajärjestelmän ytimen jälkeen.',
    'area.evidence.meanwhile': 'Jokainen Kilpessä tehty muutos kirjataan jo nyt muutoslokiin tekijän ja ajan kanssa.',

    'area.incidents.lead': 'Tietoturvapoikkeamat ja tietosuojaloukkaukset ensimmäisestä ilmoituksesta viimeiseen tiedotukseen, lain määräajat kelloina.',
    'area.incidents.holds.1': 'Jokainen poikkeama vakavuuksineen, omistajineen, aikajanoineen ja toimenpiteineen.',
    'area.incidents.holds.2': 'Viranomaiskellot havaitsemishetkestä: tietosuoja-asetuksen 72 tuntia; DORAn 4 tuntia, 72 tuntia ja kuukausi.',
    'area.incidents.holds.3': 'Asiakkaiden ilmoitukset ja niiden raportointi eteenpäin yrityksen käytäntöjen mukaan.',
    'area.incidents.holds.4': 'Tehdyt ilmoitukset: kuka lähetti mitä, kenelle ja milloin.',
    'area.incidents.promise.1': 'Jos loukkaus silti tapahtuu, meillä on tehokkaat toimintamallit, joilla reagoimme nopeasti ja minimoimme haitat.',
    'area.incidents.promise.2': 'Teemme lain edellyttämät ilmoitukset havaitsemistamme loukkauksista.',
    'area.incidents.arrives': 'Poikkeamien ja viranomaiskellojen mukana.',

    'area.access.lead': 'Kenellä on pääsy mihinkin järjestelmään ja millä oikeuksilla – ja säännölliset katselmoinnit, joissa esihenkilöt vahvistavat tai poistavat pääsyn.',
    'area.access.holds.1': 'Tunnukset ja oikeudet järjestelmittäin yhdistettyinä hakemiston henkilöihin.',
    'area.access.holds.2': 'Katselmointikierrokset puolen vuoden välein: jokainen esihenkilö vahvistaa tai poistaa alaistensa pääsyt, yksi näppäinpainallus päätöstä kohti.',
    'area.access.holds.3': 'Lähtijän pääsyt merkitään lähtöpäivänä, ja jokaista poistoa seurataan, kunnes se on tehty.',
    'area.access.promise.1': 'Järjestelmiin ja työkaluihin on pääsy vain niillä henkilöillä (ja niillä oikeuksilla), jotka tarvitsevat sitä palveluiden kehittämiseen tai tuottamiseen.',
    'area.access.promise.2': 'Katselmoimme käyttäjätunnukset ja käyttöoikeudet säännöllisin väliajoin ja poistamme tarpeettomat pääsyt.',
    'area.access.arrives': 'Pääsynhallinnan ja katselmointien mukana.',
    'area.access.meanwhile': 'Henkilöhakemisto kirjaa jo esihenkilöt ja sen, kuka lähtee minäkin päivänä – tiedot, joiden varaan katselmoinnit rakennetaan.',

    'area.suppliers.lead': 'Toimittajat, joista palvelut riippuvat – ensimmäisenä pilvipalvelu – arvioineen ja DORAn edellyttämine rekistereineen.',
    'area.suppliers.holds.1': 'Jokainen toimittaja tarjoamineen palveluineen, käsittelemineen tietoineen ja kriittisyyksineen.',
    'area.suppliers.holds.2': 'Hankinta-arviot ja päivät, joihin mennessä ne on uusittava.',
    'area.suppliers.holds.3': 'DORAn mukainen ICT-kolmansien osapuolten sopimusjärjestelyjen rekisteri valmiina vietäväksi valvojalle.',
    'area.suppliers.promise.1': 'Hankinta-, pääsynhallinta-, muutoshallinta- ja häiriönhallintaprosessit auttavat meitä suojaamaan palveluitamme.',
    'area.suppliers.promise.2': 'Kehitystä, testausta ja tuotantoa varten on erilliset tekniset ympäristöt AWS:n julkisessa pilvessä.',
    'area.suppliers.arrives': 'Hallinnon kehän mukana: toimittajat, sisäiset auditoinnit, poikkeamat vaatimuksista ja johdon katselmus.',

    'area.customers.lead': 'Asiakaspuoli: kauppiaiden portaali tunnuksineen, tehtävine muutoksineen, ilmoituksineen ja auditointeineen.',
    'area.customers.holds.1': 'Kullekin asiakkaalle annetut API-tunnukset ja avaimet, pääsy vain salattuja yhteyksiä pitkin.',
    'area.customers.holds.2': 'Rajapintamuutosten ilmoitukset ja päivä, johon mennessä kunkin asiakkaan on muutettava järjestelmänsä, seurattuna todellisen API-käytön perusteella.',
    'area.customers.holds.3': 'Asiakkaiden ilmoittamat tietoturvahäiriöt ja väärinkäytökset sekä niiden käsittely.',
    'area.customers.holds.4': 'Asiakkaiden pyytämät auditoinnit ja niistä laskutetut tunnit.',
    'area.customers.promise.1': 'Asiakkaan järjestelmä käyttää palveluita aina salatun yhteyden yli.',
    'area.customers.promise.2': 'Asiakkaan on tehtävä muutokset ilmoittamaamme päivämäärään mennessä jatkaakseen palveluiden käyttöä.',
    'area.customers.promise.3': 'Asiakkaan on viipymättä ilmoitettava palveluihin liittyvistä tietoturvahäiriöistä tai väärinkäytöksistä.',
    'area.customers.promise.4': 'Asiakkaalla on oikeus auditoida palveluiden tietoturvallisuus omaan laskuunsa.',
    'area.customers.arrives': 'Asiakaspuolen mukana.',
  },
});
