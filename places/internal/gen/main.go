// Command gen builds the gazetteer file places/gazetteer.bin.gz from the
// open data in the shared data directory: the Destatis municipality
// register GV100AD of 30.11.2025 (the places), the Destatis extract of
// 2020 (centre points, municipalities merged since), the BKG VG5000
// municipality boundaries of 2021, the OSM-derived postcode mapping of
// 2021 and the GeoNames postcode list. Boundaries and postcodes carry keys
// of 2021; successors (merge.go) maps those of municipalities merged
// since to their 2025 successors, and the log tells by which rule.
//
// Usage (from the places folder, as go generate runs it):
//
//	go run ./internal/gen [-data DIR] [-out FILE]
//
// DIR defaults to $LOTSE_DATA, else to ../shared/data next to the
// repository root.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/lotse-de/lotse/internal/fold"
	"github.com/lotse-de/lotse/internal/gv100ad"
	"github.com/lotse-de/lotse/places/internal/gazfile"
)

// verbose is set by the -v flag.
var verbose = new(bool)

func main() {
	log.SetFlags(0)
	log.SetPrefix("gen: ")
	data := flag.String("data", "", "folder with the source data (default: ../shared/data next to the repository root)")
	out := flag.String("out", "gazetteer.bin.gz", "file to write")
	verbose = flag.Bool("v", false, "log every link made from GeoNames and every row left out")
	flag.Parse()
	if *data == "" {
		*data = os.Getenv("LOTSE_DATA")
	}
	if *data == "" {
		root, err := repoRoot()
		if err != nil {
			log.Fatal(err)
		}
		*data = filepath.Join(root, "..", "shared", "data")
	}
	f, stats, err := build(*data)
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := gazfile.Write(&buf, f); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	for ags := range exonyms {
		if !slices.ContainsFunc(f.Places, func(r gazfile.Record) bool { return r.ARS[:5]+r.ARS[9:] == ags }) {
			log.Fatalf("exonym for %s, which is not a place", ags)
		}
	}
	for _, s := range stats {
		log.Print(s)
	}
	log.Printf("wrote %s: %d places, %d former, %d bytes", *out, len(f.Places), len(f.Former), buf.Len())
}

// repoRoot finds the folder with go.mod above the working directory.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory; pass -data")
		}
		dir = parent
	}
}

// gvRecord is a row of the Destatis register.
type gvRecord struct {
	satzart, kind          string // satzart and textkennzeichen
	land, rb, kreis, vb, g string
	name, seat             string // seat: Verwaltungssitz of a Gemeindeverband (GV100AD only)
	population             uint32
	postcode               string
	lat, lon               float64
	hasPoint               bool
}

func (r gvRecord) ags() string { return r.land + r.rb + r.kreis + r.g }
func (r gvRecord) ars() string { return r.land + r.rb + r.kreis + r.vb + r.g }

// feature is a municipality of the BKG boundaries.
type feature struct {
	ars, ags, gen, bez string
	rings              [][]int32
	minX, minY         int32
	maxX, maxY         int32
}

var districtKinds = map[string]string{
	"41": "Kreisfreie Stadt", "42": "Stadtkreis", "43": "Kreis", "44": "Landkreis", "45": "Regionalverband",
}

var associationKinds = map[string]string{
	"51": "Amt", "52": "Samtgemeinde", "53": "Verbandsgemeinde", "54": "Verwaltungsgemeinschaft",
	"55": "Kirchspielslandgemeinde", "56": "Verwaltungsverband", "57": "Verwaltungsgemeinschaft",
	"58": "erfüllende Gemeinde",
}

// exonyms are the names of the largest cities (and a few others) in the
// languages Lotse speaks, where they differ from the German one, so that
// people find them as they write them: English, Russian, Ukrainian,
// Turkish, Arabic.
var exonyms = map[string][]string{
	"11000000": {"Берлин", "Берлін", "برلين"},
	"02000000": {"Гамбург", "هامبورغ", "هامبورج"},
	"09162000": {"Munich", "Мюнхен", "Münih", "ميونخ", "ميونيخ"},
	"05315000": {"Cologne", "Кельн", "Кёльн", "كولونيا", "كولن"},
	"06412000": {"Франкфурт", "Франкфурт-на-Майне", "Франкфурт-на-Майні", "فرانكفورت"},
	"08111000": {"Штутгарт", "شتوتغارت"},
	"05111000": {"Дюссельдорф", "دوسلدورف"},
	"14713000": {"Лейпциг", "لايبزيغ"},
	"05913000": {"Дортмунд", "دورتموند"},
	"05113000": {"Эссен", "Ессен", "إيسن", "ايسن"},
	"04011000": {"Бремен", "بريمن"},
	"14612000": {"Дрезден", "دريسدن"},
	"03241001": {"Hanover", "Ганновер", "هانوفر"},
	"09564000": {"Nuremberg", "Нюрнберг", "نورنبيرغ", "نورنبرغ"},
	"05112000": {"Дуйсбург", "دويسبورغ"},
	"05911000": {"Бохум", "بوخوم"},
	"05124000": {"Вупперталь", "فوبرتال"},
	"05711000": {"Билефельд", "Білефельд", "بيليفيلد"},
	"05314000": {"Бонн", "بون"},
	"05515000": {"Мюнстер", "مونستر"},
	"03101000": {"Brunswick"},
	"08335043": {"Constance"},
	"03252006": {"Hamelin"},
	"01056025": {"Heligoland"},
}

func build(dir string) (*gazfile.File, []string, error) {
	var stats []string
	gv, err := readGV100(filepath.Join(dir, gv100ad.File))
	if err != nil {
		return nil, nil, err
	}
	old, err := readGV(filepath.Join(dir, "destatis-gv-auszug-2020", "AuszugGV4QAktuell.csv"))
	if err != nil {
		return nil, nil, err
	}
	features, err := readBoundaries(filepath.Join(dir, "bkg-vg5000-2021", "geojson", "gemeinden_vg5000_2021.geojson"))
	if err != nil {
		return nil, nil, err
	}
	lands := map[string]gvRecord{}
	districts := map[string]gvRecord{}
	associations := map[string]gvRecord{}
	municipalities := map[string]gvRecord{}
	for _, r := range gv {
		switch r.satzart {
		case "10":
			lands[r.land] = r
		case "40":
			districts[r.land+r.rb+r.kreis] = r
		case "50":
			associations[r.land+r.rb+r.kreis+r.vb] = r
		case "60":
			municipalities[r.ags()] = r
		}
	}
	for ags, r := range municipalities {
		if _, ok := districts[ags[:5]]; !ok || r.g == "999" {
			stats = append(stats, fmt.Sprintf("left out %s %q: in no district (sea, shared territory)", r.ars(), r.name))
			delete(municipalities, ags)
		}
	}
	slices.Sort(stats)
	// The 2020 register gives centre points, and the municipalities merged
	// before 2021.
	register := map[string]gvRecord{}
	oldAssociations := map[string]gvRecord{}
	for _, r := range old {
		switch r.satzart {
		case "50":
			oldAssociations[r.land+r.rb+r.kreis+r.vb] = r
		case "60":
			register[r.ags()] = r
		}
	}
	// GV100AD cuts names at 50 characters.
	for _, m := range []struct{ now, then map[string]gvRecord }{{municipalities, register}, {associations, oldAssociations}} {
		for k, r := range m.now {
			if name, ok := untruncated(r.name, m.then[k].name); ok {
				stats = append(stats, fmt.Sprintf("name cut off at %d characters: %s %q → %q", nameWidth, r.ars(), r.name, name))
				r.name = name
				m.now[k] = r
			}
		}
	}

	f := &gazfile.File{}
	keys := sortedKeys(municipalities)
	placeOf := map[string]int{} // AGS of 2025 → index into f.Places
	for i, ags := range keys {
		placeOf[ags] = i
	}
	slices.SortFunc(features, func(a, b feature) int { return cmp.Compare(a.ags, b.ags) })
	byAGS := map[string]int{}
	for i, ft := range features {
		byAGS[ft.ags] = i
	}

	// Each 2021 boundary belongs to a 2025 municipality: the one of the
	// same AGS, or for municipalities merged since the successor that
	// successors finds (-1 where none is found).
	osm, err := readCSV(filepath.Join(dir, "osm-plz-ags-2021", "zuordnung_plz_ort_landkreis.csv"))
	if err != nil {
		return nil, nil, err
	}
	oldCodes := map[string][]string{}
	for _, row := range osm {
		oldCodes[row["ags"]] = append(oldCodes[row["ags"]], row["plz"])
	}
	succ, mapStats := successors(features, municipalities, register, placeOf, oldCodes)
	stats = append(stats, mapStats...)

	shapes := make([]feature, len(keys))
	members := make([][]int, len(keys)) // 2021 features of each place
	for i := range shapes {
		shapes[i] = feature{minX: math.MaxInt32, minY: math.MaxInt32, maxX: math.MinInt32, maxY: math.MinInt32}
	}
	for fi, ft := range features {
		i := succ[fi]
		if i < 0 {
			continue
		}
		members[i] = append(members[i], fi)
		s := &shapes[i]
		s.rings = append(s.rings, ft.rings...)
		s.minX, s.minY = min(s.minX, ft.minX), min(s.minY, ft.minY)
		s.maxX, s.maxY = max(s.maxX, ft.maxX), max(s.maxY, ft.maxY)
	}

	// formerPlace maps the AGS of every municipality merged since the
	// 2020 register to its 2025 successor.
	formerPlace := map[string]int{}
	addFormer := func(ags, name string, i int) {
		if _, ok := placeOf[ags]; ok {
			return
		}
		if _, ok := formerPlace[ags]; ok {
			return
		}
		formerPlace[ags] = i
		f.Former = append(f.Former, gazfile.Former{AGS: ags, Name: name, Successor: i})
	}
	for fi, ft := range features {
		if _, ok := placeOf[ft.ags]; ok || succ[fi] < 0 {
			continue
		}
		name := ft.gen
		if r, ok := register[ft.ags]; ok {
			name = r.name
		}
		addFormer(ft.ags, name, succ[fi])
	}
	// Register entries of 2020 that the 2021 boundaries lack merged on
	// 1 January 2021: the boundary holding their centre point is the
	// predecessor of their successor.
	for _, ags := range sortedKeys(register) {
		r := register[ags]
		if _, ok := byAGS[ags]; ok {
			continue
		}
		if !r.hasPoint || r.g == "999" {
			stats = append(stats, fmt.Sprintf("left out %s %q (2020): no boundary, no centre point", ags, r.name))
			continue
		}
		fi := locate(features, r.lon, r.lat)
		if fi < 0 || succ[fi] < 0 {
			stats = append(stats, fmt.Sprintf("left out %s %q (2020): centre point in no boundary of a 2025 municipality", ags, r.name))
			continue
		}
		addFormer(ags, r.name, succ[fi])
		stats = append(stats, fmt.Sprintf("former (2020) %s %q → %s %q", ags, r.name, keys[succ[fi]], municipalities[keys[succ[fi]]].name))
	}

	postcodes := make([]map[uint32]bool, len(keys))
	for i := range postcodes {
		postcodes[i] = map[uint32]bool{}
	}
	addPostcode := func(i int, code string) bool {
		if len(code) != 5 {
			return false
		}
		n, err := strconv.ParseUint(code, 10, 32)
		if err != nil || n == 0 {
			return false
		}
		postcodes[i][uint32(n)] = true
		return true
	}
	for ags, i := range formerPlace {
		addPostcode(i, register[ags].postcode)
	}

	assocIndex := map[string]int{}
	oldDistricts := make([][]string, len(keys)) // district keys of 2021 under which a place was known
	var noBoundary int
	for i, ags := range keys {
		r := municipalities[ags]
		rec := gazfile.Record{ARS: r.ars(), Name: r.name, Association: -1, Population: r.population,
			Unincorporated: r.kind == "65" || r.kind == "66", Rings: shapes[i].rings}
		addPostcode(i, r.postcode)
		if old, ok := register[ags]; ok {
			addPostcode(i, old.postcode)
		}
		var preds []gvRecord
		for _, fi := range members[i] {
			ft := features[fi]
			if !slices.Contains(oldDistricts[i], ft.ags[:5]) {
				oldDistricts[i] = append(oldDistricts[i], ft.ags[:5])
			}
			if ft.ags == ags && fold.Key(coreName(rec.Name), fold.Spelled) != fold.Key(ft.gen, fold.Spelled) {
				rec.Aliases = append(rec.Aliases, ft.gen)
			}
			if p, ok := register[ft.ags]; ok && ft.ags != ags {
				preds = append(preds, p)
			}
		}
		rec.Aliases = append(rec.Aliases, exonyms[ags]...)
		switch own, ok := register[ags]; {
		case ok && own.hasPoint:
			rec.Lat, rec.Lon = toUnits(own.lat), toUnits(own.lon)
		default:
			if p, ok := mainPredecessor(preds, coreName(r.name)); ok && p.hasPoint {
				rec.Lat, rec.Lon = toUnits(p.lat), toUnits(p.lon)
			} else if len(rec.Rings) > 0 {
				rec.Lon, rec.Lat = centroid(rec.Rings)
			}
		}
		if len(rec.Rings) == 0 {
			noBoundary++
			stats = append(stats, fmt.Sprintf("no boundary: %s %q", ags, r.name))
		}
		if a, ok := associations[rec.ARS[:9]]; ok && administers(a, r) {
			j, ok := assocIndex[rec.ARS[:9]]
			if !ok {
				j = len(f.Associations)
				assocIndex[rec.ARS[:9]] = j
				f.Associations = append(f.Associations, gazfile.Area{Key: rec.ARS[:9], Name: a.name, Kind: associationKinds[a.kind]})
			}
			rec.Association = j
		}
		if _, ok := districts[ags[:5]]; !ok {
			return nil, nil, fmt.Errorf("%s %q: district %s not in the register", ags, r.name, ags[:5])
		}
		if _, ok := lands[ags[:2]]; !ok {
			return nil, nil, fmt.Errorf("%s %q: Land %s not in the register", ags, r.name, ags[:2])
		}
		f.Places = append(f.Places, rec)
	}
	stats = append(stats, fmt.Sprintf("municipalities without a boundary: %d", noBoundary))
	// Every erfüllende Gemeinde is found among its Verband's members.
	fulfilling := map[string]int{}
	for _, ags := range keys {
		r := municipalities[ags]
		if a, ok := associations[r.ars()[:9]]; ok && (a.kind == "57" || a.kind == "58") && fulfils(a, r) {
			fulfilling[r.ars()[:9]]++
		}
	}
	for _, k := range sortedKeys(associations) {
		if a := associations[k]; (a.kind == "57" || a.kind == "58") && fulfilling[k] != 1 {
			stats = append(stats, fmt.Sprintf("erfüllende Gemeinde %s %q (seat %q): %d members taken for it, want 1", k, a.name, a.seat, fulfilling[k]))
		}
	}
	for _, k := range sortedKeys(lands) {
		f.Lands = append(f.Lands, gazfile.Area{Key: k, Name: lands[k].name})
	}
	for _, k := range sortedKeys(districts) {
		d := districts[k]
		f.Districts = append(f.Districts, gazfile.Area{Key: k, Name: d.name, Kind: districtKinds[d.kind]})
	}

	// Postcodes from the OSM-derived mapping (keys of 2021).
	var osmLinks, osmUnknown int
	for _, row := range osm {
		ags, code := row["ags"], row["plz"]
		i, ok := placeOf[ags]
		if !ok {
			i, ok = formerPlace[ags]
		}
		if !ok {
			osmUnknown++
			if *verbose {
				log.Printf("OSM row with unknown AGS: %v", row)
			}
			continue
		}
		if addPostcode(i, code) {
			osmLinks++
		}
	}
	stats = append(stats, fmt.Sprintf("OSM postcode rows: %d linked, %d with an unknown AGS", osmLinks, osmUnknown))

	// GeoNames gives a postcode with a locality name and its district
	// (keys of about 2021): where the locality is a municipality of that
	// district (one only), link them.
	geo, err := readCSV(filepath.Join(dir, "geonames-de-postal", "zipcodes.de.csv"))
	if err != nil {
		return nil, nil, err
	}
	byDistrictName := map[string][]int{}
	inDistrict := func(i int, code string) bool {
		return f.Places[i].ARS[:5] == code || slices.Contains(oldDistricts[i], code)
	}
	for i, p := range f.Places {
		for _, k := range nameKeys(p) {
			for _, d := range append([]string{p.ARS[:5]}, oldDistricts[i]...) {
				dk := d + "|" + k
				if !slices.Contains(byDistrictName[dk], i) {
					byDistrictName[dk] = append(byDistrictName[dk], i)
				}
			}
		}
	}
	var geoNew, geoKnown, geoElsewhere int
	for _, row := range geo {
		cands := byDistrictName[row["community_code"]+"|"+fold.Key(row["place"], fold.Spelled)]
		if len(cands) != 1 {
			continue
		}
		lat, errLat := strconv.ParseFloat(row["latitude"], 64)
		lon, errLon := strconv.ParseFloat(row["longitude"], 64)
		if errLat != nil || errLon != nil || locate(shapes[cands[0]:cands[0]+1], lon, lat) != 0 {
			geoElsewhere++
			continue
		}
		n, err := strconv.ParseUint(row["zipcode"], 10, 32)
		if err != nil || len(row["zipcode"]) != 5 {
			continue
		}
		if postcodes[cands[0]][uint32(n)] {
			geoKnown++
			continue
		}
		if addPostcode(cands[0], row["zipcode"]) {
			geoNew++
			if *verbose {
				log.Printf("GeoNames link %s → %s %q", row["zipcode"], f.Places[cands[0]].ARS, f.Places[cands[0]].Name)
			}
		}
	}
	stats = append(stats, fmt.Sprintf("GeoNames rows matched to a municipality by name and district: %d already known, %d new links, %d left out (point outside its boundary)", geoKnown, geoNew, geoElsewhere))

	// GeoNames names other localities too (villages and quarters within a
	// municipality). A locality is taken where its row is one of a place
	// (see localityName), its postcode is known from the mapping and its
	// point lies in a municipality of its district.
	known := map[uint32]bool{}
	for _, codes := range postcodes {
		for c := range codes {
			known[c] = true
		}
	}
	locKeys := make([]map[string]bool, len(f.Places))
	var locTaken, locLeft int
	for _, row := range geo {
		name := strings.TrimSpace(row["place"])
		key := fold.Key(name, fold.Spelled)
		if key == "" || len(byDistrictName[row["community_code"]+"|"+key]) > 0 {
			continue
		}
		if !localityName(row) {
			locLeft++
			continue
		}
		lat, errLat := strconv.ParseFloat(row["latitude"], 64)
		lon, errLon := strconv.ParseFloat(row["longitude"], 64)
		n, errCode := strconv.ParseUint(row["zipcode"], 10, 32)
		if errLat != nil || errLon != nil || errCode != nil {
			locLeft++
			continue
		}
		i := locate(shapes, lon, lat)
		if i < 0 || !inDistrict(i, row["community_code"]) || !known[uint32(n)] {
			locLeft++
			if *verbose {
				where := "no municipality"
				if i >= 0 {
					where = keys[i] + " " + f.Places[i].Name
				}
				log.Printf("locality left out: %s %q (district %s) at %s", row["zipcode"], name, row["community_code"], where)
			}
			continue
		}
		// "Krummhörn Loquard" is Loquard in Krummhörn.
		name = trimMunicipality(name, nameKeys(f.Places[i]))
		key = fold.Key(name, fold.Spelled)
		if locKeys[i] == nil {
			locKeys[i] = map[string]bool{}
		}
		if !locKeys[i][key] {
			locKeys[i][key] = true
			f.Places[i].Localities = append(f.Places[i].Localities, name)
			locTaken++
			if *verbose {
				log.Printf("locality taken: %s %q → %s %s", row["zipcode"], name, keys[i], f.Places[i].Name)
			}
		}
	}
	stats = append(stats, fmt.Sprintf("GeoNames localities: %d names taken, %d rows left out (company postcode, or point in no municipality of its district)", locTaken, locLeft))

	var without int
	for i := range f.Places {
		codes := make([]uint32, 0, len(postcodes[i]))
		for c := range postcodes[i] {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		f.Places[i].Postcodes = codes
		if len(codes) == 0 && !f.Places[i].Unincorporated {
			without++
		}
	}
	stats = append(stats, fmt.Sprintf("municipalities without a postcode: %d", without))
	return f, stats, nil
}

// nameWidth is the width of the name field of GV100AD.
const nameWidth = 50

// untruncated returns the name to use for a name that fills the whole
// field of GV100AD and so may be cut off: the 2020 register's name where
// it is longer and begins alike, else the name without its last,
// cut-off part after a comma. It reports false for a name shorter than
// the field.
func untruncated(name, then string) (string, bool) {
	if len([]rune(name)) < nameWidth {
		return name, false
	}
	if len(then) > len(name) && strings.HasPrefix(then, name) {
		return then, true
	}
	if i := strings.LastIndex(name, ","); i > 0 {
		return strings.TrimSpace(name[:i]), true
	}
	return name, false
}

// administers reports whether the Gemeindeverband a administers the
// municipality r: every Amt, Verbandsgemeinde, Samtgemeinde,
// Verwaltungsgemeinschaft and Verwaltungsverband administers all its
// members, its seat included, but an erfüllende Gemeinde (and the
// Trägergemeinde of a Verwaltungsgemeinschaft nach dem Trägermodell)
// administers itself. A verbandsfreie Gemeinde has none.
func administers(a, r gvRecord) bool {
	switch a.kind {
	case "50", "":
		return false
	case "57", "58":
		return !fulfils(a, r)
	}
	return true
}

// fulfils reports whether r is the erfüllende Gemeinde of a: the Verband
// bears its name ("Eisenberg, Stadt", "EG Uder") or its seat is r
// ("Eisenberg/Thür.").
func fulfils(a, r gvRecord) bool {
	name := fold.Key(coreName(r.name), fold.Spelled)
	seat, _, _ := strings.Cut(coreName(a.seat), "/")
	return name == fold.Key(strings.TrimPrefix(coreName(a.name), "EG "), fold.Spelled) ||
		name == fold.Key(coreName(a.seat), fold.Spelled) || name == fold.Key(seat, fold.Spelled)
}

func nameKeys(p gazfile.Record) []string {
	keys := fold.NameKeys(p.Name)
	for _, a := range p.Aliases {
		keys = append(keys, fold.NameKeys(a)...)
	}
	return keys
}

// localityName reports whether a GeoNames row names a village or
// quarter. Rows of companies and offices with postcodes of their own carry
// a numeric state code ("01", with an English state name and the
// Regierungsbezirk as province); rows of places carry the Land's letters
// ("TH").
func localityName(row map[string]string) bool {
	code := row["state_code"]
	if len(code) != 2 {
		return false
	}
	for i := 0; i < len(code); i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return false
		}
	}
	return !strings.ContainsAny(row["place"], "&@0123456789")
}

// trimMunicipality drops a leading municipality name from a locality
// name: "Krummhörn Loquard" → "Loquard".
func trimMunicipality(name string, keys []string) string {
	words := strings.Fields(name)
	for j := len(words) - 1; j >= 1; j-- {
		if slices.Contains(keys, fold.Key(strings.Join(words[:j], " "), fold.Spelled)) {
			return strings.Join(words[j:], " ")
		}
	}
	return name
}

// mainPredecessor picks the predecessor whose centre a merged
// municipality keeps: the one of the same name, else the most populous.
func mainPredecessor(ps []gvRecord, gen string) (gvRecord, bool) {
	var best gvRecord
	found := false
	for _, p := range ps {
		if fold.Key(coreName(p.name), fold.Spelled) == fold.Key(gen, fold.Spelled) {
			return p, true
		}
		if !found || p.population > best.population {
			best, found = p, true
		}
	}
	return best, found
}

// coreName is an official name without its designation after the comma.
func coreName(name string) string {
	core, _, _ := strings.Cut(name, ",")
	return strings.TrimSpace(core)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func toUnits(deg float64) int32 { return int32(math.Round(deg * gazfile.Scale)) }

// readCSV reads a CSV file with a header into maps by column name.
func readCSV(path string) ([]map[string]string, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	br := bufio.NewReader(file)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var rows []map[string]string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		row := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				row[h] = strings.TrimSpace(rec[i])
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// readGV reads the Destatis extract. Numbers use spaces as thousands
// separators and decimal commas.
func readGV(path string) ([]gvRecord, error) {
	rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	out := make([]gvRecord, 0, len(rows))
	for _, row := range rows {
		r := gvRecord{
			satzart: row["satzart"], kind: row["textkennzeichen"],
			land: row["land"], rb: row["rb"], kreis: row["kreis"], vb: row["vb"], g: row["gemeinde"],
			name: row["gemeindename"], postcode: row["postleitzahl"],
		}
		if pop := strings.ReplaceAll(row["bevoelkerung"], " ", ""); pop != "" {
			n, err := strconv.ParseUint(pop, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("%s: population %q: %w", path, row["bevoelkerung"], err)
			}
			r.population = uint32(n)
		}
		lon, errLon := strconv.ParseFloat(strings.ReplaceAll(row["laengengrad"], ",", "."), 64)
		lat, errLat := strconv.ParseFloat(strings.ReplaceAll(row["breitengrad"], ",", "."), 64)
		if errLon == nil && errLat == nil && lat > 47 && lat < 56 && lon > 5 && lon < 16 {
			r.lat, r.lon, r.hasPoint = lat, lon, true
		}
		if r.satzart == "60" && (len(r.ags()) != 8 || len(r.ars()) != 12) {
			return nil, fmt.Errorf("%s: bad key %q/%q for %q", path, r.ags(), r.ars(), r.name)
		}
		out = append(out, r)
	}
	return out, nil
}

// readBoundaries reads the BKG municipalities GeoJSON (MultiPolygons).
func readBoundaries(path string) ([]feature, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc struct {
		Features []struct {
			Properties struct {
				ARS, AGS, GEN, BEZ string
			} `json:"properties"`
			Geometry struct {
				Type        string           `json:"type"`
				Coordinates [][][][2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out := make([]feature, 0, len(doc.Features))
	for _, fe := range doc.Features {
		p := fe.Properties
		if fe.Geometry.Type != "MultiPolygon" {
			return nil, fmt.Errorf("%s: %s has geometry %s", path, p.AGS, fe.Geometry.Type)
		}
		if len(p.AGS) != 8 || len(p.ARS) != 12 || p.ARS[:5]+p.ARS[9:] != p.AGS {
			return nil, fmt.Errorf("%s: keys %q/%q do not fit", path, p.AGS, p.ARS)
		}
		ft := feature{ars: p.ARS, ags: p.AGS, gen: p.GEN, bez: p.BEZ,
			minX: math.MaxInt32, minY: math.MaxInt32, maxX: math.MinInt32, maxY: math.MinInt32}
		for _, poly := range fe.Geometry.Coordinates {
			for _, ring := range poly {
				r := make([]int32, 0, 2*len(ring))
				for _, pt := range ring {
					x, y := toUnits(pt[0]), toUnits(pt[1])
					if n := len(r); n >= 2 && r[n-2] == x && r[n-1] == y {
						continue
					}
					r = append(r, x, y)
					ft.minX, ft.maxX = min(ft.minX, x), max(ft.maxX, x)
					ft.minY, ft.maxY = min(ft.minY, y), max(ft.maxY, y)
				}
				if n := len(r); n >= 4 && r[0] == r[n-2] && r[1] == r[n-1] {
					r = r[:n-2]
				}
				if len(r) >= 6 {
					ft.rings = append(ft.rings, r)
				}
			}
		}
		if len(ft.rings) == 0 {
			return nil, fmt.Errorf("%s: %s has no ring", path, p.AGS)
		}
		out = append(out, ft)
	}
	return out, nil
}

// locate returns the index of the feature holding the point, or -1.
func locate(features []feature, lon, lat float64) int {
	x, y := toUnits(lon), toUnits(lat)
	for i, ft := range features {
		if x < ft.minX || x > ft.maxX || y < ft.minY || y > ft.maxY {
			continue
		}
		in := false
		for _, r := range ft.rings {
			if ringHolds(r, x, y) {
				in = !in
			}
		}
		if in {
			return i
		}
	}
	return -1
}

// ringHolds reports whether a horizontal ray from the point crosses the
// ring an odd number of times.
func ringHolds(r []int32, x, y int32) bool {
	in := false
	n := len(r) / 2
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		xi, yi, xj, yj := int64(r[2*i]), int64(r[2*i+1]), int64(r[2*j]), int64(r[2*j+1])
		if (yi > int64(y)) == (yj > int64(y)) {
			continue
		}
		lhs := (int64(x) - xi) * (yj - yi)
		rhs := (int64(y) - yi) * (xj - xi)
		if (yj > yi && lhs < rhs) || (yj < yi && lhs > rhs) {
			in = !in
		}
	}
	return in
}

// centroid returns the area-weighted centre of the rings (lon, lat).
func centroid(rings [][]int32) (int32, int32) {
	var a, cx, cy float64
	for _, r := range rings {
		n := len(r) / 2
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			x0, y0, x1, y1 := float64(r[2*j]), float64(r[2*j+1]), float64(r[2*i]), float64(r[2*i+1])
			c := x0*y1 - x1*y0
			a += c
			cx += (x0 + x1) * c
			cy += (y0 + y1) * c
		}
	}
	if a == 0 {
		return rings[0][0], rings[0][1]
	}
	return int32(math.Round(cx / (3 * a))), int32(math.Round(cy / (3 * a)))
}

// readGV100 reads the Destatis register GV100AD with the shared parser
// (internal/gv100ad).
func readGV100(path string) ([]gvRecord, error) {
	rows, err := gv100ad.ReadFile(path)
	if err != nil {
		return nil, err
	}
	out := make([]gvRecord, 0, len(rows))
	for _, r := range rows {
		out = append(out, gvRecord{
			satzart: r.Satzart, land: r.Land, rb: r.RB, kreis: r.Kreis, g: r.Gemeinde, vb: r.Vb,
			name: r.Name, seat: r.Seat, kind: r.Kind, population: r.Population, postcode: r.Postcode,
		})
	}
	return out, nil
}
