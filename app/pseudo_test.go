package app_test

import (
	"bytes"
	"context"
	"io/fs"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/lotse-de/lotse/app"
	"github.com/lotse-de/lotse/authorities"
	"github.com/lotse-de/lotse/catalog"
	"github.com/lotse-de/lotse/dialog"
	"github.com/lotse-de/lotse/flows"
	"github.com/lotse-de/lotse/locales"
	"github.com/lotse-de/lotse/places"
	"github.com/lotse-de/lotse/search"
	"github.com/lotse-de/lotse/store/memory"
)

// pseudoEntry is the registry entry of the pseudo-locale: German in
// brackets, with English plural rules.
const pseudoEntry = `
[[language]]
code = "qps"
name = "[Pseudo]"
plural = "en"
direction = "ltr"
date = "[2006-01-02]"
time = "[15.04]"
decimal = "·"
group = "'"
analyzer = "german"
commands = ["start", "place", "help"]
`

// pseudo wraps a text in brackets.
func pseudo(s string) string { return "[" + s + "]" }

// TestPseudoLocale adds a language as data only, one registry entry and
// its files written here from the German ones (every text in brackets),
// and plays a whole conversation in it: no text of the German source may
// come through unbracketed.
func TestPseudoLocale(t *testing.T) {
	locFS := pseudoLocales(t)
	msgs, err := locales.LoadFS(locFS)
	if err != nil {
		t.Fatal(err)
	}
	if problems := locales.LintFS(locFS); len(problems) > 0 {
		t.Fatalf("the pseudo-locale does not lint: %v", problems)
	}
	// The pseudo-locale's catalog is a folder of its own, as a language's
	// is: qps/catalog/... beside the embedded language folders.
	tr := locales.Translations("catalog")
	tr["qps"] = pseudoCatalog(t)
	cat, err := catalog.LoadFS(os.DirFS("../catalog"), tr)
	if err != nil {
		t.Fatal(err)
	}
	p := &app.Parts{Messages: msgs, Catalog: cat}
	if p.Flows, err = flows.Load(); err != nil {
		t.Fatal(err)
	}
	if p.Index, err = search.NewFor(cat, msgs.Registry()); err != nil {
		t.Fatal(err)
	}
	if p.Places, err = places.Load(); err != nil {
		t.Fatal(err)
	}
	if p.Authorities, err = authorities.Load(); err != nil {
		t.Fatal(err)
	}
	engine, err := dialog.NewEngine(dialog.Config{
		Store: memory.New(), Flows: p.Flows, Catalog: cat, Places: p.Places, Authorities: p.Authorities,
		Search: func(query, lang string) []*catalog.Service {
			var out []*catalog.Service
			for _, h := range p.Index.Search(query, lang, app.SearchLimit) {
				out = append(out, h.Service)
			}
			return out
		},
		Messages: checkedMessages{msgs, t},
	})
	if err != nil {
		t.Fatal(err)
	}
	source := sourceLines(t, cat)

	const chat = 7
	var update int64
	play := func(in dialog.Input) []dialog.Reply {
		t.Helper()
		update++
		in.Chat, in.UpdateID, in.LangHint = chat, update, "de-DE"
		replies, err := engine.Handle(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		return replies
	}
	tap := func(replies []dialog.Reply, label string) []dialog.Reply {
		t.Helper()
		for _, r := range replies {
			for _, c := range r.Choices {
				if c.Label == label {
					return play(dialog.Input{Kind: dialog.KindChoice, Choice: c.Event, Menu: r.Menu})
				}
			}
		}
		t.Fatalf("no choice %q in %+v", label, replies)
		return nil
	}
	cmd := func(name string) []dialog.Reply { return play(dialog.Input{Kind: dialog.KindCommand, Command: name}) }
	text := func(s string) []dialog.Reply { return play(dialog.Input{Kind: dialog.KindText, Text: s}) }

	sozialhilfe, _ := cat.Service("sozialhilfe")
	play(dialog.Input{Kind: dialog.KindCommand, Command: "start"}) // German, the client's language
	var all []dialog.Reply
	r := tap(cmd("language"), "[Pseudo]")
	all = append(all, r...)
	r = text("Eisenberg")
	all = append(all, r...)
	r = tap(r, pseudo("Eisenberg, Stadt (Saale-Holzland-Kreis, Thüringen)"))
	all = append(all, r...)
	r = text("Sozialhilfe")
	all = append(all, r...)
	r = tap(r, pseudo(sozialhilfe.Name["de"]))
	all = append(all, r...)
	for _, section := range []string{"prerequisites", "documents", "costs", "deadlines", "procedure", "forms", "sources"} {
		all = append(all, tap(r, pseudo(msgs.T("de", "main.section."+section, nil)))...)
	}
	r = tap(r, pseudo(msgs.T("de", "main.service.authority", nil)))
	all = append(all, r...)
	all = append(all, cmd("help")...)
	all = append(all, cmd("restart")...)
	r = tap(all[len(all)-1:], pseudo("Geld zum Leben"))
	all = append(all, r...)
	all = append(all, tap(r, pseudo(msgs.T("de", "flow.money.age.pension_age", nil)))...)
	r = cmd("forget")
	all = append(all, r...)
	all = append(all, tap(r, pseudo(msgs.T("de", "main.forget.yes", nil)))...)

	var shown, bracketed int
	check := func(what, s string) {
		if strings.TrimSpace(s) == "" {
			return
		}
		shown++
		if strings.Contains(s, "[") {
			bracketed++
		}
		for _, line := range strings.Split(outsideBrackets(s), "\n") {
			if line = strings.TrimSpace(line); source[line] {
				t.Errorf("%s %q is German source text, not in the pseudo-locale", what, line)
			}
		}
	}
	for _, r := range all {
		if r.Lang != "qps" {
			t.Errorf("reply in %q, want qps: %+v", r.Lang, r)
		}
		for _, b := range r.Blocks {
			check("title", b.Title)
			check("text", b.Text)
			for _, it := range b.Items {
				check("item", it)
			}
		}
		for _, c := range r.Choices {
			if strings.HasPrefix(c.Event, "choose:") {
				continue // the languages' own names
			}
			if !strings.HasPrefix(c.Label, "[") {
				t.Errorf("choice %q (%s) is not in the pseudo-locale", c.Label, c.Event)
			}
		}
	}
	// Office names, their notes on hours, and the titles of sources are
	// data in German, not texts; the rest is the pseudo-locale's.
	if bracketed < shown*3/4 {
		t.Errorf("%d of %d texts shown are bracketed, want most", bracketed, shown)
	}
	t.Logf("%d replies, %d of %d texts bracketed", len(all), bracketed, shown)
	if strings.Contains(dump(all), "<no value>") {
		t.Error("a text shows <no value>")
	}
	if !strings.Contains(dump(all), "Saale-Holzland-Kreis") {
		t.Error("the conversation did not reach the authority card")
	}
}

// checkedMessages fails the test when a message is asked for without a
// value for each placeholder of its German source, which a typo such as
// {{.Qeury}} in a message file would cause ("<no value>" in the text).
type checkedMessages struct {
	*locales.Bundle
	t *testing.T
}

func (m checkedMessages) T(lang, id string, data map[string]any) string {
	for _, name := range m.Placeholders(id) {
		if _, ok := data[name]; !ok {
			m.t.Errorf("message %s has the placeholder {{.%s}}, which the code does not fill (it gives %v)", id, name, slices.Collect(maps.Keys(data)))
		}
	}
	return m.Bundle.T(lang, id, data)
}

// pseudoLocales returns the embedded locale files plus the pseudo-locale:
// its registry entry and active.qps.toml, every German message in brackets.
func pseudoLocales(t *testing.T) fstest.MapFS {
	t.Helper()
	out := fstest.MapFS{}
	err := fs.WalkDir(locales.FS(), ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(locales.FS(), name)
		out[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	out["languages.toml"].Data = append(out["languages.toml"].Data, pseudoEntry...)
	var de map[string]any
	if err := toml.Unmarshal(out["de/active.de.toml"].Data, &de); err != nil {
		t.Fatal(err)
	}
	qps := map[string]any{}
	for id, v := range de {
		switch v := v.(type) {
		case string:
			qps[id] = pseudo(v)
		case map[string]any:
			forms := map[string]any{}
			for form, s := range v {
				forms[form] = pseudo(s.(string))
			}
			qps[id] = forms
		}
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(qps); err != nil {
		t.Fatal(err)
	}
	out["qps/active.qps.toml"] = &fstest.MapFile{Data: b.Bytes()}
	return out
}

// pseudoCatalog returns the pseudo-locale's translation of the catalog:
// for every service and the situations, a file of the same name with the
// German text in brackets in each place of a text (see yamlfile.Overlay).
func pseudoCatalog(t *testing.T) fstest.MapFS {
	t.Helper()
	root := os.DirFS("../catalog")
	out := fstest.MapFS{}
	names, err := fs.Glob(root, "services/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range append(names, "situations.yaml") {
		data, err := fs.ReadFile(root, name)
		if err != nil {
			t.Fatal(err)
		}
		var doc yaml.Node
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		overlay := pseudoOverlay(doc.Content[0])
		if data, err = yaml.Marshal(overlay); err != nil {
			t.Fatal(err)
		}
		out[name] = &fstest.MapFile{Data: data}
	}
	return out
}

// pseudoOverlay returns the overlay of the node tree n: each language map
// ({de: …}) becomes its German text in brackets; items of a list keep
// their id or become {}; other fields are left out.
func pseudoOverlay(n *yaml.Node) *yaml.Node {
	switch n.Kind {
	case yaml.MappingNode:
		if de := mapValue(n, "de"); de != nil {
			v := *de
			if v.Kind == yaml.ScalarNode {
				v.Value = pseudo(v.Value)
				return &v
			}
			items := make([]*yaml.Node, len(v.Content))
			for j, it := range v.Content {
				c := *it
				c.Value = pseudo(c.Value)
				items[j] = &c
			}
			v.Content = items
			return &v
		}
		out := &yaml.Node{Kind: yaml.MappingNode}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Value == "id" {
				out.Content = append(out.Content, k, v)
				continue
			}
			if o := pseudoOverlay(v); o != nil {
				out.Content = append(out.Content, k, o)
			}
		}
		if len(out.Content) == 0 {
			return nil
		}
		return out
	case yaml.SequenceNode:
		out := &yaml.Node{Kind: yaml.SequenceNode}
		texts := false
		for _, item := range n.Content {
			o := pseudoOverlay(item)
			if o == nil || (len(o.Content) == 2 && o.Content[0].Value == "id") {
				if id := mapValue(item, "id"); id != nil {
					o = &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{{Kind: yaml.ScalarNode, Value: "id"}, id}}
				} else {
					o = &yaml.Node{Kind: yaml.MappingNode, Style: yaml.FlowStyle}
				}
			} else {
				texts = true
			}
			out.Content = append(out.Content, o)
		}
		if !texts {
			return nil
		}
		return out
	}
	return nil
}

// mapValue returns the value of key in the mapping n, or nil.
func mapValue(n *yaml.Node, key string) *yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// sourceLines returns the lines of the German texts, messages and
// catalog, that a reply could show.
func sourceLines(t *testing.T, cat *catalog.Catalog) map[string]bool {
	t.Helper()
	units, err := locales.MessageUnits(locales.FS())
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]bool{}
	for _, u := range append(units, cat.Units()...) {
		for _, line := range strings.Split(u.Texts["de"], "\n") {
			if line = strings.TrimSpace(line); len(line) > 3 && !strings.Contains(line, "{{") {
				lines[line] = true
			}
		}
	}
	return lines
}

// outsideBrackets returns s without its bracketed parts.
func outsideBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func dump(replies []dialog.Reply) string {
	var b strings.Builder
	for _, r := range replies {
		for _, bl := range r.Blocks {
			b.WriteString(bl.Title + "\n" + bl.Text + "\n" + strings.Join(bl.Items, "\n") + "\n")
		}
	}
	return b.String()
}
