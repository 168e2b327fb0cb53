// Strings for /docs/problems, in English and Finnish.
import { addMessages } from './i18n.js';

addMessages({
  en: {
    'problems.title': 'API problem types',
    'problems.lead': 'Every API error is an RFC 9457 problem whose type names one of these. Branch on the type or the status, not on the wording.',
    'problems.validation': '400: a field, the query string or the body is invalid; the errors list names each field.',
    'problems.bad-request': '400: the request could not be understood at all.',
    'problems.unauthorized': '401: no usable API token or session; sign in or send a valid Bearer token.',
    'problems.forbidden': '403: your role does not hold the permission this action needs.',
    'problems.csrf': '403: a change made with a session came without its form token or from another site; reload and try again.',
    'problems.https-required': '403: Kilpi runs behind a proxy and the request did not reach it over HTTPS.',
    'problems.not-found': '404: no such path or record.',
    'problems.conflict': '409: the change conflicts with data that exists, such as an email already in use.',
    'problems.payload-too-large': '413: the body is larger than this operation accepts.',
    'problems.unsupported-media-type': '415: the body is not in the content type this operation takes.',
    'problems.rate-limited': '429: too many requests; wait the number of seconds in Retry-After.',
    'problems.internal': '500: a fault on our side; the response has no internals, and the request id finds the details in the server log.',
  },
  fi: {
    'problems.title': 'API:n virhetyypit',
    'problems.lead': 'Jokainen API-virhe on RFC 9457 -muotoinen ongelmakuvaus, jonka tyyppi on jokin näistä. Haarauta tyypin tai tilakoodin, älä tekstin mukaan.',
    'problems.validation': '400: kenttä, kyselymerkkijono tai runko on virheellinen; errors-luettelo nimeää jokaisen kentän.',
    'problems.bad-request': '400: pyyntöä ei voitu ymmärtää lainkaan.',
    'problems.unauthorized': '401: kelvollista API-avainta tai istuntoa ei ole; kirjaudu sisään tai lähetä kelvollinen Bearer-avain.',
    'problems.forbidden': '403: roolillasi ei ole tämän toiminnon vaatimaa oikeutta.',
    'problems.csrf': '403: istunnolla tehty muutos tuli ilman lomakkeen tunnistetta tai toiselta sivustolta; lataa sivu uudelleen ja yritä uudestaan.',
    'problems.https-required': '403: Kilpi toimii välityspalvelimen takana, eikä pyyntö tullut sille HTTPS-yhteydellä.',
    'problems.not-found': '404: polkua tai tietuetta ei ole.',
    'problems.conflict': '409: muutos on ristiriidassa olemassa olevien tietojen kanssa, esimerkiksi sähköpostiosoite on jo käytössä.',
    'problems.payload-too-large': '413: runko on suurempi kuin tämä toiminto hyväksyy.',
    'problems.unsupported-media-type': '415: runko ei ole tämän toiminnon hyväksymää sisältötyyppiä.',
    'problems.rate-limited': '429: liikaa pyyntöjä; odota Retry-After-otsakkeen kertoma määrä sekunteja.',
    'problems.internal': '500: vika meidän päässämme; vastaus ei paljasta sisäisiä tietoja, ja pyynnön tunniste löytää yksityiskohdat palvelimen lokista.',
  },
});
