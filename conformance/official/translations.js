// The real space page also loads a per-language bundle of interface texts
// (`traductions`), which no modules checkout contains. Without it, date
// formatting reads missing day and month names and throws. This stand-in
// registers the French calendar words only; every other text then shows
// as its key, which changes no behaviour. The client calls the bundle as
// `bundle(add)` (2024.3.x) or `bundle.trad(add)` (2025.x): both work.
"use strict";
// Monday first: the client indexes them by its day number (Monday 0).
const days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];
const months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
  "septembre", "octobre", "novembre", "décembre"];
const short = (w) => (w.length <= 4 ? w : w.slice(0, 4).replace(/[éû]$/, "") + ".");

const SOURCE = `
function register(add) {
  add("Jours", ${JSON.stringify(days)});
  add("JoursCourt", ${JSON.stringify(days.map((d) => d.slice(0, 3) + "."))});
  add("Mois", ${JSON.stringify(months)});
  add("MoisCourt", ${JSON.stringify(months.map(short))});
  add("$Date", { Mois: ${JSON.stringify(months)}, MoisCourt: ${JSON.stringify(months.map(short))} });
  add("date.separateurHeure", "h");
}
register.trad = register;
module.exports = register;
`;

module.exports = { SOURCE };
