package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestCmdSearchJSON(t *testing.T) {
	var stdout, stderr bytes.Buffer
	err := cmdSearch(context.Background(), []string{"--json", "--limit", "3", "--lang", "en", "Sozialhilfe", "beantragen"}, nil, &stdout, &stderr)
	if err != nil {
		t.Fatalf("cmdSearch: %v (stderr %q)", err, stderr.String())
	}
	var hits []map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &hits); err != nil {
		t.Fatalf("decode %q: %v", stdout.String(), err)
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
	var stdout, stderr bytes.Buffer
	if err := cmdSearch(context.Background(), []string{"--json", "asdfghjkl"}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("cmdSearch: %v", err)
	}
	if got := strings.TrimSpace(stdout.String()); got != "[]" {
		t.Errorf("got %q, want []", got)
	}
}

func TestCmdSearchText(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := cmdSearch(context.Background(), []string{"Sozialhilfe"}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("cmdSearch: %v", err)
	}
	if got := stdout.String(); !strings.Contains(got, "sozialhilfe") {
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
			var stdout, stderr bytes.Buffer
			if err := cmdSearch(context.Background(), tt.args, nil, &stdout, &stderr); err == nil {
				t.Errorf("cmdSearch(%q) got no error, want one", tt.args)
			}
		})
	}
}
