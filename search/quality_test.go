package search_test

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/search"
)

// minTop3 is the share of queries whose expected service must be among the
// first three hits.
const minTop3 = 0.90

// query is one line of testdata/queries.tsv.
type query struct {
	lang, text, want, section string
	line                      int
}

func readQueries(t testing.TB) []query { return readQueryFile(t, "testdata/queries.tsv") }

func readQueryFile(t testing.TB, name string) []query {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("open queries: %v", err)
	}
	defer f.Close()
	var qs []query
	sc := bufio.NewScanner(f)
	section := ""
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if name, ok := strings.CutPrefix(line, "#section "); ok {
			section = strings.TrimSpace(name)
			continue
		}
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 {
			t.Fatalf("%s:%d: got %d columns, want 3", name, n, len(cols))
		}
		qs = append(qs, query{lang: cols[0], text: cols[1], want: cols[2], section: section, line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read queries: %v", err)
	}
	return qs
}

func realCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	c, err := catalog.Load()
	if err != nil {
		t.Fatalf("load catalog: %v", err)
	}
	return c
}

// noHit in the third column of queries.tsv wants no hits.
const noHit = "-"

// TestQuality runs the queries of testdata/queries.tsv against the real
// catalog. A query whose expected service is not written yet is skipped.
// A query that wants no hits counts as right at top 1 and top 3 if it gets
// none.
func TestQuality(t *testing.T) {
	c := realCatalog(t)
	ix := search.New(c)
	var r report
	total := &r.total
	for _, q := range readQueries(t) {
		if _, ok := c.Service(q.want); !ok && q.want != noHit {
			total.skipped++
			t.Logf("queries.tsv:%d: skip %q: %s is not in the catalog yet", q.line, q.text, q.want)
			continue
		}
		got := ids(ix.Search(q.text, q.lang, 3))
		var top1, top3 bool
		switch {
		case q.want == noHit:
			top1, top3 = len(got) == 0, len(got) == 0
			if !top1 {
				t.Logf("queries.tsv:%d: %q (%s): got %v, want no hits", q.line, q.text, q.lang, got)
			}
		case len(got) > 0 && got[0] == q.want:
			top1, top3 = true, true
		case slices.Contains(got, q.want):
			top3 = true
			t.Logf("queries.tsv:%d: %q (%s): got %v, want %s first", q.line, q.text, q.lang, got, q.want)
		default:
			t.Logf("queries.tsv:%d: %q (%s): got %v, want %s among the first three", q.line, q.text, q.lang, got, q.want)
		}
		r.add(q.section, top1, top3)
	}
	if total.evaluated == 0 {
		t.Skipf("none of the %d expected services is in the catalog yet", total.skipped)
	}
	r.log(t)
	if share := total.share(total.top3); share < minTop3 {
		t.Errorf("top-3 accuracy got %.1f %%, want at least %.0f %%", 100*share, 100*minTop3)
	}
}

// report counts the right answers of a set of queries in all and by
// section.
type report struct {
	total     accuracy
	bySection map[string]*accuracy
	sections  []string // in the order they came
}

func (r *report) add(section string, top1, top3 bool) {
	sec, ok := r.bySection[section]
	if !ok {
		if r.bySection == nil {
			r.bySection = map[string]*accuracy{}
		}
		sec = &accuracy{}
		r.bySection[section] = sec
		r.sections = append(r.sections, section)
	}
	sec.add(top1, top3)
	r.total.add(top1, top3)
}

func (r *report) log(t *testing.T) {
	t.Helper()
	for _, name := range r.sections {
		t.Logf("section %-12s %s", name, r.bySection[name])
	}
	t.Logf("all                  %s; %d skipped", &r.total, r.total.skipped)
}

// accuracy counts the queries that found the expected service first and
// among the first three.
type accuracy struct {
	evaluated, top1, top3, skipped int
}

func (a *accuracy) add(top1, top3 bool) {
	a.evaluated++
	if top1 {
		a.top1++
	}
	if top3 {
		a.top3++
	}
}

// addHits counts the hits got of a query that wants the service want.
func (a *accuracy) addHits(got []string, want string) {
	a.add(len(got) > 0 && got[0] == want, slices.Contains(got, want))
}

func (a *accuracy) share(n int) float64 { return float64(n) / float64(a.evaluated) }

func (a *accuracy) String() string {
	return fmt.Sprintf("%3d queries: top-1 %3d (%5.1f %%), top-3 %3d (%5.1f %%)",
		a.evaluated, a.top1, 100*a.share(a.top1), a.top3, 100*a.share(a.top3))
}

// minOwnWords is the share of names that must find their own service first,
// and of synonyms that must find it among the first three.
const minOwnWords = 0.95

// TestQualityOwnWords searches for each service's names and synonyms in the
// real catalog. A synonym may be shared by several services, so it only
// needs its service among the first three.
func TestQualityOwnWords(t *testing.T) {
	c := realCatalog(t)
	ix := search.New(c)
	var names, synonyms accuracy
	for _, s := range c.Services() {
		for _, lang := range catalog.Languages() {
			got := ids(ix.Search(s.Name.In(lang), lang, 3))
			names.addHits(got, s.ID)
			if len(got) == 0 || got[0] != s.ID {
				t.Logf("name %q (%s): got %v, want %s first", s.Name.In(lang), lang, got, s.ID)
			}
			for _, syn := range s.Synonyms.In(lang) {
				got := ids(ix.Search(syn, lang, 3))
				synonyms.addHits(got, s.ID)
				if !slices.Contains(got, s.ID) {
					t.Logf("synonym %q (%s): got %v, want %s among the first three", syn, lang, got, s.ID)
				}
			}
		}
	}
	if names.evaluated == 0 {
		t.Skip("the catalog has no services yet")
	}
	t.Logf("names    %s", &names)
	t.Logf("synonyms %s", &synonyms)
	if share := names.share(names.top1); share < minOwnWords {
		t.Errorf("names found first got %.1f %%, want at least %.0f %%", 100*share, 100*minOwnWords)
	}
	if share := synonyms.share(synonyms.top3); share < minOwnWords {
		t.Errorf("synonyms found among the first three got %.1f %%, want at least %.0f %%", 100*share, 100*minOwnWords)
	}
}

// minTypos is the share of misspelt one-word synonyms that must find their
// service among the first three.
const minTypos = 0.90

// TestQualityTypos misspells each German one-word synonym of eight or more
// letters once (a letter dropped, replaced, swapped with the next or an
// "e" added, chosen by a seeded random source) and searches for it.
func TestQualityTypos(t *testing.T) {
	c := realCatalog(t)
	ix := search.New(c)
	r := rand.New(rand.NewPCG(1, 2))
	var acc accuracy
	for _, s := range c.Services() {
		for _, syn := range s.Synonyms["de"] {
			w := []rune(strings.ToLower(syn))
			if strings.ContainsAny(syn, " -") || len(w) < 8 {
				continue
			}
			i := 1 + r.IntN(len(w)-2)
			switch r.IntN(4) {
			case 0:
				w = slices.Delete(w, i, i+1)
			case 1:
				w[i] = 'x'
			case 2:
				w[i], w[i+1] = w[i+1], w[i]
			default:
				w = slices.Insert(w, i, 'e')
			}
			got := ids(ix.Search(string(w), "de", 3))
			acc.addHits(got, s.ID)
			if !slices.Contains(got, s.ID) {
				t.Logf("%q (for %q): got %v, want %s among the first three", string(w), syn, got, s.ID)
			}
		}
	}
	if acc.evaluated == 0 {
		t.Skip("the catalog has no one-word synonyms yet")
	}
	t.Logf("misspelt synonyms %s", &acc)
	if share := acc.share(acc.top3); share < minTypos {
		t.Errorf("misspelt synonyms found among the first three got %.1f %%, want at least %.0f %%", 100*share, 100*minTypos)
	}
}
