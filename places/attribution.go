package places

// Attribution lists the source notices that the data's licences require,
// one per line, to be shown with the data (README, /about). On a web page
// the BKG notice links to https://www.bkg.bund.de.
const Attribution = `© GeoBasis-DE / BKG 2021 (Daten verändert), Datenlizenz Deutschland – Namensnennung – 2.0 (https://www.govdata.de/dl-de/by-2-0)
© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, Stand 31.12.2020, dl-de/by-2-0 (https://www.govdata.de/dl-de/by-2-0); Daten verändert
PLZ-Zuordnung: suche-postleitzahl.org, Daten © OpenStreetMap-Mitwirkende, ODbL 1.0 (https://www.openstreetmap.org/copyright)
Postal code data © GeoNames (https://www.geonames.org), CC BY 4.0; converted by zauberware, CC BY 4.0`
