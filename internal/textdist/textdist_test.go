package textdist_test

import (
	"testing"

	"github.com/lotse-de/lotse/internal/textdist"
)

func TestWithin(t *testing.T) {
	tests := []struct {
		a, b string
		k    int
		want int
	}{
		{"kindergelt", "kindergeld", 2, 1},
		{"persnalausweis", "personalausweis", 2, 1},
		{"hnud", "hund", 1, 1},
		{"hund", "hund", 1, 0},
		{"hund", "katze", 2, -1},
		{"abc", "abcdef", 2, -1},
		{"", "ab", 2, 2},
	}
	var r [3][64]int
	for _, tt := range tests {
		if got := textdist.Within(tt.a, tt.b, tt.k, r[0][:], r[1][:], r[2][:]); got != tt.want {
			t.Errorf("Within(%q, %q, %d) got %d, want %d", tt.a, tt.b, tt.k, got, tt.want)
		}
	}
}
