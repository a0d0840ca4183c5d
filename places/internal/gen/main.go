// Command gen builds the gazetteer file places/gazetteer.bin.gz from the
// open data in the shared data directory: the Destatis municipality
// register (GV extract), the BKG VG5000 municipality boundaries, the
// OSM-derived postcode mapping and the GeoNames postcode list.
//
// Usage (from the places folder, as go generate runs it):
//
//	go run ./internal/gen [-data DIR] [-out FILE]
//
// DIR defaults to ../shared/data next to the repository root.
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
	for ags := range englishNames {
		if !slices.ContainsFunc(f.Places, func(r gazfile.Record) bool { return r.ARS[:5]+r.ARS[9:] == ags }) {
			log.Fatalf("English name for %s, which is not a place", ags)
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
	name                   string
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

// englishNames are the established English names of a few cities, so
// that English speakers find them too.
var englishNames = map[string][]string{
	"09162000": {"Munich"},
	"05315000": {"Cologne"},
	"09564000": {"Nuremberg"},
	"03241001": {"Hanover"},
	"03101000": {"Brunswick"},
	"08335043": {"Constance"},
	"03252006": {"Hamelin"},
	"01056025": {"Heligoland"},
}

func build(dir string) (*gazfile.File, []string, error) {
	var stats []string
	gv, err := readGV(filepath.Join(dir, "destatis-gv-auszug-2020", "AuszugGV4QAktuell.csv"))
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

	f := &gazfile.File{}
	slices.SortFunc(features, func(a, b feature) int { return cmp.Compare(a.ags, b.ags) })
	byAGS := map[string]int{}
	for i, ft := range features {
		byAGS[ft.ags] = i
	}

	// Municipalities of the register that the 2021 boundaries lack have
	// merged: the boundary that holds their centre point is the successor.
	predecessors := map[int][]gvRecord{}
	successorOf := map[string]int{}
	for _, ags := range sortedKeys(municipalities) {
		r := municipalities[ags]
		if _, ok := byAGS[ags]; ok {
			continue
		}
		if !r.hasPoint || r.g == "999" {
			stats = append(stats, fmt.Sprintf("left out %s %q: no boundary, no centre point", ags, r.name))
			continue
		}
		i := locate(features, r.lon, r.lat)
		if i < 0 {
			stats = append(stats, fmt.Sprintf("left out %s %q: centre point in no boundary", ags, r.name))
			continue
		}
		predecessors[i] = append(predecessors[i], r)
		successorOf[ags] = i
		f.Former = append(f.Former, gazfile.Former{AGS: ags, Name: r.name, Successor: i})
		stats = append(stats, fmt.Sprintf("former %s %q → %s %q", ags, r.name, features[i].ags, features[i].gen))
	}

	postcodes := make([]map[uint32]bool, len(features))
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

	assocIndex := map[string]int{}
	for i, ft := range features {
		rec := gazfile.Record{ARS: ft.ars, Association: -1, Rings: ft.rings}
		r, inRegister := municipalities[ft.ags]
		switch {
		case inRegister:
			rec.Name = r.name
			rec.Population = r.population
			rec.Unincorporated = r.kind == "65" || r.kind == "66"
			rec.Lat, rec.Lon = toUnits(r.lat), toUnits(r.lon)
			if !r.hasPoint {
				rec.Lon, rec.Lat = centroid(ft.rings)
			}
			addPostcode(i, r.postcode)
		default:
			rec.Name = ft.gen
			if ft.bez == "Stadt" {
				rec.Name += ", Stadt"
			}
			rec.Unincorporated = ft.bez == "Gemeindefreies Gebiet"
			rec.Lon, rec.Lat = centroid(ft.rings)
			if p, ok := mainPredecessor(predecessors[i], ft.gen); ok {
				rec.Lat, rec.Lon = toUnits(p.lat), toUnits(p.lon)
			}
			stats = append(stats, fmt.Sprintf("new since the register: %s %q (population summed from %d predecessors)", ft.ags, rec.Name, len(predecessors[i])))
		}
		if fold.Key(coreName(rec.Name), fold.Spelled) != fold.Key(ft.gen, fold.Spelled) {
			rec.Aliases = append(rec.Aliases, ft.gen)
		}
		rec.Aliases = append(rec.Aliases, englishNames[ft.ags]...)
		for _, p := range predecessors[i] {
			rec.Population += p.population
			addPostcode(i, p.postcode)
		}
		if a, ok := associations[ft.ars[:9]]; ok && a.kind != "50" &&
			fold.Key(coreName(a.name), fold.Spelled) != fold.Key(coreName(rec.Name), fold.Spelled) {
			j, ok := assocIndex[ft.ars[:9]]
			if !ok {
				j = len(f.Associations)
				assocIndex[ft.ars[:9]] = j
				f.Associations = append(f.Associations, gazfile.Area{Key: ft.ars[:9], Name: a.name, Kind: associationKinds[a.kind]})
			}
			rec.Association = j
		}
		if _, ok := districts[ft.ags[:5]]; !ok {
			return nil, nil, fmt.Errorf("%s %q: district %s not in the register", ft.ags, ft.gen, ft.ags[:5])
		}
		if _, ok := lands[ft.ags[:2]]; !ok {
			return nil, nil, fmt.Errorf("%s %q: Land %s not in the register", ft.ags, ft.gen, ft.ags[:2])
		}
		f.Places = append(f.Places, rec)
	}
	for _, k := range sortedKeys(lands) {
		f.Lands = append(f.Lands, gazfile.Area{Key: k, Name: lands[k].name})
	}
	for _, k := range sortedKeys(districts) {
		d := districts[k]
		f.Districts = append(f.Districts, gazfile.Area{Key: k, Name: d.name, Kind: districtKinds[d.kind]})
	}

	// Postcodes from the OSM-derived mapping.
	osm, err := readCSV(filepath.Join(dir, "osm-plz-ags-2021", "zuordnung_plz_ort_landkreis.csv"))
	if err != nil {
		return nil, nil, err
	}
	var osmLinks, osmUnknown int
	for _, row := range osm {
		ags, code := row["ags"], row["plz"]
		i, ok := byAGS[ags]
		if !ok {
			i, ok = successorOf[ags]
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

	// GeoNames gives a postcode with a locality name and its district:
	// where the locality is a municipality of that district (one only),
	// link them.
	geo, err := readCSV(filepath.Join(dir, "geonames-de-postal", "zipcodes.de.csv"))
	if err != nil {
		return nil, nil, err
	}
	byDistrictName := map[string][]int{}
	for i, p := range f.Places {
		for _, k := range nameKeys(p) {
			dk := p.ARS[:5] + "|" + k
			if !slices.Contains(byDistrictName[dk], i) {
				byDistrictName[dk] = append(byDistrictName[dk], i)
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
		if errLat != nil || errLon != nil || locate(features[cands[0]:cands[0]+1], lon, lat) != 0 {
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
		i := locate(features, lon, lat)
		if i < 0 || features[i].ags[:5] != row["community_code"] || !known[uint32(n)] {
			locLeft++
			if *verbose {
				where := "no municipality"
				if i >= 0 {
					where = features[i].ags + " " + features[i].gen
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
				log.Printf("locality taken: %s %q → %s %s", row["zipcode"], name, features[i].ags, features[i].gen)
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
