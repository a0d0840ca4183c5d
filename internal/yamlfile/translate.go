package yamlfile

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"slices"

	"go.yaml.in/yaml/v3"
)

// SourceLang is the key of the source text in a language map.
const SourceLang = "de"

// Translations are the translations of a folder of data files: by
// language code, a file system in the folder's layout whose files are
// overlays (see Overlay) of the files of the same name. A file without
// an overlay in a language has no texts in it.
type Translations map[string]fs.FS

// Overlay adds the texts of the overlay ov, written in the language code,
// to the node tree src of a data file. A text of a data file is a
// language map, a mapping whose keys are language codes, the source
// language "de" among them ({de: "Wohngeld"}). The overlay has the file's
// shape with the plain text in each place of a language map (a string, or
// a list of strings for a list): it becomes the map's entry code. Items of
// a sequence are matched by their id where they have one, else by their
// position; an item without texts may be written {}. Overlay fails on a
// text of ov that src has no language map for, naming the overlay's line.
func Overlay(src, ov *yaml.Node, code string) error {
	return overlay(src, ov, code, "")
}

func overlay(src, ov *yaml.Node, code, at string) error {
	if src.Kind == yaml.DocumentNode && ov.Kind == yaml.DocumentNode {
		if len(src.Content) == 0 || len(ov.Content) == 0 {
			return nil
		}
		return overlay(src.Content[0], ov.Content[0], code, at)
	}
	if isLangMap(src) {
		if !isText(ov) {
			return fmt.Errorf("line %d: %s: want a text or a list of texts", ov.Line, at)
		}
		setEntry(src, code, ov)
		return nil
	}
	switch {
	case src.Kind == yaml.MappingNode && ov.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(ov.Content); i += 2 {
			key, val := ov.Content[i], ov.Content[i+1]
			_, sv := Entry(src, key.Value)
			switch {
			case sv == nil:
				return fmt.Errorf("line %d: %s: the source has no such field", key.Line, join(at, key.Value))
			case key.Value == "id" && val.Value == sv.Value:
				continue // names the item
			}
			if err := overlay(sv, val, code, join(at, key.Value)); err != nil {
				return err
			}
		}
		return nil
	case src.Kind == yaml.SequenceNode && ov.Kind == yaml.SequenceNode:
		for i, item := range ov.Content {
			var match *yaml.Node
			if _, id := Entry(item, "id"); id != nil {
				match = itemWithID(src, id.Value)
				if match == nil {
					return fmt.Errorf("line %d: %s: the source has no item with id %q", item.Line, at, id.Value)
				}
			} else if i < len(src.Content) {
				match = src.Content[i]
			} else {
				return fmt.Errorf("line %d: %s: the source has %d items", item.Line, at, len(src.Content))
			}
			if err := overlay(match, item, code, fmt.Sprintf("%s[%d]", at, i)); err != nil {
				return err
			}
		}
		return nil
	case ov.Kind == yaml.MappingNode && len(ov.Content) == 0:
		return nil // {}: an item without texts
	}
	return fmt.Errorf("line %d: %s: not a text of the source", ov.Line, at)
}

// isLangMap reports whether n is a language map: a mapping with the
// source language among its keys and texts as its values.
func isLangMap(n *yaml.Node) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	source := false
	for i := 0; i+1 < len(n.Content); i += 2 {
		if !isText(n.Content[i+1]) {
			return false
		}
		source = source || n.Content[i].Value == SourceLang
	}
	return source
}

// isText reports whether n is a string or a list of strings.
func isText(n *yaml.Node) bool {
	switch n.Kind {
	case yaml.ScalarNode:
		return n.Tag == "!!str" || n.Tag == ""
	case yaml.SequenceNode:
		for _, item := range n.Content {
			if item.Kind != yaml.ScalarNode {
				return false
			}
		}
		return true
	}
	return false
}

// setEntry sets key of the mapping m to v.
func setEntry(m *yaml.Node, key string, v *yaml.Node) {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			m.Content[i+1] = v
			return
		}
	}
	m.Content = append(m.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v)
}

// Entry returns the key and value nodes of key in the mapping n, or nils
// when n is no mapping or lacks the key.
func Entry(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// itemWithID returns the item of the sequence seq whose id is id.
func itemWithID(seq *yaml.Node, id string) *yaml.Node {
	for _, item := range seq.Content {
		if _, v := Entry(item, "id"); v != nil && v.Value == id {
			return item
		}
	}
	return nil
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

// Translate adds to the node tree doc of the file name the texts of its
// overlay in each language of tr, in the order of the codes. Its errors
// name the language and the file.
func Translate(doc *yaml.Node, name string, tr Translations) error {
	for _, code := range slices.Sorted(maps.Keys(tr)) {
		b, err := fs.ReadFile(tr[code], name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		var ov yaml.Node
		if err := yaml.Unmarshal(b, &ov); err != nil {
			return fmt.Errorf("%s translation of %s: %w", code, name, err)
		}
		if err := Overlay(doc, &ov, code); err != nil {
			return fmt.Errorf("%s translation of %s: %w", code, name, err)
		}
	}
	return nil
}

// DecodeBytes reads b, the contents of the file name, into v as Strict
// does, with the texts of its translations in tr (nil for none) added.
func DecodeBytes(b []byte, name string, tr Translations, v any) error {
	if err := Strict(b, v); err != nil || len(tr) == 0 {
		return err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return err
	}
	if err := Translate(&doc, name, tr); err != nil {
		return err
	}
	reflect.ValueOf(v).Elem().SetZero()
	return doc.Decode(v)
}

// Orphans returns the overlay files of tr that matches pattern (see
// fs.Glob) finds in a language but that have no source file in fsys, as
// "<code>/<name>".
func Orphans(fsys fs.FS, pattern string, tr Translations) ([]string, error) {
	var out []string
	for _, code := range slices.Sorted(maps.Keys(tr)) {
		names, err := fs.Glob(tr[code], pattern)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			if _, err := fs.Stat(fsys, name); err != nil {
				out = append(out, code+"/"+name)
			}
		}
	}
	return out, nil
}
