package places_test

import (
	"bufio"
	"encoding/csv"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/lotse-de/lotse/places"
)

// load shares one gazetteer among the tests of this package.
var load = sync.OnceValues(places.Load)

func gazetteer(tb testing.TB) *places.Gazetteer {
	tb.Helper()
	g, err := load()
	if err != nil {
		tb.Fatalf("Load: %v", err)
	}
	return g
}

func ags(ps []places.Place) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.AGS
	}
	return out
}

func TestEveryPlaceByKeyAndName(t *testing.T) {
	g := gazetteer(t)
	all := g.All()
	if got := len(all); got < 10900 || got > 11100 {
		t.Fatalf("got %d places, want about 11,000", got)
	}
	for _, p := range all {
		if len(p.AGS) != 8 || len(p.ARS) != 12 || p.ARS[:5]+p.ARS[9:] != p.AGS {
			t.Errorf("%q: keys %q/%q do not fit", p.Name, p.AGS, p.ARS)
		}
		if p.Name == "" || p.District == "" || p.Land == "" {
			t.Errorf("%s: name %q, district %q, Land %q: want all set", p.AGS, p.Name, p.District, p.Land)
		}
		if !p.Unincorporated && len(p.Postcodes) == 0 {
			t.Errorf("%s %q: no postcode", p.AGS, p.Name)
		}
		if !slices.IsSorted(p.Postcodes) {
			t.Errorf("%s: postcodes %v not sorted", p.AGS, p.Postcodes)
		}
		if q, ok := g.ByAGS(p.AGS); !ok || q.ARS != p.ARS {
			t.Errorf("ByAGS(%q) = %q, %v; want %q", p.AGS, q.ARS, ok, p.ARS)
		}
		if q, ok := g.ByARS(p.ARS); !ok || q.AGS != p.AGS {
			t.Errorf("ByARS(%q) = %q, %v; want %q", p.ARS, q.AGS, ok, p.AGS)
		}
		for _, key := range []string{p.AGS, p.ARS} {
			if got := ags(g.Resolve(key)); len(got) != 1 || got[0] != p.AGS {
				t.Errorf("Resolve(%q) = %v, want [%s]", key, got, p.AGS)
			}
		}
		got := ags(g.Resolve(p.Name))
		if !slices.Contains(got, p.AGS) {
			// More places of one name than candidates: the district
			// tells them apart, as a user would.
			core, _, _ := strings.Cut(p.Name, ",")
			if len(got) < places.MaxCandidates || !slices.Contains(ags(g.Resolve(core+", "+p.District)), p.AGS) {
				t.Errorf("Resolve(%q) = %v, want %s among them", p.Name, got, p.AGS)
			}
		}
	}
}

func TestResolve(t *testing.T) {
	g := gazetteer(t)
	tests := []struct {
		query string
		first string // AGS of the best candidate
		min   int    // at least this many candidates
	}{
		{"07607", "16074018", 2}, // Eisenberg and the villages sharing its postcode
		{"7607", "16074018", 2},
		{"Eisenberg", "16074018", 3},
		{"Stadt Eisenberg", "16074018", 1},
		{"Eisenberg, Stadt", "16074018", 1},
		{"07607 Eisenberg", "16074018", 1},
		{"Eisenberg 07607", "16074018", 1},
		{"Eisenberg, Pfalz", "07333019", 1},
		{"Eisenberg Ostallgäu", "09777125", 1},
		{"Eisenberg in Bayern", "09777125", 1},
		{"16074018", "16074018", 1},
		{"160745052018", "16074018", 1},
		{"Muenchen", "09162000", 1},
		{"münchen", "09162000", 1},
		{"MÜNCHEN", "09162000", 1},
		{"Munchen", "09162000", 1},
		{"Muenchn", "09162000", 1},
		{"Eisenbreg", "16074018", 1},
		{"Neustadt an der Weinstrase", "07316000", 1},
		{"Garmisch-Partenkirschen", "09180117", 1},
		{"  München, Landeshauptstadt ", "09162000", 1},
		{"Frankfurt", "06412000", 2},
		{"Frankfurt (Oder)", "12053000", 1},
		{"Halle", "15002000", 2},
		{"Neustadt an der Aisch", "09575153", 1},
		{"Neustadt a.d. Aisch", "09575153", 1},
		{"Neustadt, Coburg", "09473151", 1},
		{"St. Peter-Ording", "01054113", 1},
		{"Stadt Wehlen", "14628370", 1},
		{"Hansestadt Lübeck", "01003000", 1},
		{"Luebeck", "01003000", 1},
		{"Wittenberg", "15091375", 1},
		{"Greussen", "16065089", 1},
		{"Großenehrich", "16065089", 1}, // merged into Greußen on 1.1.2021
		{"16065084", "16065089", 1},
		{"Berlin", "11000000", 1},
		{"Cottbus", "12052000", 1},
		{"Munich", "09162000", 1},
		{"Schierke", "15085370", 1},       // a village of Wernigerode
		{"Berlin Mitte", "11000000", 1},   // a place and a part of it
		{"Hamburg Rissen", "02000000", 1}, // likewise
		{"Cologne", "05315000", 1},
		{"Koeln", "05315000", 1},
		{"Кельн", "05315000", 1}, // Russian, Ukrainian
		{"Кёльн", "05315000", 1}, // with ё
		{"Münih", "09162000", 1}, // Turkish
		{"ميونخ", "09162000", 1}, // Arabic
		{"Франкфурт-на-Майні", "06412000", 1},
		{"Oldenburg (Oldb)", "03403000", 1}, // the boundary data's spelling
		{"Garmisch", "09180117", 1},
		{"Eisenach", "16063105", 1},     // in the Wartburgkreis since 1.7.2021, new key
		{"16056000", "16063105", 1},     // its key of 2021
		{"Hahausen", "03153019", 1},     // merged into Langelsheim
		{"03153006", "03153019", 1},     // likewise, its key of 2021
		{"Uder", "16061119", 1},         // merged with ten neighbours, new key
		{"Berga/Elster", "16076094", 1}, // merged into Berga-Wünschendorf
	}
	for _, tt := range tests {
		got := g.Resolve(tt.query)
		if len(got) < tt.min || got[0].AGS != tt.first {
			t.Errorf("Resolve(%q) = %v, want %s first and at least %d", tt.query, ags(got), tt.first, tt.min)
		}
	}
}

func TestResolveNothing(t *testing.T) {
	g := gazetteer(t)
	for _, q := range []string{"", "   ", "xqzvw", "00000", "99999999", "123456789012", ",", "Stadt", "Nowhere in particular"} {
		if got := g.Resolve(q); got != nil {
			t.Errorf("Resolve(%q) = %v, want nil", q, ags(got))
		}
	}
}

func TestResolveNeustadt(t *testing.T) {
	g := gazetteer(t)
	got := g.Resolve("Neustadt")
	if len(got) < 10 || len(got) > places.MaxCandidates {
		t.Fatalf("Resolve(Neustadt) gave %d candidates, want 10 to %d", len(got), places.MaxCandidates)
	}
	lands := map[string]bool{}
	for i, p := range got {
		if !strings.HasPrefix(p.Name, "Neustadt") {
			t.Errorf("candidate %q does not start with Neustadt", p.Name)
		}
		if p.District == "" || p.Land == "" {
			t.Errorf("candidate %s: district %q, Land %q, want both", p.AGS, p.District, p.Land)
		}
		if i > 0 && got[i-1].Population < p.Population {
			t.Errorf("candidate %d (%d inhabitants) before a larger one (%d)", i-1, got[i-1].Population, p.Population)
		}
		lands[p.Land] = true
	}
	if len(lands) < 5 {
		t.Errorf("candidates in %d Länder, want at least 5", len(lands))
	}
}

func TestSharedPostcode(t *testing.T) {
	g := gazetteer(t)
	got := g.Resolve("07607")
	if len(got) < 2 {
		t.Fatalf("Resolve(07607) = %v, want several municipalities", ags(got))
	}
	for _, p := range got {
		if !slices.Contains(p.Postcodes, "07607") {
			t.Errorf("%s %q: postcodes %v lack 07607", p.AGS, p.Name, p.Postcodes)
		}
	}
	// Every postcode of a place gives the place back.
	for _, p := range g.All()[:500] {
		for _, c := range p.Postcodes {
			if !slices.Contains(ags(g.Resolve(c)), p.AGS) {
				t.Errorf("Resolve(%q) lacks %s %q", c, p.AGS, p.Name)
			}
		}
	}
}

func TestPlaceFields(t *testing.T) {
	g := gazetteer(t)
	tests := []struct {
		ars                               string
		name, district, association, land string
	}{
		{"160745052018", "Eisenberg, Stadt", "Saale-Holzland-Kreis", "", "Thüringen"},
		{"160745052037", "Hainspitz", "Saale-Holzland-Kreis", "Eisenberg, Stadt", "Thüringen"},
		{"010515163003", "Averlak", "Dithmarschen", "Burg-St. Michaelisdonn", "Schleswig-Holstein"},
		{"091620000000", "München, Landeshauptstadt", "München, Landeshauptstadt", "", "Bayern"},
		// The seat of a Verbandsgemeinde or Amt that bears its name is
		// administered by it too.
		{"073395002006", "Bodenheim", "Mainz-Bingen", "Bodenheim", "Rheinland-Pfalz"},
		{"010585803001", "Achterwehr", "Rendsburg-Eckernförde", "Achterwehr", "Schleswig-Holstein"},
		// A verbandsfreie Gemeinde has no association.
		{"073320025025", "Haßloch", "Bad Dürkheim", "", "Rheinland-Pfalz"},
		// A municipality of 2025 formed by merger, itself the erfüllende
		// Gemeinde of its neighbours.
		{"160615051119", "Uder", "Eichsfeld", "", "Thüringen"},
	}
	for _, tt := range tests {
		p, ok := g.ByARS(tt.ars)
		if !ok {
			t.Errorf("ByARS(%q) not found", tt.ars)
			continue
		}
		if p.Name != tt.name || p.District != tt.district || p.Association != tt.association || p.Land != tt.land {
			t.Errorf("ByARS(%q) = %q, %q, %q, %q; want %q, %q, %q, %q", tt.ars,
				p.Name, p.District, p.Association, p.Land, tt.name, tt.district, tt.association, tt.land)
		}
	}
	// A copy handed out cannot change the gazetteer.
	p, _ := g.ByAGS("16074018")
	p.Postcodes[0] = "00000"
	if q, _ := g.ByAGS("16074018"); q.Postcodes[0] != "07607" {
		t.Errorf("changing a returned place changed the gazetteer: postcode %q", q.Postcodes[0])
	}
}

func TestLocate(t *testing.T) {
	g := gazetteer(t)
	tests := []struct {
		name     string
		lat, lon float64
		want     string // AGS, "" for none
	}{
		{"Eisenberg", 50.9676, 11.9013, "16074018"},
		{"Marienplatz München", 48.1374, 11.5755, "09162000"},
		{"Kiel Rathaus", 54.3233, 10.1228, "01002000"},
		{"Brandenburger Tor", 52.5163, 13.3777, "11000000"},
		{"Köln Dom", 50.9413, 6.9583, "05315000"},
		// Within municipalities merged since the 2021 boundaries: their
		// successors.
		{"Eisenach", 50.977287, 10.322388, "16063105"},
		{"Hahausen", 51.948362, 10.218368, "03153019"},
		{"Passow (Uckermark)", 53.141952, 14.110544, "12073532"},
		{"Paris", 48.8566, 2.3522, ""},
		{"North Sea", 54.5, 6.0, ""},
		{"Baltic Sea", 54.8, 12.5, ""},
		{"Vienna", 48.2082, 16.3738, ""},
		{"NaN", math.NaN(), 11.9, ""},
		{"Inf", 50.9, math.Inf(1), ""},
		{"beyond the pole", 91, 11.9, ""},
	}
	for _, tt := range tests {
		p, ok := g.Locate(tt.lat, tt.lon)
		if tt.want == "" && ok || tt.want != "" && (!ok || p.AGS != tt.want) {
			t.Errorf("Locate(%s: %v, %v) = %s %q, %v; want %q", tt.name, tt.lat, tt.lon, p.AGS, p.Name, ok, tt.want)
		}
	}
}

// TestLocateCentres checks point in polygon against the register's own
// centre points: nearly all lie inside their municipality's boundary
// (the boundaries are generalised, so a few small ones miss).
func TestLocateCentres(t *testing.T) {
	g := gazetteer(t)
	var inside, total int
	for _, p := range g.All() {
		total++
		if q, ok := g.Locate(p.Lat, p.Lon); ok && q.AGS == p.AGS {
			inside++
		}
	}
	share := float64(inside) / float64(total)
	t.Logf("%d of %d centres (%.2f%%) located in their own municipality", inside, total, 100*share)
	if share < 0.99 {
		t.Errorf("%d of %d centres located in their own municipality (%.1f%%), want at least 99%%", inside, total, 100*share)
	}
}

// TestAgainstRegister reads the Destatis registers from the shared data
// folder (skipped where they are absent): every municipality of the 2025
// register is found by its key with its name, and every one of the 2020
// register by its key, by itself or by the one it merged into.
func TestAgainstRegister(t *testing.T) {
	dir := os.Getenv("LOTSE_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data")
	}
	raw, err := os.ReadFile(filepath.Join(dir, "destatis-gv100ad-2025", "GV100AD_30112025.txt"))
	if err != nil {
		t.Skipf("source data not here (set LOTSE_DATA): %v", err)
	}
	g := gazetteer(t)
	var n int
	for _, line := range strings.Split(string(raw), "\n") {
		rs := []rune(line)
		if len(rs) < 150 || string(rs[:2]) != "60" {
			continue
		}
		field := func(from, to int) string { return strings.TrimSpace(string(rs[from-1 : to])) }
		ars := field(11, 15) + field(19, 22) + field(16, 18)
		if field(16, 18) == "999" || field(14, 15) == "00" && field(11, 12) != "02" && field(11, 12) != "11" {
			continue // sea, shared territory: no place
		}
		n++
		p, ok := g.ByARS(ars)
		if !ok {
			t.Errorf("2025 municipality %s %q not found", ars, field(23, 72))
			continue
		}
		switch name := field(23, 72); {
		case len([]rune(name)) == 50: // cut off by the register's field width
			if !strings.HasPrefix(name, p.Name) && !strings.HasPrefix(p.Name, name) {
				t.Errorf("ByARS(%s).Name = %q, want the start of %q", ars, p.Name, name)
			}
		case p.Name != name:
			t.Errorf("ByARS(%s).Name = %q, want %q", ars, p.Name, name)
		}
	}
	if n < 10900 || n != len(g.All()) {
		t.Errorf("read %d municipalities from the 2025 register, the gazetteer has %d; want the same, about 10,950", n, len(g.All()))
	}

	f, err := os.Open(filepath.Join(dir, "destatis-gv-auszug-2020", "AuszugGV4QAktuell.csv"))
	if err != nil {
		t.Skipf("source data not here (set LOTSE_DATA): %v", err)
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	n = 0
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec[0] != "60" || rec[6] == "999" {
			continue
		}
		n++
		key := rec[2] + rec[3] + rec[4] + rec[6]
		if _, ok := g.ByAGS(key); !ok {
			t.Errorf("2020 register municipality %s %q not found", key, rec[7])
		}
	}
	if n < 10900 {
		t.Errorf("read %d municipalities from the 2020 register, want about 11,000", n)
	}
}

func TestConcurrentUse(t *testing.T) {
	g := gazetteer(t)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				if got := g.Resolve([]string{"Eisenberg", "07607", "Muenchn", "16074018"}[(i+w)%4]); len(got) == 0 {
					t.Errorf("Resolve gave nothing")
					return
				}
				if _, ok := g.Locate(50.9676, 11.9013); !ok {
					t.Errorf("Locate gave nothing")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func FuzzResolve(f *testing.F) {
	g := gazetteer(f)
	for _, s := range []string{"07607", "Muenchen", "Neustadt, Coburg", "07607 Eisenberg", "160745052018", "Bad", "ä,ö,ü", "\xff\xfe", "Saint-Étienne/Łódź (x)", strings.Repeat("a", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		got := g.Resolve(q)
		if len(got) > places.MaxCandidates {
			t.Errorf("Resolve(%q) gave %d candidates, want at most %d", q, len(got), places.MaxCandidates)
		}
		for _, p := range got {
			if len(p.AGS) != 8 {
				t.Errorf("Resolve(%q) gave AGS %q", q, p.AGS)
			}
		}
	})
}

func FuzzLocate(f *testing.F) {
	g := gazetteer(f)
	for _, pt := range [][2]float64{{50.9676, 11.9013}, {48.8566, 2.3522}, {math.NaN(), 0}, {0, math.Inf(-1)}, {1e300, -1e300}, {math.Copysign(0, -1), 5e-324}, {47.27, 5.86}, {55.06, 15.04}} {
		f.Add(pt[0], pt[1])
	}
	f.Fuzz(func(t *testing.T, lat, lon float64) {
		p, ok := g.Locate(lat, lon)
		if ok && (len(p.AGS) != 8 || lat < 47 || lat > 56 || lon < 5 || lon > 16) {
			t.Errorf("Locate(%v, %v) = %q, %v", lat, lon, p.AGS, ok)
		}
	})
}
