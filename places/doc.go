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
//   - Destatis Gemeindeverzeichnis GV100AD, Gebietsstand 30.11.2025:
//     the municipalities, their names, keys, districts, associations and
//     population;
//   - the Destatis extract for Q4 2020 (Gebietsstand 31.12.2020): centre
//     points, and the municipalities merged since, so that their names
//     and keys still find their successors;
//   - BKG VG5000 municipality boundaries, Gebietsstand 01.01.2021, for
//     Locate;
//   - the OSM-derived postcode mapping of suche-postleitzahl.org (2021)
//     and the GeoNames postcode list, for postcodes; GeoNames also names
//     about 4,000 villages and quarters, so that "Schierke" finds
//     Wernigerode.
//
// The twenty largest cities are found by their names in the languages
// Lotse speaks too (Munich, Кельн, Münih, ميونخ), and a few others by their
// English names (Brunswick, Constance, Hamelin, Heligoland).
//
// So the places are those of 30 November 2025, but boundaries and
// postcodes are of 2021, under the keys of 2021. The boundaries of the 54
// municipalities of 2021 that have merged since (or, like Eisenach, moved
// to another district and so changed key) are joined to their 2025
// successor, which internal/gen finds by name, by the postcode of its
// seat, or by the neighbour that shares a border with it and whose
// population grew by as much, else the longest border (see successors
// there). Names and keys match
// for most; for a village absorbed by one of several neighbours, and for
// the uninhabited gemeindefreie Gebiete of Bavaria dissolved into their
// neighbours, the rule by population and border is a guess the generator
// logs: a point in such a former area may be placed in the wrong
// neighbour. A boundary change between two municipalities that both still
// exist is not seen at all. Municipalities merged since 2020 are found
// under their successor by name and key (Großenehrich → Greußen,
// Hahausen → Langelsheim, 16056000 → Eisenach).
//
// VG5000 boundaries are generalised for a map at 1:5,000,000: a point within a few hundred metres of a municipal border
// may be placed in the neighbouring municipality, and lakes that belong to
// no municipality (Bodensee) count as outside. The notices that the
// sources' licences require are shown by /about (main.about in locales/)
// and listed in the README.
package places
