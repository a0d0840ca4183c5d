// Command genadmin writes authorities/administrations.tsv: the
// administration of every Gemeinde from the Destatis register GV100AD
// (see shared/data/destatis-gv100ad-2025/SOURCE.md), with the seat of the
// administration and the postcode of the seat. The register names no
// street, so the records have none.
//
// Usage (from the authorities folder, as go generate runs it):
//
//	go run ./internal/genadmin [-data DIR]
//
// DIR defaults to $LOTSE_DATA or ../shared/data next to the repository
// root.
//
// Which body administers a Gemeinde is what the gazetteer says (its
// Association, see places/internal/gen): an Amt, Samtgemeinde,
// Verbandsgemeinde, Verwaltungsgemeinschaft or erfüllende Gemeinde
// administers its members and is one record for the Verband's ARS prefix;
// a verbandsfreie Gemeinde, and in Baden-Württemberg every Gemeinde (its
// Verwaltungsverband leaves the everyday services to the members, as
// authorities/texts.yaml says), is its own record. The seat is the
// Verband's seat as the register writes it, its postcode that of the
// Gemeinde of that name (a member first, else in the Kreis, else in the
// Land); a Gemeinde's own postcode is the one the register gives for its
// seat. Berlin and Hamburg get none: their municipal services lie with the
// Bezirksämter, which the derived body names.
package main

import (
	"bytes"
	"cmp"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/lotse-de/lotse/internal/fold"
	"github.com/lotse-de/lotse/internal/gv100ad"
	"github.com/lotse-de/lotse/places"
)

// checked is the day the register was read for the records.
const checked = "2026-12-07"

// source is the attribution that the register's licence asks for.
const source = "Statistisches Bundesamt (Destatis), Gemeindeverzeichnis-Informationssystem GV-ISys, Stand 30.11.2025, dl-de/by-2-0; Daten verändert"

// sourceURL is where Destatis describes the register (GV-ISys), which
// gives the "postal code of the administrative centre of the
// municipality"; read 2026-12-07.
const sourceURL = "https://www.destatis.de/EN/Themes/Countries-Regions/Regional-Statistics/OnlineListMunicipalities/list-municipalities-information-system.html"

// ownAdministrationLands are the Länder whose Verbände leave the everyday
// municipal services to each member (authorities/texts.yaml,
// own_administration_lands).
var ownAdministrationLands = []string{"08"}

// bezirkLands are the city states whose municipal services lie with the
// Bezirksämter (authorities/texts.yaml, bezirk_lands).
var bezirkLands = []string{"02", "11"}

// admin is one administration: a row of the file.
type admin struct {
	id, name, postcode, city string
	areas                    []string
	population               int
}

func main() {
	log.SetFlags(0)
	log.SetPrefix("genadmin: ")
	data := flag.String("data", os.Getenv("LOTSE_DATA"), "folder with the source data")
	flag.Parse()
	if *data == "" {
		*data = filepath.Join("..", "..", "shared", "data")
	}
	register, err := gv100ad.ReadFile(filepath.Join(*data, gv100ad.File))
	if err != nil {
		log.Fatal(err)
	}
	g, err := places.Load()
	if err != nil {
		log.Fatal(err)
	}
	all := g.All()
	admins, problems := administrations(register, all)
	for _, p := range problems {
		log.Print(p)
	}
	var buf bytes.Buffer
	write(&buf, admins)
	if err := os.WriteFile("administrations.tsv", buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
	total, covered, withPostcode := 0, 0, 0
	for _, p := range all {
		total += p.Population
	}
	for _, a := range admins {
		covered += a.population
		if a.postcode != "" {
			withPostcode += a.population
		}
	}
	log.Printf("wrote %d administrations for %d of %d inhabitants (%.2f %%); with seat and postcode %d (%.2f %%)",
		len(admins), covered, total, 100*float64(covered)/float64(total), withPostcode, 100*float64(withPostcode)/float64(total))
}

// administrations returns the administration of every place, sorted by
// id, and what it could not find.
func administrations(register []gv100ad.Record, all []places.Place) ([]admin, []string) {
	verbaende := map[string]gv100ad.Record{}
	gemeinden := map[string]gv100ad.Record{}
	for _, r := range register {
		switch r.Satzart {
		case "50":
			verbaende[r.Land+r.RB+r.Kreis+r.Vb] = r
		case gv100ad.SatzartGemeinde:
			gemeinden[r.ARS()] = r
		}
	}
	// The erfüllende Gemeinde of each Verband that has one: the member
	// that the gazetteer leaves without an association.
	fulfilling := map[string]gv100ad.Record{}
	for _, p := range all {
		if v, ok := verbaende[p.ARS[:9]]; ok && (v.Kind == "57" || v.Kind == "58") && p.Association == "" {
			fulfilling[p.ARS[:9]] = gemeinden[p.ARS]
		}
	}
	byKey := map[string]*admin{}
	var problems []string
	for _, p := range all {
		land := p.ARS[:2]
		if p.Unincorporated || slices.Contains(bezirkLands, land) {
			continue
		}
		k := p.ARS[:9]
		_, fulfils := fulfilling[k]
		if (p.Association == "" && !fulfils) || slices.Contains(ownAdministrationLands, land) {
			r := gemeinden[p.ARS]
			a := &admin{id: "verwaltung-" + p.ARS, name: p.Name, city: coreName(p.Name), postcode: r.Postcode,
				areas: []string{p.ARS}, population: p.Population}
			if a.postcode == "" {
				problems = append(problems, fmt.Sprintf("%s %s: the register gives no postcode", p.ARS, p.Name))
			}
			byKey[p.ARS] = a
			continue
		}
		// A member of a Verband that administers it, or the erfüllende
		// Gemeinde itself: the record of the Verband, whose area holds it.
		a, ok := byKey[k]
		if !ok {
			v := verbaende[k]
			a = &admin{id: "verwaltung-" + k, name: verbandName(v.Name, cmp.Or(p.AssociationKind, "erfüllende Gemeinde")), city: v.Seat, areas: []string{k}}
			seat, ok := fulfilling[k]
			if !ok {
				seat, ok = seatOf(v, gemeinden)
			}
			if ok {
				a.postcode = seat.Postcode
			} else {
				problems = append(problems, fmt.Sprintf("%s %s: no Gemeinde named like the seat %q", k, a.name, v.Seat))
			}
			if a.city == "" {
				problems = append(problems, fmt.Sprintf("%s %s: the register names no seat", k, a.name))
			}
			byKey[k] = a
		}
		a.population += p.Population
	}
	out := make([]admin, 0, len(byKey))
	for _, a := range byKey {
		out = append(out, *a)
	}
	slices.SortFunc(out, func(a, b admin) int { return strings.Compare(a.id, b.id) })
	slices.Sort(problems)
	return out, problems
}

// verbandName names the body of a Verband from its name in the register
// and the kind the gazetteer gives it: "Verbandsgemeinde Bodenheim",
// "Amt Achterwehr", "Verwaltungsgemeinschaft Emmerting" for "Emmerting
// (VGem)", "Heringen/Helme, Stadt (erfüllende Gemeinde)".
func verbandName(name, kind string) string {
	switch {
	case kind == "erfüllende Gemeinde":
		if rest, ok := strings.CutPrefix(name, "EG "); ok {
			return "Erfüllende Gemeinde " + rest
		}
		return name + " (erfüllende Gemeinde)"
	case strings.HasSuffix(name, " (VGem)"):
		return "Verwaltungsgemeinschaft " + strings.TrimSuffix(name, " (VGem)")
	case kind == "" || strings.Contains(strings.ToLower(name), strings.ToLower(kind)):
		return name
	}
	return kind + " " + name
}

// seatOf finds the Gemeinde that is the seat of Verband v, among the
// Verband's members first, then in its Kreis, then in its Land: the one
// whose name matches the seat ("Bodenheim"), the seat before an "OT"
// ("Beetzsee OT Brielow") or the seat without a leading epithet
// ("Reuterstadt Stavenhagen", "Ostseebad Zinnowitz"); failing that, among
// the members and in the Kreis, the one whose name starts with the same
// word ("Crossen" for "Crossen an der Elster", "Wachenheim a. d. Weinstr."
// for "Wachenheim an der Weinstraße, Stadt"). Several matches count only
// when they share the postcode ("Garding, Stadt" and "Garding,
// Kirchspiel").
func seatOf(v gv100ad.Record, gemeinden map[string]gv100ad.Record) (gv100ad.Record, bool) {
	if v.Seat == "" {
		return gv100ad.Record{}, false
	}
	forms := []string{v.Seat}
	if before, _, ok := strings.Cut(v.Seat, " OT "); ok {
		forms = append(forms, before)
	}
	if first, rest, ok := strings.Cut(v.Seat, " "); ok && (strings.HasSuffix(first, "stadt") || strings.HasSuffix(first, "bad")) {
		forms = append(forms, rest)
	}
	var seatKeys []string
	for _, f := range forms {
		seatKeys = append(seatKeys, fold.NameKeys(f)...)
	}
	byName := func(r gv100ad.Record) bool {
		return slices.ContainsFunc(fold.NameKeys(r.Name), func(k string) bool { return slices.Contains(seatKeys, k) })
	}
	byFirstWord := func(r gv100ad.Record) bool {
		return firstWord(r.Name) == firstWord(v.Seat)
	}
	key := v.Land + v.RB + v.Kreis + v.Vb
	for _, try := range []struct {
		prefix string
		match  func(gv100ad.Record) bool
	}{{key, byName}, {key[:5], byName}, {key[:2], byName}, {key, byFirstWord}, {key[:5], byFirstWord}} {
		var found []gv100ad.Record
		for ars, r := range gemeinden {
			if strings.HasPrefix(ars, try.prefix) && try.match(r) {
				found = append(found, r)
			}
		}
		if len(found) == 0 {
			continue
		}
		if slices.ContainsFunc(found, func(r gv100ad.Record) bool { return r.Postcode != found[0].Postcode }) {
			return gv100ad.Record{}, false
		}
		return found[0], true
	}
	return gv100ad.Record{}, false
}

// firstWord is the first word of a name, folded: "crossen".
func firstWord(name string) string {
	w, _, _ := strings.Cut(fold.Key(name, fold.Spelled), " ")
	return w
}

// coreName is an official name without its designation: "Eisenberg,
// Stadt" gives "Eisenberg".
func coreName(name string) string {
	core, _, _ := strings.Cut(name, ",")
	return strings.TrimSpace(core)
}

// write writes the file: a header with the source, then one row per
// administration (see authorities.LoadFS for the format).
func write(buf *bytes.Buffer, admins []admin) {
	fmt.Fprintln(buf, "# Generated by authorities/internal/genadmin from the Destatis register GV100AD; do not edit.")
	fmt.Fprintln(buf, "# The administration of every Gemeinde: the seat and its postcode; the register names no street.")
	fmt.Fprintf(buf, "# source: %s\n", source)
	fmt.Fprintf(buf, "# url: %s\n", sourceURL)
	fmt.Fprintf(buf, "# checked: %s\n", checked)
	fmt.Fprintln(buf, "# id\tname\tpostcode\tcity\tareas")
	for _, a := range admins {
		fmt.Fprintf(buf, "%s\t%s\t%s\t%s\t%s\n", a.id, clean(a.name), a.postcode, clean(cmp.Or(a.city, "")), strings.Join(a.areas, ","))
	}
}

// clean keeps a field on its line and in its column.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
