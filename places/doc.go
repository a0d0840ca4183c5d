// Package places is Lotse's gazetteer: it finds a German municipality
// (Gemeinde) by name, postcode, official key (AGS, ARS) or GPS point, and
// tells its district (Kreis or kreisfreie Stadt), Land and, where one
// administers it, its Gemeindeverband (Amt, Verbandsgemeinde,
// Verwaltungsgemeinschaft, erfüllende Gemeinde).
//
//	g, err := places.Load() // once; share g, it is read-only
//	cands := g.Resolve("07607")            // postcode → Eisenberg, Hainspitz, …
//	cands = g.Resolve("Muenchen")          // name, umlauts either way, typos forgiven
//	p, ok := g.Locate(50.9676, 11.9013)    // point → Eisenberg
//	p, ok = g.ByARS("160745052018")
//
// The data is embedded (gazetteer.bin.gz) and generated from open data by
// internal/gen (run "go generate ./places"; see there for the flags):
//
//   - Destatis Gemeindeverzeichnis, extract for Q4 2020 (Gebietsstand
//     31.12.2020): names, keys, districts, associations, population and
//     centre points;
//   - BKG VG5000 municipality boundaries, Gebietsstand 01.01.2021: the
//     list of municipalities and their boundaries for Locate;
//   - the OSM-derived postcode mapping of suche-postleitzahl.org (2021)
//     and the GeoNames postcode list, for postcodes; GeoNames also names
//     about 4,000 villages and quarters, so that "Schierke" finds
//     Wernigerode.
//
// A few cities are found by their English names too (Munich, Cologne,
// Nuremberg, Hanover, Brunswick, Constance, Hamelin, Heligoland).
//
// So the places are those of 1 January 2021. Municipalities merged since
// are missing, and the few register entries merged on that day (such as
// Greußen, Großenehrich and Wolferschwenda into Greußen) are found under
// their successor. VG5000 boundaries are generalised for a map at
// 1:5,000,000: a point within a few hundred metres of a municipal border
// may be placed in the neighbouring municipality, and lakes that belong to
// no municipality (Bodensee) count as outside. The notices that the
// sources' licences require are shown by /about (main.about in locales/)
// and listed in the README.
package places
