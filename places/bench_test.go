package places_test

import (
	"runtime"
	"testing"

	"github.com/lotse-de/lotse/places"
)

// BenchmarkLoad measures Load and reports the heap it keeps (MB) besides
// -benchmem's allocation figures.
func BenchmarkLoad(b *testing.B) {
	var kept []*places.Gazetteer
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for b.Loop() {
		g, err := places.Load()
		if err != nil {
			b.Fatal(err)
		}
		if len(kept) == 0 {
			kept = append(kept, g)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "heap-MB")
	runtime.KeepAlive(kept)
}

func benchResolve(b *testing.B, queries []string) {
	g := gazetteer(b)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if g.Resolve(queries[i%len(queries)]) == nil {
			b.Fatalf("Resolve(%q) = nil", queries[i%len(queries)])
		}
		i++
	}
}

func BenchmarkResolveName(b *testing.B) {
	benchResolve(b, []string{"Eisenberg", "München", "Muenchen", "Neustadt", "Frankfurt", "Halle (Saale)", "Stadt Jena", "Sankt Peter-Ording", "Bad Salzungen", "Hainspitz"})
}

func BenchmarkResolveTypo(b *testing.B) {
	benchResolve(b, []string{"Muenchn", "Eisenbreg", "Frankfrut", "Hainspiz", "Neustatt", "Neustadt an der Weinstrase", "Garmisch-Partenkirschen"})
}

func BenchmarkResolvePostcode(b *testing.B) {
	benchResolve(b, []string{"07607", "80331", "10115", "99718", "24937", "01067"})
}

func BenchmarkResolveKey(b *testing.B) {
	benchResolve(b, []string{"16074018", "160745052018", "09162000", "091620000000", "01001000"})
}

func BenchmarkLocate(b *testing.B) {
	g := gazetteer(b)
	all := g.All()
	pts := make([][2]float64, 0, 1000)
	for i := 0; i < len(all); i += len(all) / 1000 {
		pts = append(pts, [2]float64{all[i].Lat, all[i].Lon})
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		pt := pts[i%len(pts)]
		g.Locate(pt[0], pt[1])
		i++
	}
}

// BenchmarkResolveMiss measures the slowest path: a long name that
// matches nothing, so the two-typo scan runs over every name.
func BenchmarkResolveMiss(b *testing.B) {
	g := gazetteer(b)
	queries := []string{"Qwertzuiopasdf", "Lorem ipsum dolor sit amet", "Xylophonhausen"}
	i := 0
	for b.Loop() {
		if got := g.Resolve(queries[i%len(queries)]); got != nil {
			b.Fatalf("Resolve(%q) = %v", queries[i%len(queries)], got)
		}
		i++
	}
}
