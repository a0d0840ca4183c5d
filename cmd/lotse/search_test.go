package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCmdSearchJSON(t *testing.T) {
	stdout, stderr, err := runCmd(t, cmdSearch, "--json", "--limit", "3", "--lang", "en", "Sozialhilfe", "beantragen")
	if err != nil {
		t.Fatalf("cmdSearch: %v (stderr %q)", err, stderr)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(stdout), &hits); err != nil {
		t.Fatalf("decode %q: %v", stdout, err)
	}
	if len(hits) == 0 || len(hits) > 3 {
		t.Fatalf("got %d hits, want 1 to 3", len(hits))
	}
	if got := hits[0]["id"]; got != "sozialhilfe" {
		t.Errorf("first hit got id %v, want sozialhilfe", got)
	}
	for _, key := range []string{"id", "name_de", "name_en", "score"} {
		if _, ok := hits[0][key]; !ok {
			t.Errorf("first hit got keys %v, want %q among them", hits[0], key)
		}
	}
}

func TestCmdSearchNoHitsJSON(t *testing.T) {
	stdout, _, err := runCmd(t, cmdSearch, "--json", "asdfghjkl")
	if err != nil {
		t.Fatalf("cmdSearch: %v", err)
	}
	if got := strings.TrimSpace(stdout); got != "[]" {
		t.Errorf("got %q, want []", got)
	}
}

func TestCmdSearchText(t *testing.T) {
	got, _, err := runCmd(t, cmdSearch, "Sozialhilfe")
	if err != nil {
		t.Fatalf("cmdSearch: %v", err)
	}
	if !strings.Contains(got, "sozialhilfe") {
		t.Errorf("got %q, want a line with sozialhilfe", got)
	}
}

func TestCmdSearchBadArgs(t *testing.T) {
	tests := []struct {
		name string
		args []string
	}{
		{"no query", nil},
		{"blank query", []string{"  "}},
		{"unknown language", []string{"--lang", "fr", "Hund"}},
		{"unknown flag", []string{"--colour", "Hund"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := runCmd(t, cmdSearch, tt.args...); err == nil {
				t.Errorf("cmdSearch(%q) got no error, want one", tt.args)
			}
		})
	}
}
