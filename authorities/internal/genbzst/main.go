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
// names with its source. A Gemeinde is left without a record
// where that gives several offices, or where other citizen offices of the
// BZSt file that no Gemeinde is routed to sit in the same Gemeinde (Berlin,
// Köln, München …): the register gives one number for the whole city and
// the data cannot tell which office serves which part, and the directory
// shows one record per place; unless those offices have the same name and
// contacts (Frankfurt am Main, Wiesbaden), so that any of them is right.
// Where every Gemeinde of a Gemeindeverband or Kreis goes to the same
// office, the record names that prefix instead of the Gemeinden.
package main

import (
	"bytes"
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
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/internal/gv100ad"
	"github.com/lotse-de/lotse/places"
	"go.yaml.in/yaml/v3"
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
	f, err := os.Open(filepath.Join(*data, "destatis-gv100ad-2025", "GV100AD_30112025.txt"))
	if err != nil {
		log.Fatal(err)
	}
	rows, err := gv100ad.Read(f, f.Name())
	f.Close()
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
	old, _ := filepath.Glob(filepath.Join("directory", "finanzamt-*.yaml"))
	for _, name := range old {
		if err := os.Remove(name); err != nil {
			log.Fatal(err)
		}
	}
	for _, r := range res.records {
		b, err := encode(r, res.notes[r.ID])
		if err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("directory", r.ID+".yaml"), b, 0o644); err != nil {
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

	areas := map[string][]string{} // office → ARS of its Gemeinden
	officeOf := map[string]string{}
	var total, covered, unmapped, several, withoutContact uint64
	unmappedBy := map[string]uint64{}
	severalBy := map[string]uint64{}
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
		t := targets[0]
		if len(all) > 1 {
			if !sameContacts(all, byNumber) {
				several += pop
				severalBy[r.Name+": "+strings.Join(all, ", ")] += pop
				continue
			}
			// Entries that differ only in their number are one office
			// to the citizen: the card is right with any of them.
			how = fmt.Sprintf("%s: the BZSt file has %s with the same name and contacts; this record stands for them all", r.Name, strings.Join(all, ", "))
		}
		areas[t] = append(areas[t], ars)
		officeOf[ars] = t
		if how != "" && !slices.Contains(res.notes[id(t)], how) {
			res.notes[id(t)] = append(res.notes[id(t)], how)
		}
		if o := byNumber[t]; o.Address != nil && o.Address.Street != "" && o.Phone != "" {
			covered += pop
		} else {
			withoutContact += pop
		}
	}

	for _, n := range sortedKeys(areas) {
		r, err := record(byNumber[n], compress(areas[n], officeOf, gemeinden))
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
		res.log = append(res.log, fmt.Sprintf("several offices, no record: %s (%d inhabitants)", k, severalBy[k]))
	}
	res.log = append(res.log,
		fmt.Sprintf("wrote %d Finanzamt records", len(res.records)),
		fmt.Sprintf("%d of %d inhabitants (%s) have a Finanzamt record with street and phone", covered, total, pct(covered)),
		fmt.Sprintf("%d (%s) have a record without street or phone, %d (%s) a city of several offices the directory cannot show at once, %d (%s) no office for their BUFA number",
			withoutContact, pct(withoutContact), several, pct(several), unmapped, pct(unmapped)))
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

// sameContacts reports whether the offices have the same name, visitor
// address, phone, fax, email and web site.
func sameContacts(numbers []string, byNumber map[string]office) bool {
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
	first := key(byNumber[numbers[0]])
	for _, n := range numbers[1:] {
		if key(byNumber[n]) != first {
			return false
		}
	}
	return true
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

// record makes the directory record of an office competent in areas.
func record(o office, areas []string) (authorities.Record, error) {
	name := strings.TrimSpace(o.Name)
	if !strings.HasPrefix(name, "Finanzamt") {
		name = "Finanzamt " + name
	}
	r := authorities.Record{
		ID:        id(o.Number),
		Name:      name,
		Phone:     strings.TrimSpace(o.Phone),
		Fax:       strings.TrimSpace(o.Fax),
		Email:     strings.TrimSpace(o.Email),
		Web:       web(o.Web),
		Land:      areas[0][:2],
		Competent: []authorities.Scope{{Types: []string{"finanzamt"}, Areas: areas}},
		Source:    source,
	}
	for _, a := range areas {
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

// encode writes a record as its YAML file, with the routing notes as
// comments.
func encode(r authorities.Record, notes []string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("# Generated by authorities/internal/genbzst from the BZSt GemFA data and the GV100AD Finanzamt districts; do not edit.\n")
	for _, n := range notes {
		fmt.Fprintf(&buf, "# %s\n", n)
	}
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(r); err != nil {
		return nil, err
	}
	return buf.Bytes(), enc.Close()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
