// Command genbzst writes a directory record for every Finanzamt that the
// Destatis municipality register names as a Gemeinde's Finanzamt district:
// authorities/directory/finanzamt-<buFaNr>.yaml. Contacts come from the
// Bundeszentralamt für Steuern's GemFA directory (Stand 2025-04-23, as
// converted by github.com/kontist/finanzamt; see
// shared/data/bzst-finanzaemter-2025/SOURCE.md), the districts from the
// Finanzamtsbezirk column of GV100AD (shared/data/destatis-gv100ad-2025).
//
// Usage (from the authorities folder, as go generate runs it):
//
//	go run ./internal/genbzst [-data DIR]
//
// DIR defaults to $LOTSE_DATA or ../shared/data next to the repository
// root.
//
// Routing: each Gemeinde goes to the office its BUFA number names, or,
// for a number the BZSt file no longer has or that of a special office
// (Bremen's Landeshauptkasse), to the offices the alias table (aliases.go)
// names with its source. Entries of the BZSt file with the same name and
// contacts are one office to the citizen (Frankfurt am Main, Hamburg-Nord
// twice): one record stands for them all. Where that leaves several
// offices for a Gemeinde, by the alias table or because other citizen
// offices of the BZSt file that no Gemeinde is routed to sit in it (Berlin,
// Köln, München …), the register gives one number for the whole city and
// the data cannot tell which office serves which part: each of them gets
// the Gemeinde in a partial scope (authorities.Scope.Partial), and the card
// lists them all as candidates with how to find one's own. Where an
// office's name says what it handles (München "Gewinneinkünfte" and
// "Überschusseinkünfte", Augsburg "Arbeitnehmerbereich"), the name shows it.
// Where every Gemeinde of a Gemeindeverband or Kreis goes to the same
// office, the record names that prefix instead of the Gemeinden.
package main

import (
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/authorities/internal/recordfile"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/internal/gv100ad"
	"github.com/lotse-de/lotse/places"
)

// checked is the day the source files were read for the records.
const checked = "2026-12-07"

// source is where the contact data comes from.
var source = catalog.Source{
	Title: "Bundeszentralamt für Steuern, GemFA (Stand 2025-04-23), via github.com/kontist/finanzamt data/finanzaemter.json; district: Destatis GV100AD (Stand 30.11.2025)",
	URL:   "https://github.com/kontist/finanzamt/blob/f0913cc821061e06699d776fa30fcb2cc147af23/data/finanzaemter.json",
}

// office is an entry of the BZSt file.
type office struct {
	Number  string `json:"buFaNr"`
	Name    string `json:"name"`
	Address *struct {
		Street   string `json:"strasse"`
		Number   string `json:"hausNr"`
		Postcode string `json:"plz"`
		City     string `json:"ort"`
	} `json:"hausanschrift"`
	Phone string `json:"tel"`
	Fax   string `json:"fax"`
	Email string `json:"mail"`
	Web   string `json:"url"`
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("genbzst: ")
	data := flag.String("data", os.Getenv("LOTSE_DATA"), "folder with the source data")
	flag.Parse()
	if *data == "" {
		*data = filepath.Join("..", "..", "shared", "data")
	}
	offices, err := readOffices(filepath.Join(*data, "bzst-finanzaemter-2025", "finanzaemter.json"))
	if err != nil {
		log.Fatal(err)
	}
	rows, err := gv100ad.ReadFile(filepath.Join(*data, gv100ad.File))
	if err != nil {
		log.Fatal(err)
	}
	g, err := places.Load()
	if err != nil {
		log.Fatal(err)
	}
	byPostcode := map[string][]string{}
	for _, p := range g.All() {
		for _, pc := range p.Postcodes {
			byPostcode[pc] = append(byPostcode[pc], p.ARS)
		}
	}
	res, err := build(offices, rows, byPostcode, aliases)
	if err != nil {
		log.Fatal(err)
	}
	if err := recordfile.Clear("directory", "finanzamt-*.yaml", header); err != nil {
		log.Fatal(err)
	}
	for _, r := range res.records {
		if err := recordfile.Write("directory", r, header, res.notes[r.ID]...); err != nil {
			log.Fatal(err)
		}
	}
	for _, l := range res.log {
		log.Print(l)
	}
}

func readOffices(name string) ([]office, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	var v []office
	if err := json.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

// result is what build makes: the records, a comment per record on how
// it was routed, and the lines for the log.
type result struct {
	records []authorities.Record
	notes   map[string][]string
	log     []string
}

// build routes every Gemeinde of rows to its office and makes the records.
// byPostcode maps a postcode to the ARS of the Gemeinden it is in.
func build(offices []office, rows []gv100ad.Record, byPostcode map[string][]string, aliases map[string]alias) (result, error) {
	res := result{notes: map[string][]string{}}
	byNumber := map[string]office{}
	for _, o := range offices {
		if _, dup := byNumber[o.Number]; dup {
			return res, fmt.Errorf("BUFA number %s twice in the BZSt file", o.Number)
		}
		byNumber[o.Number] = o
	}
	for n, a := range aliases {
		if o, ok := byNumber[n]; ok && !special(o.Name) {
			return res, fmt.Errorf("alias for %s, which is a citizen office of the BZSt file", n)
		}
		for _, t := range a.allTargets() {
			if _, ok := byNumber[t]; !ok {
				return res, fmt.Errorf("alias %s → %s, which is not an office of the BZSt file", n, t)
			}
		}
	}
	var gemeinden []gv100ad.Record
	reached := map[string]bool{} // offices a Gemeinde is routed to, directly or by an alias
	for _, r := range rows {
		if r.Satzart == gv100ad.SatzartGemeinde {
			gemeinden = append(gemeinden, r)
			reached[r.Finanzamt] = true
			for _, t := range aliases[r.Finanzamt].allTargets() {
				reached[t] = true
			}
		}
	}
	// Citizen offices that no Gemeinde is routed to, by the Gemeinde they
	// sit in: a city's other offices.
	others := map[string][]string{}
	for _, o := range offices {
		if reached[o.Number] || special(o.Name) || o.Address == nil {
			continue
		}
		if ars, ok := seat(o, byPostcode); ok {
			others[ars] = append(others[ars], o.Number)
		} else {
			res.log = append(res.log, fmt.Sprintf("office %s %s: no Gemeinde for its postcode %s", o.Number, o.Name, o.Address.Postcode))
		}
	}

	areas := map[string][]string{}   // office → ARS of the Gemeinden it alone serves
	partial := map[string][]string{} // office → ARS of the Gemeinden it serves a part of
	numbered := map[string]bool{}    // candidates that share their name with another
	officeOf := map[string]string{}
	var total, covered, unmapped, several, withoutContact uint64
	unmappedBy := map[string]uint64{}
	severalBy := map[string]uint64{}
	note := func(number, how string) {
		if how != "" && !slices.Contains(res.notes[id(number)], how) {
			res.notes[id(number)] = append(res.notes[id(number)], how)
		}
	}
	for _, r := range gemeinden {
		ars, pop := r.ARS(), uint64(r.Population)
		total += pop
		targets, how := route(r, byNumber, aliases)
		if len(targets) == 0 {
			unmapped += pop
			unmappedBy[cmp.Or(r.Finanzamt, "(none)")] += pop
			continue
		}
		all := append(slices.Clone(targets), others[ars]...)
		slices.Sort(all)
		all = slices.Compact(all)
		offices := dedupe(all, byNumber)
		for _, g := range offices {
			// The number the register or the alias names stands for its
			// group, so that the record keeps its id.
			if i := slices.IndexFunc(g, func(n string) bool { return slices.Contains(targets, n) }); i > 0 {
				g[0], g[i] = g[i], g[0]
			}
		}
		for _, g := range offices {
			if len(g) > 1 {
				// Entries that differ only in their number are one office
				// to the citizen: the card is right with any of them.
				note(g[0], fmt.Sprintf("%s: the BZSt file has %s with the same name and contacts; this record stands for them all", r.Name, strings.Join(g, ", ")))
			}
		}
		reached := false
		if len(offices) == 1 {
			t := offices[0][0]
			areas[t] = append(areas[t], ars)
			officeOf[ars] = t
			note(t, how)
			reached = contact(byNumber[t])
		} else {
			several += pop
			severalBy[r.Name+": "+strings.Join(all, ", ")] += pop
			heads := make([]string, len(offices))
			for i, g := range offices {
				heads[i] = g[0]
			}
			for _, t := range heads {
				if slices.ContainsFunc(heads, func(o string) bool { return o != t && byNumber[o].Name == byNumber[t].Name }) {
					numbered[t] = true
				}
				partial[t] = append(partial[t], ars)
				note(t, how)
				note(t, fmt.Sprintf("%s: one of the %d citizen offices %s in the Gemeinde, each for a part of it that the data does not say; a partial scope, listed with the others", r.Name, len(heads), strings.Join(heads, ", ")))
				reached = reached || contact(byNumber[t])
			}
		}
		if reached {
			covered += pop
		} else {
			withoutContact += pop
		}
	}

	numbers := sortedKeys(areas)
	for n := range partial {
		if _, ok := areas[n]; !ok {
			numbers = append(numbers, n)
		}
	}
	slices.Sort(numbers)
	for _, n := range numbers {
		var full []string
		if len(areas[n]) > 0 {
			full = compress(areas[n], officeOf, gemeinden)
		}
		r, err := record(byNumber[n], full, partial[n], numbered[n])
		if err != nil {
			return res, err
		}
		res.records = append(res.records, r)
	}
	pct := func(n uint64) string {
		if total == 0 {
			return "0.0 %"
		}
		return fmt.Sprintf("%.1f %%", 100*float64(n)/float64(total))
	}
	for _, k := range sortedKeys(unmappedBy) {
		res.log = append(res.log, fmt.Sprintf("no office for BUFA number %s: %d inhabitants", k, unmappedBy[k]))
	}
	for _, k := range sortedKeys(severalBy) {
		res.log = append(res.log, fmt.Sprintf("several offices, listed as candidates: %s (%d inhabitants)", k, severalBy[k]))
	}
	res.log = append(res.log,
		fmt.Sprintf("wrote %d Finanzamt records", len(res.records)),
		fmt.Sprintf("%d of %d inhabitants (%s) have a Finanzamt record with street and phone, %d (%s) of them in a city of several offices listed as candidates", covered, total, pct(covered), several, pct(several)),
		fmt.Sprintf("%d (%s) have a record without street or phone, %d (%s) no office for their BUFA number",
			withoutContact, pct(withoutContact), unmapped, pct(unmapped)))
	return res, nil
}

// route returns the offices for a Gemeinde and, when an alias gave them,
// a note saying so.
func route(r gv100ad.Record, byNumber map[string]office, aliases map[string]alias) ([]string, string) {
	a, ok := aliases[r.Finanzamt]
	if !ok {
		if _, ok := byNumber[r.Finanzamt]; ok {
			return []string{r.Finanzamt}, ""
		}
		return nil, ""
	}
	for _, p := range a.Parts {
		if strings.HasPrefix(r.ARS(), p.Prefix) {
			return p.To, fmt.Sprintf("GV100AD number %s for %s: %s (%s)", r.Finanzamt, p.Name, p.Why, p.Source)
		}
	}
	return a.To, fmt.Sprintf("GV100AD number %s: %s (%s)", r.Finanzamt, a.Why, a.Source)
}

// dedupe groups the offices that have the same name, visitor address,
// phone, fax, email and web site: entries of one office under several
// numbers, in the order of numbers.
func dedupe(numbers []string, byNumber map[string]office) [][]string {
	key := func(o office) string {
		k := []string{o.Name, o.Phone, o.Fax, o.Email, o.Web}
		if a := o.Address; a != nil {
			k = append(k, a.Street+" "+a.Number, a.Postcode, a.City)
		}
		for i := range k {
			k[i] = strings.Join(strings.Fields(k[i]), " ")
		}
		return strings.Join(k, "|")
	}
	var groups [][]string
	index := map[string]int{}
	for _, n := range numbers {
		k := key(byNumber[n])
		if i, ok := index[k]; ok {
			groups[i] = append(groups[i], n)
			continue
		}
		index[k] = len(groups)
		groups = append(groups, []string{n})
	}
	return groups
}

// contact reports whether an office has a street and a phone number.
func contact(o office) bool {
	return o.Address != nil && o.Address.Street != "" && o.Phone != ""
}

// seat returns the Gemeinde an office's visitor address is in: the only one
// with its postcode.
func seat(o office, byPostcode map[string][]string) (string, bool) {
	cands := byPostcode[o.Address.Postcode]
	if len(cands) == 1 {
		return cands[0], true
	}
	return "", false
}

// special reports whether a BZSt entry is an office that citizens do not
// go to with their own taxes: Körperschaften, Betriebsprüfung, Fahndung,
// Grundsteuer-Bewertung, Erhebung, cash offices and the like, and branch
// offices (Außenstellen), which belong to an office of their own.
func special(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{
		"für ", "körpersch", "bewertung", "betriebsprüfung", "konzernprüfung", "prüfungsdienste",
		"erhebung", "kasse", "technisches finanzamt", "grunderwerbsteuer", "bundeszentralamt",
		"landesamt", " rab", " ria", "international", "außenst",
	} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// compress replaces the Gemeinden of a Kreis or Gemeindeverband by its
// prefix where every Gemeinde of it goes to the same office.
func compress(ars []string, officeOf map[string]string, gemeinden []gv100ad.Record) []string {
	members := map[string][]string{} // prefix → ARS of all its Gemeinden
	for _, r := range gemeinden {
		a := r.ARS()
		members[a[:5]] = append(members[a[:5]], a)
		members[a[:9]] = append(members[a[:9]], a)
	}
	one := func(prefix, office string) bool {
		for _, a := range members[prefix] {
			if officeOf[a] != office {
				return false
			}
		}
		return true
	}
	seen := map[string]bool{}
	var out []string
	for _, a := range ars {
		o := officeOf[a]
		area := a
		switch {
		case one(a[:5], o):
			area = a[:5]
		case one(a[:9], o) && len(members[a[:9]]) > 1:
			area = a[:9]
		}
		if !seen[area] {
			seen[area] = true
			out = append(out, area)
		}
	}
	slices.Sort(out)
	return out
}

func id(number string) string { return "finanzamt-" + number }

// record makes the directory record of an office competent in areas
// alone and for a part of each of partial. A numbered office, one of
// several candidates of the same name (München's five "Gewinneinkünfte"
// offices), names its number as its department: in Bavaria the first
// three digits of the tax number, which are the office's number without
// the leading 9 (Bayerisches Landesamt für Steuern, "Welche Informationen
// enthält die Steuernummer?",
// https://www.finanzamt.bayern.de/Eichstaett/Ueber_uns/Steuernummer/,
// read 2026-12-07), elsewhere the Finanzamt number.
func record(o office, areas, partial []string, numbered bool) (authorities.Record, error) {
	name := strings.TrimSpace(o.Name)
	if !strings.HasPrefix(name, "Finanzamt") {
		name = "Finanzamt " + name
	}
	r := authorities.Record{
		ID:     id(o.Number),
		Name:   name,
		Phone:  strings.TrimSpace(o.Phone),
		Fax:    strings.TrimSpace(o.Fax),
		Email:  strings.TrimSpace(o.Email),
		Web:    web(o.Web),
		Land:   slices.Concat(areas, partial)[0][:2],
		Source: source,
	}
	if numbered {
		r.Department = "Finanzamtsnummer " + o.Number
		if r.Land == "09" {
			r.Department = "Steuernummer " + o.Number[1:] + "/…"
		}
	}
	if len(areas) > 0 {
		r.Competent = append(r.Competent, authorities.Scope{Types: []string{"finanzamt"}, Areas: areas})
	}
	if len(partial) > 0 {
		r.Competent = append(r.Competent, authorities.Scope{Types: []string{"finanzamt"}, Areas: partial, Partial: true})
	}
	for _, a := range slices.Concat(areas, partial) {
		if a[:2] != r.Land {
			return r, fmt.Errorf("office %s serves Gemeinden of two Länder (%s, %s)", o.Number, r.Land, a[:2])
		}
	}
	if a := o.Address; a != nil {
		street := strings.Join(strings.Fields(a.Street+" "+a.Number), " ")
		r.Visitor = &authorities.Address{Street: street, Postcode: a.Postcode, City: strings.TrimSpace(a.City)}
	}
	if err := r.Checked.UnmarshalText([]byte(checked)); err != nil {
		return r, err
	}
	return r, r.Validate()
}

// web gives an address without a scheme the http:// the file's other
// addresses have.
func web(u string) string {
	u = strings.TrimSpace(u)
	if u == "" || strings.Contains(u, "://") {
		return u
	}
	return "http://" + u
}

// header starts every file this command writes.
const header = "# Generated by authorities/internal/genbzst from the BZSt GemFA data and the GV100AD Finanzamt districts; do not edit.\n"

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
