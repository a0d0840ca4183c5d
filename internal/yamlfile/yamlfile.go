// Package yamlfile reads the project's YAML data files the one way they
// are all read: strictly (a field the Go type lacks is an error, so a typo
// in a key never passes silently), with errors that name the file, and,
// for folders of records, one record per file named after its id.
package yamlfile

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Strict decodes the YAML document b into v and fails on a field that v
// does not have.
func Strict(b []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// Decode reads the file name of fsys into v as Strict does, with the
// texts of its translations in tr (nil for none) added; its errors begin
// with the file's name.
func Decode(fsys fs.FS, name string, tr Translations, v any) error {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return err
	}
	if err := DecodeBytes(b, name, tr, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// Each decodes every file of fsys that matches pattern (see fs.Glob), in
// the order of their names, into a T of its own as Decode does (with
// the texts of tr), checks
// that the T's id (as id returns it) is the file's name without ".yaml",
// which also keeps ids unique, and passes it to add with the file's
// name. It stops at the first error.
func Each[T any](fsys fs.FS, pattern string, tr Translations, id func(*T) string, add func(name string, v *T)) error {
	names, err := fs.Glob(fsys, pattern)
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		v := new(T)
		if err := Decode(fsys, name, tr, v); err != nil {
			return err
		}
		if want := strings.TrimSuffix(path.Base(name), ".yaml"); id(v) != want {
			return fmt.Errorf("%s: id %q does not match the file name", name, id(v))
		}
		add(name, v)
	}
	return nil
}
