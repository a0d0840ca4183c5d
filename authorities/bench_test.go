package authorities_test

import (
	"testing"

	"github.com/lotse-de/lotse/authorities"
)

// BenchmarkLoad reads the embedded directory: the YAML records and the
// administrations of the Gemeinden.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := authorities.Load(); err != nil {
			b.Fatal(err)
		}
	}
}
