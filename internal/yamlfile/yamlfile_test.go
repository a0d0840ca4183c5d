package yamlfile

import (
	"strings"
	"testing"
	"testing/fstest"
)

type record struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
}

func recordID(r *record) string { return r.ID }

func TestEach(t *testing.T) {
	fsys := fstest.MapFS{
		"dir/b.yaml":   {Data: []byte("id: b\nname: Bee\n")},
		"dir/a.yaml":   {Data: []byte("id: a\nname: Ay\n")},
		"dir/note.txt": {Data: []byte("not yaml: [")},
	}
	var got []string
	err := Each(fsys, "dir/*.yaml", nil, recordID, func(name string, r *record) {
		got = append(got, name+"="+r.Name)
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := "dir/a.yaml=Ay dir/b.yaml=Bee"; strings.Join(got, " ") != want {
		t.Fatalf("got %q, want %q (sorted by name, .txt left out)", got, want)
	}
}

func TestEachErrors(t *testing.T) {
	tests := []struct {
		name, file, data, want string
	}{
		{"unknown field", "dir/a.yaml", "id: a\nnmae: typo\n", `dir/a.yaml: yaml: unmarshal errors:`},
		{"id not the file name", "dir/a.yaml", "id: b\n", `dir/a.yaml: id "b" does not match the file name`},
		{"no id", "dir/a.yaml", "name: Ay\n", `dir/a.yaml: id "" does not match the file name`},
		{"not YAML", "dir/a.yaml", "id: [a\n", `dir/a.yaml: yaml: `},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{tt.file: {Data: []byte(tt.data)}}
			added := 0
			err := Each(fsys, "dir/*.yaml", nil, recordID, func(string, *record) { added++ })
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one beginning %q", err, tt.want)
			}
			if added != 0 {
				t.Fatalf("a file that failed was added")
			}
		})
	}
}

func TestDecode(t *testing.T) {
	fsys := fstest.MapFS{"one.yaml": {Data: []byte("id: x\nname: Ex\n")}}
	var r record
	if err := Decode(fsys, "one.yaml", nil, &r); err != nil || r != (record{ID: "x", Name: "Ex"}) {
		t.Fatalf("got %+v, %v", r, err)
	}
	if err := Decode(fsys, "missing.yaml", nil, &r); err == nil {
		t.Fatal("a missing file decoded")
	}
	if err := Strict([]byte("id: x\nextra: 1\n"), &r); err == nil || !strings.Contains(err.Error(), "extra") {
		t.Fatalf("Strict on an unknown field: got %v", err)
	}
}
