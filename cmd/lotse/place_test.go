package main

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestCmdPlaceJSON(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		first string // AGS
		min   int
	}{
		{"postcode", []string{"--json", "07607"}, "16074018", 2},
		{"name", []string{"--json", "Muenchen"}, "09162000", 1},
		{"name in two words", []string{"--json", "Neustadt", "an", "der", "Aisch"}, "09575153", 1},
		{"point", []string{"--json", "--lat", "50.9676", "--lon", "11.9013"}, "16074018", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, err := runCmd(t, cmdPlace, tt.args...)
			if err != nil {
				t.Fatalf("cmdPlace(%q): %v (stderr %q)", tt.args, err, stderr)
			}
			var got []map[string]any
			if err := json.Unmarshal([]byte(stdout), &got); err != nil {
				t.Fatalf("decode %q: %v", stdout, err)
			}
			if len(got) < tt.min || got[0]["ags"] != tt.first {
				t.Fatalf("got %d candidates, first %v; want at least %d, first %s", len(got), got[0]["ags"], tt.min, tt.first)
			}
			for _, key := range []string{"ags", "ars", "name", "district", "land", "postcodes"} {
				if _, ok := got[0][key]; !ok {
					t.Errorf("first candidate got keys %v, want %q among them", got[0], key)
				}
			}
		})
	}
}

func TestCmdPlaceText(t *testing.T) {
	stdout, _, err := runCmd(t, cmdPlace, "Hainspitz")
	if err != nil {
		t.Fatalf("cmdPlace: %v", err)
	}
	for _, want := range []string{"16074037", "160745052037", "Hainspitz", "Saale-Holzland-Kreis", "Thüringen", "Eisenberg, Stadt", "07607"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output %q lacks %q", stdout, want)
		}
	}
}

func TestCmdPlaceErrors(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		noPlace bool
	}{
		{"no query", nil, false},
		{"lat without lon", []string{"--lat", "50"}, false},
		{"query and point", []string{"--lat", "50", "--lon", "11", "Jena"}, false},
		{"unknown name", []string{"Xqzvwplatz"}, true},
		{"Paris", []string{"--lat", "48.8566", "--lon", "2.3522"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCmd(t, cmdPlace, tt.args...)
			if err == nil {
				t.Fatalf("cmdPlace(%q) = nil, want an error", tt.args)
			}
			if got := errors.Is(err, errNoPlace); got != tt.noPlace {
				t.Errorf("cmdPlace(%q) = %v; errors.Is(errNoPlace) got %v, want %v", tt.args, err, got, tt.noPlace)
			}
		})
	}
}
