package locales

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
)

// Unit is one translatable text: Key says where it is
// ("locales:main.welcome", "catalog:services/wohngeld.yaml:name") and
// Texts holds it by language code, the German source among them.
type Unit struct {
	Key   string
	Texts map[string]string
}

// Hash returns the hash a translation records of its German source:
// "sha1-" and the first 16 hex digits of the source's SHA-1, as goi18n
// records the hash of a message's source (shortened).
func Hash(source string) string {
	sum := sha1.Sum([]byte(source))
	return "sha1-" + hex.EncodeToString(sum[:8])
}

// Sums are the hashes of the sources that one language's translations
// were made from, by unit key. <code>/translations.sum keeps them, one
// line "<hash> <key>" per translation, sorted by key.
type Sums map[string]string

// sumFile is the name of a language's sum file.
func sumFile(code string) string { return code + "/translations.sum" }

// SumFile returns the path of a language's sum file in the repository.
func SumFile(code string) string { return "locales/" + sumFile(code) }

// ReadSums reads the sum file of a language from fsys; a language without
// one has no sums.
func ReadSums(fsys fs.FS, code string) (Sums, error) {
	data, err := fs.ReadFile(fsys, sumFile(code))
	if errors.Is(err, fs.ErrNotExist) {
		return Sums{}, nil
	}
	if err != nil {
		return nil, err
	}
	sums := Sums{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		hash, key, ok := strings.Cut(line, " ")
		if !ok || !strings.HasPrefix(hash, "sha1-") {
			return nil, fmt.Errorf("%s:%d: want \"<hash> <key>\"", sumFile(code), n)
		}
		sums[key] = hash
	}
	return sums, sc.Err()
}

// Format writes the sums as a sum file.
func (s Sums) Format(code string) []byte {
	keys := make([]string, 0, len(s))
	for k := range s {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	fmt.Fprintf(&b, "# The hashes of the German sources the %s translations were made from\n", code)
	fmt.Fprintf(&b, "# (see locales.Hash). lotse lint reports a translation whose source has\n")
	fmt.Fprintf(&b, "# changed since; once it is updated, `lotse lint -accept %s` records it.\n", code)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s %s\n", s[k], k)
	}
	return b.Bytes()
}

// Accept returns the sums that record the current German source of every
// translation into code in units.
func Accept(units []Unit, code string) Sums {
	sums := Sums{}
	for _, u := range units {
		if u.Texts[code] != "" && u.Texts[Source] != "" {
			sums[u.Key] = Hash(u.Texts[Source])
		}
	}
	return sums
}

// CheckTranslations reports the translations into code, among units, that
// are stale: their German source has changed since they were made (its
// hash is not the one sums record), or sums record none. Missing
// translations are reported by the lints of the texts' owners (Lint,
// catalog.Lint).
func CheckTranslations(units []Unit, code string, sums Sums) []Problem {
	var problems []Problem
	for _, u := range units {
		src, tr := u.Texts[Source], u.Texts[code]
		if src == "" || tr == "" {
			continue
		}
		switch recorded, ok := sums[u.Key]; {
		case !ok:
			problems = append(problems, Problem{sumFile(code), 0, fmt.Sprintf("%s: the %s translation records no source; check it against the German and run lotse lint -accept %s", u.Key, code, code)})
		case recorded != Hash(src):
			problems = append(problems, Problem{sumFile(code), 0, fmt.Sprintf("%s: the %s translation is stale: the German source changed since it was made; update it and run lotse lint -accept %s", u.Key, code, code)})
		}
	}
	return problems
}

// MessageUnits returns the messages of the message files in fsys as
// translatable units, keyed "locales:<id>". A plural message is its forms,
// one "<form>: <text>" line each.
func MessageUnits(fsys fs.FS) ([]Unit, error) {
	reg, err := LoadRegistry(fsys)
	if err != nil {
		return nil, err
	}
	byID := map[string]map[string]string{}
	for _, code := range reg.Codes() {
		data, err := fs.ReadFile(fsys, messageFile(code))
		if err != nil {
			return nil, err
		}
		var msgs map[string]any
		if err := toml.Unmarshal(data, &msgs); err != nil {
			return nil, fmt.Errorf("%s: %w", messageFile(code), err)
		}
		for id, v := range msgs {
			if byID[id] == nil {
				byID[id] = map[string]string{}
			}
			byID[id][code] = messageText(v)
		}
	}
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	units := make([]Unit, len(ids))
	for i, id := range ids {
		units[i] = Unit{Key: "locales:" + id, Texts: byID[id]}
	}
	return units, nil
}

// messageText is the text of a message, a string or a table of plural
// forms, as one string.
func messageText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		forms := make([]string, 0, len(v))
		for form, text := range v {
			if s, ok := text.(string); ok && form != "hash" && form != "description" {
				forms = append(forms, form+": "+s)
			}
		}
		sort.Strings(forms)
		return strings.Join(forms, "\n")
	}
	return ""
}

// Untranslated returns, for each unit that lacks a text in one of codes,
// "<key>: <code> text missing". The units' owners that lint their texts
// themselves (Lint, catalog.Lint) do not need it.
func Untranslated(units []Unit, codes []string) []string {
	var out []string
	for _, u := range units {
		for _, code := range codes {
			if strings.TrimSpace(u.Texts[code]) == "" {
				out = append(out, fmt.Sprintf("%s: %s text missing", u.Key, code))
			}
		}
	}
	return out
}
