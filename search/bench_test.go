package search_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lotse-de/lotse/search"
)

// benchQueries are the queries of testdata/queries.tsv plus some that find
// nothing and some long ones, as a mix of what people send.
func benchQueries(b testing.TB) []string {
	b.Helper()
	var qs []string
	for _, q := range readQueries(b) {
		qs = append(qs, q.text)
	}
	return append(qs,
		"asdfghjkl", "Pizza bestellen", "🙂🙂", "<script>alert(1)</script>",
		"Hallo, ich bin letzte Woche umgezogen und weiß nicht, was ich jetzt alles ummelden muss: Wohnung, Auto, Hund?",
		"My wife and I moved to Germany from Brazil last month and we need to register our address and get a tax ID",
		strings.Repeat("Ich möchte meinen Hund anmelden und brauche einen Termin. ", 70)[:4000],
		strings.Repeat("مرحبا كيف حالك ", 270)[:4000],
	)
}

func BenchmarkNew(b *testing.B) {
	c := realCatalog(b)
	b.ReportMetric(float64(len(c.Services())), "services")
	for b.Loop() {
		search.New(c)
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := search.New(realCatalog(b))
	qs := benchQueries(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		ix.Search(qs[i%len(qs)], "de", 5)
		i++
	}
}

// BenchmarkSearchLatency runs each query of the mix b.N times and reports
// the 50th, 99th percentile and the worst latency of a single search.
func BenchmarkSearchLatency(b *testing.B) {
	ix := search.New(realCatalog(b))
	qs := benchQueries(b)
	var took []time.Duration
	for b.Loop() {
		for _, q := range qs {
			start := time.Now()
			ix.Search(q, "de", 5)
			took = append(took, time.Since(start))
		}
	}
	slices.Sort(took)
	at := func(p float64) float64 { return float64(took[int(p*float64(len(took)-1))].Nanoseconds()) }
	b.ReportMetric(at(0.50), "p50-ns")
	b.ReportMetric(at(0.99), "p99-ns")
	b.ReportMetric(at(1), "max-ns")
}
